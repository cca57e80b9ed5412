package io.distpool.pool;

import io.distpool.inventory.Host;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What the scheduler knows of one host's speed and of how long its jobs hold a slot: the {@code
 * speed:} of hosts.yaml, else a calibration, else what its jobs' durations say; and when each job
 * of ours there is expected to end. Not thread-safe; the slot table's lock covers it.
 */
final class HostSpeed {
  /** Weight of each finished job in the running average of how long jobs hold a slot here. */
  static final double WEIGHT = 0.2;

  private double calibrated = Double.NaN;
  private double learned = Double.NaN;
  private double hold = Double.NaN;
  private int jobs;
  private final Map<Long, Instant> running = new HashMap<>();

  /** Work units per second on one free core: configured, calibrated, learned, else 1.0. */
  double perCore(Host host) {
    if (host.speed().isPresent()) {
      return host.speed().getAsDouble();
    }
    if (!Double.isNaN(calibrated)) {
      return calibrated;
    }
    return Double.isNaN(learned) ? 1.0 : learned;
  }

  /** Whether the speed rests on something: configured, calibrated, or learned from jobs. */
  boolean known(Host host) {
    return host.speed().isPresent() || !Double.isNaN(calibrated) || !Double.isNaN(learned);
  }

  /** Whether the speed is given rather than learned: such hosts teach the job model. */
  boolean anchored(Host host) {
    return host.speed().isPresent() || !Double.isNaN(calibrated);
  }

  void calibrate(double speed) {
    calibrated = speed;
  }

  void learn(double speed) {
    learned = speed;
  }

  double calibrated() {
    return calibrated;
  }

  /** The running average of how long a job held a slot here (NaN before the first). */
  double hold() {
    return hold;
  }

  int jobs() {
    return jobs;
  }

  void started(long lease, Instant expectedEnd) {
    running.put(lease, expectedEnd);
  }

  /** Forgets a job that ended without telling how (its client went away). */
  void forget(long lease) {
    running.remove(lease);
  }

  /** Learns from a job that held its slot here for {@code seconds}. */
  void finished(long lease, double seconds) {
    running.remove(lease);
    jobs++;
    hold = Double.isNaN(hold) ? seconds : hold * (1 - WEIGHT) + seconds * WEIGHT;
  }

  /** Seconds until each of our jobs here is expected to end (0 for those overdue). */
  double[] secondsUntilEnds(Instant now) {
    double[] ends = new double[running.size()];
    int i = 0;
    for (Instant end : running.values()) {
      ends[i++] = Math.max(0, Duration.between(now, end).toNanos() / 1e9);
    }
    return ends;
  }
}
