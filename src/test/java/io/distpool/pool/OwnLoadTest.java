package io.distpool.pool;

import static io.distpool.pool.Hosts.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Our jobs' share of load1, averaged the way the kernel averages: 60 s time constant. */
class OwnLoadTest {
  private static final double E = Math.E;

  @Test
  void noJobsNoLoad() {
    OwnLoad load = new OwnLoad(T0);

    assertThat(load.at(T0.plusSeconds(600))).isZero();
  }

  @Test
  void afterOneTimeConstantTheAverageHasCoveredAllButOneEthOfTheWay() {
    OwnLoad load = new OwnLoad(T0);
    load.set(4, T0);

    assertThat(load.at(T0.plusSeconds(60))).isCloseTo(4 * (1 - 1 / E), within(1e-9));
  }

  @Test
  void approachesTheJobCountAndNeverPassesIt() {
    OwnLoad load = new OwnLoad(T0);
    load.set(4, T0);

    double previous = 0;
    for (int s = 5; s <= 900; s += 5) {
      double now = load.at(T0.plusSeconds(s));
      assertThat(now).isGreaterThan(previous).isLessThanOrEqualTo(4.0);
      previous = now;
    }
    assertThat(previous).isCloseTo(4.0, within(1e-3));
  }

  @Test
  void decaysAfterTheJobsEnd() {
    OwnLoad load = new OwnLoad(T0);
    load.set(4, T0);
    Instant end = T0.plusSeconds(3_600);
    load.set(0, end);

    assertThat(load.at(end.plusSeconds(60))).isCloseTo(4 / E, within(1e-6));
    assertThat(load.at(end.plusSeconds(900))).isCloseTo(0.0, within(1e-3));
  }

  @Test
  void readingOftenGivesWhatReadingOnceGives() {
    OwnLoad often = new OwnLoad(T0);
    OwnLoad once = new OwnLoad(T0);
    often.set(3, T0);
    once.set(3, T0);

    for (int ms = 0; ms <= 45_000; ms += 250) {
      often.at(T0.plusMillis(ms));
    }

    assertThat(often.at(T0.plusSeconds(45))).isCloseTo(once.at(T0.plusSeconds(45)), within(1e-9));
  }

  @Test
  void aClockStepBackwardsChangesNothing() {
    OwnLoad load = new OwnLoad(T0);
    load.set(2, T0);
    double at30 = load.at(T0.plusSeconds(30));

    assertThat(load.at(T0.plusSeconds(10))).isEqualTo(at30);
    assertThat(load.at(T0.plusSeconds(30))).isEqualTo(at30);
  }

  @Test
  void moreJobsMidWayRaiseTheTargetFromWhereTheAverageIs() {
    OwnLoad load = new OwnLoad(T0);
    load.set(2, T0);
    load.set(4, T0.plusSeconds(60));

    double afterFirstMinute = 2 * (1 - 1 / E);
    assertThat(load.at(T0.plusSeconds(120)))
        .isCloseTo(afterFirstMinute / E + 4 * (1 - 1 / E), within(1e-9));
  }
}
