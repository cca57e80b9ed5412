package io.distpool.pool;

import io.distpool.probe.HostReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine gethost runs on, as one more candidate for a job: it pays no remote cost, but every
 * job already preprocesses here, so a local compile is worth it only while a core is idle. Its load
 * comes from probing it like any host; the daemon does not hold local jobs' connections, so it
 * counts the ones it sent here by when they are expected to end. Not thread-safe.
 */
final class LocalMachine {
  /** Below this share of a spare core, nothing is compiled here by choice. */
  static final double MIN_SPARE = 0.1;

  private final int slots;
  private final double speed;
  private final List<Instant> busyUntil = new ArrayList<>();
  private int cpus = 1;
  private double runnable;
  private double load = Double.POSITIVE_INFINITY;
  private boolean probed;

  /**
   * {@code slots} caps local compiles at once (0: never choose local; a job still compiles here
   * when no host can take it); {@code speed} is a core's speed relative to the hosts'.
   */
  LocalMachine(int slots, double speed) {
    if (slots < 0 || !(speed > 0)) {
      throw new IllegalArgumentException("bad local machine: " + slots + " slots, speed " + speed);
    }
    this.slots = slots;
    this.speed = speed;
  }

  /** What a probe of this machine found: its CPUs and what is runnable on them. */
  void observe(HostReport report) {
    cpus = report.cpus().orElse(cpus);
    load = report.load1().orElse(load);
    runnable = report.runQueue().isPresent() ? report.runQueue().getAsInt() : load;
    probed = true;
  }

  /**
   * Expected seconds for {@code work} here, at the share of a core this machine has to spare now
   * and over the last minute (its 1-minute load); infinity when no local slot is free or less than
   * a tenth of a core is spare. Every job preprocesses here, so while that keeps the cores busy a
   * local compile would only delay all the others.
   */
  double secondsFor(double work, Instant now) {
    return secondsFor(work, now, 0);
  }

  /**
   * Like {@link #secondsFor(double, Instant)}, counting what {@code preprocessing} jobs in flight
   * elsewhere will need of this machine (each preprocesses here), so a burst of remote jobs that is
   * about to keep the cores busy does not leave a local compile crawling at the end.
   */
  double secondsFor(double work, Instant now, double preprocessing) {
    busyUntil.removeIf(end -> !end.isAfter(now));
    int ours = busyUntil.size();
    double busy = Math.max(Math.max(ours, preprocessing), Math.max(load, runnable));
    double spare = Math.min(1.0, cpus - busy);
    if (slots == 0 || !probed || ours >= slots || spare < MIN_SPARE) {
      return Double.POSITIVE_INFINITY;
    }
    return work / (speed * spare);
  }

  boolean hasFreeSlot(Instant now) {
    return secondsFor(1, now) < Double.POSITIVE_INFINITY;
  }

  void take(Instant until) {
    busyUntil.add(until);
    runnable++; // until the next probe shows it
  }
}
