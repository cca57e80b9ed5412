package io.distpool.pool;

import static io.distpool.pool.Hosts.T0;
import static io.distpool.pool.Hosts.host;
import static io.distpool.pool.SchedulingPolicyTest.farm;
import static io.distpool.pool.SchedulingPolicyTest.reachable;
import static io.distpool.pool.SchedulingPolicyTest.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.distpool.inventory.Inventory;
import io.distpool.inventory.LocalSettings;
import io.distpool.probe.Calibration;
import io.distpool.probe.HostReport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Speeds from calibration compiles, put on hosts.yaml's scale, refined by jobs, kept. */
class SpeedMeasurementTest {
  private final SettableClock clock = new SettableClock(T0);
  private final Pool pool = new Pool(clock);

  @Test
  void aCalibratedHostsSpeedIsTheReferenceTimeOverItsTime() {
    farm(pool, host("a", 4));

    pool.calibrated("a", timed(0.25));

    assertThat(view(pool, "a").speed()).isCloseTo(Speeds.REFERENCE_SECONDS / 0.25, within(1e-9));
    assertThat(view(pool, "a").speedSource()).isEqualTo("calibrated");
    assertThat(pool.needsCalibration("a")).isFalse();
  }

  @Test
  void aCompileThatSharedItsCoreWithOtherWorkCountsAsFasterThanItsWallTime() {
    farm(pool, host("a", 1));
    pool.record("a", reachable(HostReport.of(1, 1.0).withRunQueue(1)));

    pool.calibrated("a", timed(1.0)); // half a core: an idle core would have taken 0.5 s

    assertThat(view(pool, "a").speed()).isCloseTo(Speeds.REFERENCE_SECONDS / 0.5, within(1e-9));
  }

