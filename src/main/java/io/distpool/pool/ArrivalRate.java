package io.distpool.pool;

import java.time.Duration;
import java.time.Instant;

/**
 * How many lease requests arrive per second, as an exponential average over about {@link
 * #TIME_CONSTANT}: high in the middle of a {@code make -j} build, falling at its end. Not
 * thread-safe.
 */
final class ArrivalRate {
  static final Duration TIME_CONSTANT = Duration.ofSeconds(10);

  private double rate;
  private Instant last;

  void arrived(Instant now) {
    decay(now);
    rate += 1.0 / (TIME_CONSTANT.toNanos() / 1e9);
  }

  double perSecond(Instant now) {
    decay(now);
    return rate;
  }

  private void decay(Instant now) {
    if (last != null && now.isAfter(last)) {
      double seconds = Duration.between(last, now).toNanos() / 1e9;
      rate *= Math.exp(-seconds / (TIME_CONSTANT.toNanos() / 1e9));
    }
    if (last == null || now.isAfter(last)) {
      last = now;
    }
  }
}
