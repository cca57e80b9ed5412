package io.distpool.connect;

import java.time.Duration;

/**
 * How long to wait before starting ssh again: 1 s, doubling up to 60 s while forwards keep failing;
 * a forward that lived a minute or more was a working one, so the next wait is 1 s again. Not
 * thread-safe.
 */
final class Backoff {
  static final Duration FIRST = Duration.ofSeconds(1);
  static final Duration LONGEST = Duration.ofSeconds(60);

  /** A forward that lived this long counts as having worked. */
  static final Duration STEADY = Duration.ofSeconds(60);

  private Duration next = FIRST;

  /** The wait after a forward that lived {@code lived}. */
  Duration after(Duration lived) {
    if (lived.compareTo(STEADY) >= 0) {
      next = FIRST;
    }
    Duration wait = next;
    next = next.multipliedBy(2).compareTo(LONGEST) > 0 ? LONGEST : next.multipliedBy(2);
    return wait;
  }
}