  @Test
  void calibratedSpeedsAreOnTheScaleOfTheSpeedsHostsYamlGives() {
    // The user counts "ref" as 4.0; it calibrates at twice the reference speed, so 1 unit = 2.
    farm(pool, host("ref", 4).withSpeed(4.0), host("other", 4));

    pool.calibrated("ref", timed(Speeds.REFERENCE_SECONDS / 2));
    pool.calibrated("other", timed(Speeds.REFERENCE_SECONDS));

    assertThat(view(pool, "ref").speed()).isEqualTo(4.0);
    assertThat(view(pool, "other").speed()).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void finishedJobsRefineACalibrationMoreTheMoreThereAre() {
    farm(pool, host("a", 4).withSpeed(1.0), host("b", 4));
    pool.calibrated("a", timed(Speeds.REFERENCE_SECONDS));
    pool.calibrated("b", timed(Speeds.REFERENCE_SECONDS)); // calibrates like a: 1.0

    double before = view(pool, "b").speed();
    for (int i = 0; i < 10; i++) { // but its jobs finish much faster than a's
      finishOn("a", Duration.ofSeconds(3));
      finishOn("b", Duration.ofMillis(1500));
    }
    double after = view(pool, "b").speed();

    assertThat(before).isCloseTo(1.0, within(1e-9));
    assertThat(after).isGreaterThan(1.5);
    assertThat(view(pool, "b").speedSource()).isEqualTo("calibrated, refined by 10 jobs");
  }

  @Test
  void aFailedCalibrationIsShownAndNotRetriedByItself() {
    farm(pool, host("a", 4));

    pool.calibrated("a", new Calibration.Failed("no C compiler (gcc, cc or clang) on PATH"));

    assertThat(view(pool, "a").calibration()).containsInstanceOf(Calibration.Failed.class);
    assertThat(view(pool, "a").speedSource()).isEqualTo("assumed");
    assertThat(pool.needsCalibration("a")).isFalse();
  }

  @Test
  void aDesktopInUseIsNotCalibratedUntilItsUserLeaves() {
    farm(pool, host("desk", 4).withDesktop(true));
    pool.record(
        "desk", reachable(Hosts.idle(4).withSessions(List.of(Hosts.console(Duration.ZERO)))));

    assertThat(pool.needsCalibration("desk")).isFalse();
  }

  @Test
  void whatWasMeasuredAndLearnedComesBackForTheSameHostAtTheSameAddress() {
    farm(pool, host("a", 4).withSpeed(1.0), host("b", 4), host("moved", 4));
    pool.calibrated("b", timed(0.25));
    pool.calibrated("moved", timed(0.25));
    for (int i = 0; i < 3; i++) {
      finishOn("a", Duration.ofSeconds(3));
    }
    pool.calibratedLocal(timed(1.0));
    SpeedMemory memory = pool.memory();

    Pool restarted = new Pool(clock);
    restarted.remember(memory);
    restarted.apply(
        new Inventory(
            Optional.empty(),
            List.of(
                host("a", 4).withSpeed(1.0),
                host("b", 4),
                io.distpool.inventory.Host.of("moved", "moved.example.com", 22)),
            new LocalSettings(OptionalInt.of(2), OptionalDouble.empty())));

    assertThat(view(restarted, "b").speed()).isCloseTo(2.0, within(1e-9));
    assertThat(restarted.needsCalibration("b")).isFalse();
    assertThat(view(restarted, "moved").speedSource()).isEqualTo("assumed");
    assertThat(restarted.needsCalibration("moved")).isTrue();
    assertThat(restarted.memory().work()).isEqualTo(memory.work());
    assertThat(restarted.status().local().speed()).isCloseTo(0.5, within(1e-9));
    assertThat(restarted.localNeedsCalibration()).isFalse();
  }

  @Test
  void thisMachinesSlotsAreItsCpusUnlessHostsYamlSaysOtherwise() {
    pool.apply(
        new Inventory(
            Optional.empty(),
            List.of(),
            new LocalSettings(OptionalInt.empty(), OptionalDouble.empty())));
    pool.recordLocal(HostReport.of(6, 0.0));
    assertThat(pool.status().local().slots()).isEqualTo(6);

    pool.apply(
        new Inventory(
            Optional.empty(),
            List.of(),
            new LocalSettings(OptionalInt.of(0), OptionalDouble.of(0.5))));
    assertThat(pool.status().local().slots()).isZero();
    assertThat(pool.status().local().speed()).isEqualTo(0.5);
    assertThat(pool.status().local().speedSource()).isEqualTo("hosts.yaml");
  }

  @Test
  void configuredHostsAreCalibratedOnlyToSetTheScaleForMeasuredOnes() {
    pool.apply(
        new Inventory(
            Optional.empty(),
            List.of(host("a", 4).withSpeed(2.0), host("b", 4).withSpeed(1.0)),
            new LocalSettings(OptionalInt.of(0), OptionalDouble.empty())));
    assertThat(pool.needsCalibration("a")).as("every speed is given").isFalse();

    pool.apply(
        new Inventory(
            Optional.empty(),
            List.of(host("a", 4).withSpeed(2.0), host("b", 4)),
            new LocalSettings(OptionalInt.of(0), OptionalDouble.empty())));
    assertThat(pool.needsCalibration("a")).isTrue();

    pool.apply(
        new Inventory(
            Optional.empty(),
            List.of(host("a", 4).withSpeed(2.0), host("b", 4).withSpeed(1.0)),
            new LocalSettings(OptionalInt.empty(), OptionalDouble.empty())));
    assertThat(pool.needsCalibration("a")).as("this machine is measured").isTrue();
  }

  @Test
  void aCalibrationUnderACpuQuotaMeasuresTheCoreNotTheQuota() {
    farm(pool, host("a", 2));
    pool.record("a", reachable(HostReport.of(2, 0.0).withCpuQuota(0.25)));

    pool.calibrated("a", timed(4 * Speeds.REFERENCE_SECONDS)); // a quarter of a reference core

    assertThat(view(pool, "a").speed()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void jobsThatSharedAQuotaTeachTheSpeedOfTheCore() {
    // b's core is as fast as a's, but b may use half of it.
    farm(pool, host("a", 2).withSpeed(1.0), host("b", 1));
    pool.record("a", reachable(HostReport.of(2, 0.0)));
    pool.record("b", reachable(HostReport.of(2, 0.0).withCpuQuota(0.5)));
    for (int i = 0; i < 40; i++) {
      List<Lease> leases = new java.util.ArrayList<>();
      for (int j = 0; j < 3; j++) {
        leases.add(SchedulingPolicyTest.grantedLease(pool.request(JobSpec.any(), Duration.ZERO)));
      }
      for (Lease lease : leases) {
        // 1 s fixed + 2 s of work: alone on a core 3 s; at a half-core share 5 s.
        pool.finished(lease, Duration.ofMillis(lease.host().equals("a") ? 3000 : 5000));
        pool.release(lease);
      }
    }

    assertThat(view(pool, "b").speed()).isCloseTo(1.0, within(0.15));
  }

  private void finishOn(String hostName, Duration held) {
    java.util.List<Lease> others = new java.util.ArrayList<>();
    Lease lease = null;
    while (lease == null) {
      Lease next = SchedulingPolicyTest.grantedLease(pool.request(JobSpec.any(), Duration.ZERO));
      if (next.host().equals(hostName)) {
        lease = next;
      } else {
        others.add(next);
      }
    }
    others.forEach(pool::release);
    pool.finished(lease, held);
    pool.release(lease);
  }

  private static Calibration timed(double seconds) {
    return new Calibration.Timed(seconds, "/usr/bin/gcc", true);
  }
}
