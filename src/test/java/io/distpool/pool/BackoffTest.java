package io.distpool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffTest {
  final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
  final Backoff backoff = new Backoff();

  @Test
  void aFailureStopsJobsForTenSecondsThenTheHostIsTriedAgain() {
    backoff.failed("distcc exit 116", t0);

    assertThat(backoff.active()).isTrue();
    assertThat(backoff.describe())
        .isEqualTo(
            "jobs failed to reach it (distcc exit 116, 1 in a row); no jobs until"
                + " 2026-01-01T00:00:10Z");
    assertThat(backoff.expire(t0.plusSeconds(9))).isFalse();
    assertThat(backoff.expire(t0.plusSeconds(10))).isTrue();
    assertThat(backoff.active()).isFalse();
  }

  @Test
  void eachFailureAfterARetryDoublesTheWaitUpToFiveMinutes() {
    Instant now = t0;
    long[] waits = new long[8];
    for (int i = 0; i < waits.length; i++) {
      backoff.failed("distcc exit 116", now);
      Instant retry = now;
      while (!backoff.expire(retry)) {
        retry = retry.plusSeconds(1);
      }
      waits[i] = Duration.between(now, retry).toSeconds();
      now = retry;
    }

    assertThat(waits).containsExactly(10, 20, 40, 80, 160, 300, 300, 300);
  }

  @Test
  void jobsThatFailTogetherCountAsOneBackoff() {
    backoff.failed("distcc exit 116", t0);
    backoff.failed("distcc exit 116", t0.plusSeconds(1));
    backoff.failed("distcc exit 107", t0.plusSeconds(2));

    assertThat(backoff.describe()).contains("distcc exit 107, 3 in a row");
    assertThat(backoff.expire(t0.plusSeconds(10))).isTrue();
  }

  @Test
  void aJobThatGotThroughStartsTheNextBackoffFromTheBeginning() {
    backoff.failed("x", t0);
    backoff.expire(t0.plusSeconds(10));
    backoff.failed("x", t0.plusSeconds(10));
    backoff.expire(t0.plusSeconds(30));
    backoff.succeeded();

    backoff.failed("x", t0.plusSeconds(60));

    assertThat(backoff.expire(t0.plusSeconds(69))).isFalse();
    assertThat(backoff.expire(t0.plusSeconds(70))).isTrue();
  }
}
