package io.distpool.pool;

import io.distpool.inventory.Host;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What the scheduler knows of one host's speed and of how long its jobs hold a slot: the {@code
 * speed:} of hosts.yaml, else its calibration refined by what its jobs' durations say, else those
 * durations alone; and when each job of ours there is expected to end. Not thread-safe; the slot
 * table's lock covers it.
 */
final class HostSpeed {
  /** Weight of each finished job in the running average of how long jobs hold a slot here. */
  static final double WEIGHT = 0.2;

  /** After this many jobs, what they say weighs as much as the calibration. */
  static final int LEARNING_JOBS = 10;

  /** The most the jobs' evidence ever weighs against the calibration. */
  static final double MAX_LEARNED_WEIGHT = 0.8;

  private double calibrated = Double.NaN;
  private double scale = 1.0;
  private double learned = Double.NaN;
  private double hold = Double.NaN;
  private double share = Double.NaN;
  private int jobs;
  private final Map<Long, Running> running = new HashMap<>();

  /** A job of ours here: when it should end, and the share of a core it was expected to get. */
  private record Running(Instant end, double share) {}

  /**
   * Work units per second on one free core: configured; else calibrated (on the configured hosts'
   * scale), blended with what the jobs say as they accumulate; else learned; else 1.0.
   */
  double perCore(Host host) {
    if (host.speed().isPresent()) {
      return host.speed().getAsDouble();
    }
    if (Double.isNaN(calibrated)) {
      return Double.isNaN(learned) ? 1.0 : learned;
    }
    double base = calibrated * scale;
    if (Double.isNaN(learned)) {
      return base;
    }
    double weight = Math.min(MAX_LEARNED_WEIGHT, jobs / (double) (jobs + LEARNING_JOBS));
    return base * (1 - weight) + learned * weight;
  }

  /** The speed that teaches the job model: configured or calibrated, never learned; else NaN. */
  double anchor(Host host) {
    return host.speed().isPresent() ? host.speed().getAsDouble() : calibrated * scale;
  }

  /** Whether the speed rests on something: configured, calibrated, or learned from jobs. */
  boolean known(Host host) {
    return host.speed().isPresent() || !Double.isNaN(calibrated) || !Double.isNaN(learned);
  }

  /** Whether the speed is given rather than learned: such hosts teach the job model. */
  boolean anchored(Host host) {
    return host.speed().isPresent() || !Double.isNaN(calibrated);
  }

  /** The calibration's speed, in calibration units (see {@link Speeds#fromCalibration}). */
  void calibrate(double speed) {
    calibrated = speed;
  }

  /** Converts calibration units to the configured hosts' scale. */
  void scale(double factor) {
    scale = factor;
  }

  void learn(double speed) {
    learned = speed;
  }

  double calibrated() {
    return calibrated;
  }

  double learned() {
    return learned;
  }

  /** The running average of how long a job held a slot here (NaN before the first). */
  double hold() {
    return hold;
  }

  int jobs() {
    return jobs;
  }

  /**
   * The running average of the share of a core finished jobs were expected to get when they started
   * (1.0 before the first): below 1 where jobs shared the CPUs with others, or ran under a cgroup
   * quota. Their holds were that much longer than a free core's would have been.
   */
  double share() {
    return Double.isNaN(share) ? 1.0 : share;
  }

  /** Takes back what an earlier run of the daemon learned. */
  void restore(double calibrated, double learned, double hold, int jobs) {
    this.calibrated = calibrated;
    this.learned = learned;
    this.hold = hold;
    this.jobs = jobs;
  }

  /** A job of ours started here, expected to get {@code share} of a core. */
  void started(long lease, Instant expectedEnd, double share) {
    running.put(lease, new Running(expectedEnd, share));
  }

  /** Forgets a job that ended without telling how (its client went away). */
  void forget(long lease) {
    running.remove(lease);
  }

  /** Learns from a job that held its slot here for {@code seconds}. */
  void finished(long lease, double seconds) {
    Running job = running.remove(lease);
    double jobShare = job == null ? 1.0 : job.share();
    jobs++;
    hold = Double.isNaN(hold) ? seconds : hold * (1 - WEIGHT) + seconds * WEIGHT;
    share = Double.isNaN(share) ? jobShare : share * (1 - WEIGHT) + jobShare * WEIGHT;
  }

  /** Seconds until each of our jobs here is expected to end (0 for those overdue). */
  double[] secondsUntilEnds(Instant now) {
    double[] ends = new double[running.size()];
    int i = 0;
    for (Running job : running.values()) {
      ends[i++] = Math.max(0, Duration.between(now, job.end()).toNanos() / 1e9);
    }
    return ends;
  }
}
