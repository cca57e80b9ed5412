package io.distpool.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
  static final Duration SHORT = Duration.ofSeconds(2);

  @Test
  void failingForwardsWaitLongerEachTimeUpToAMinute() {
    Backoff backoff = new Backoff();
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      waits.add(backoff.after(SHORT).toSeconds());
    }
    assertThat(waits).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
  }

  @Test
  void aForwardThatLivedAMinuteStartsTheWaitsOver() {
    Backoff backoff = new Backoff();
    backoff.after(SHORT);
    backoff.after(SHORT);
    backoff.after(SHORT);

    assertThat(backoff.after(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.after(SHORT)).isEqualTo(Duration.ofSeconds(2));
  }
}
