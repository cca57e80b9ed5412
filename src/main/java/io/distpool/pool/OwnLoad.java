package io.distpool.pool;

import java.time.Duration;
import java.time.Instant;

/**
 * What this daemon's own jobs add to a host's 1-minute load average, computed the way the kernel
 * computes it: an exponential average of the number of running jobs with a 60-second time constant.
 *
 * <p>Subtracting it from the reported load1 gives the load of everyone else without the minute of
 * lag that load1 has after a burst of our jobs starts or ends.
 */
final class OwnLoad {
  private static final double TIME_CONSTANT_SECONDS = 60.0;
  private double average;
  private int running;
  private Instant since;

  OwnLoad(Instant now) {
    this.since = now;
  }

  /** Records that {@code jobs} of ours run on the host from {@code now} on. */
  void set(int jobs, Instant now) {
    advance(now);
    running = jobs;
  }

  double at(Instant now) {
    advance(now);
    return average;
  }

  private void advance(Instant now) {
    double seconds = Math.max(0, Duration.between(since, now).toNanos() / 1e9);
    double decay = Math.exp(-seconds / TIME_CONSTANT_SECONDS);
    average = average * decay + running * (1 - decay);
    if (now.isAfter(since)) {
      since = now;
    }
  }
}
