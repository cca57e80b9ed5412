package io.distpool.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A host whose jobs fail to reach it (ssh refused, distccd missing, connection lost) although its
 * probe may still answer: no job goes there for a while, twice as long after each failure that
 * follows a retry, back to the start after a job that got through. Not thread-safe.
 */
final class Backoff {
  static final Duration FIRST = Duration.ofSeconds(10);
  static final Duration LONGEST = Duration.ofMinutes(5);

  private Duration next = FIRST;
  private Instant until;
  private String why;
  private int failures;

  /** A job could not use the host at {@code now}, for the reason given. */
  void failed(String reason, Instant now) {
    failures++;
    why = reason;
    if (until != null && now.isBefore(until)) {
      return; // jobs already under way when the first one failed: one backoff for all of them
    }
    until = now.plus(next);
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(LONGEST) > 0 ? LONGEST : doubled;
  }

  /** A job got through: the next failure starts the backoff from the beginning again. */
  void succeeded() {
    next = FIRST;
    failures = 0;
  }

  /**
   * Ends the backoff once its time is up, so the host gets a job again (and, if that fails too, a
   * longer backoff).
   *
   * @return whether it ended now
   */
  boolean expire(Instant now) {
    if (until == null || now.isBefore(until)) {
      return false;
    }
    until = null;
    return true;
  }

  boolean active() {
    return until != null;
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "jobs failed to reach it (%s, %d in a row); no jobs until %s",
        why,
        failures,
        until.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }
}
