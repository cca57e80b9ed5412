package io.distpool.pool;

import io.distpool.inventory.LocalSettings;
import io.distpool.probe.HostReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The machine gethost runs on, as one more candidate for a job: it pays no remote cost, but every
 * job already preprocesses here, so a local compile is worth it only while a core is idle. Its load
 * comes from probing it like any host; the daemon does not hold local jobs' connections, so it
 * counts the ones it sent here by when they are expected to end. Not thread-safe.
 */
final class LocalMachine {
  /** Below this share of a spare core, nothing is compiled here by choice. */
  static final double MIN_SPARE = 0.1;

  private OptionalInt configuredSlots;
  private OptionalDouble configuredSpeed;
  private double calibrated = Double.NaN;
  private double scale = 1.0;
  private final List<Instant> busyUntil = new ArrayList<>();
  private int cpus = 1;
  private double usableCpus = 1;
  private OptionalDouble cpuQuota = OptionalDouble.empty();
  private double runnable;
  private boolean probed;

  /**
   * {@code slots} caps local compiles at once (0: never choose local; a job still compiles here
   * when no host can take it); {@code speed} is a core's speed relative to the hosts'.
   */
  LocalMachine(int slots, double speed) {
    if (slots < 0 || !(speed > 0)) {
      throw new IllegalArgumentException("bad local machine: " + slots + " slots, speed " + speed);
    }
    this.configuredSlots = OptionalInt.of(slots);
    this.configuredSpeed = OptionalDouble.of(speed);
  }

  /** Takes hosts.yaml's {@code local:} settings; what they leave out is detected or measured. */
  void configure(LocalSettings settings) {
    configuredSlots = settings.slots();
    configuredSpeed = settings.speed();
  }

  /** A calibration's speed, in calibration units (see {@link Speeds}). */
  void calibrate(double speed) {
    calibrated = speed;
  }

  void scale(double factor) {
    scale = factor;
  }

  double calibrated() {
    return calibrated;
  }

  /**
   * At most this many compiles here by choice: as configured, else one per CPU this machine may use
   * (a cgroup quota of half a core allows one).
   */
  int slots() {
    return configuredSlots.orElse((int) Math.max(1, Math.ceil(usableCpus)));
  }

  /** A core's speed on the hosts' scale: configured, else calibrated, else 1.0. */
  double speed() {
    if (configuredSpeed.isPresent()) {
      return configuredSpeed.getAsDouble();
    }
    return Double.isNaN(calibrated) ? 1.0 : calibrated * scale;
  }

  boolean speedConfigured() {
    return configuredSpeed.isPresent();
  }

  String speedSource() {
    if (configuredSpeed.isPresent()) {
      return "hosts.yaml";
    }
    return Double.isNaN(calibrated) ? "assumed" : "calibrated";
  }

  int cpus() {
    return cpus;
  }

  OptionalDouble cpuQuota() {
    return cpuQuota;
  }

  /** CPUs compiles here can use: {@link #cpus()}, or less under a cgroup CPU quota. */
  double usableCpus() {
    return usableCpus;
  }

  /** How many tasks were runnable here at the last probe (its load where no run queue shows). */
  double runnable() {
    return runnable;
  }

  boolean probed() {
    return probed;
  }

  /** Local compiles the scheduler chose that should still be running. */
  int running(Instant now) {
    busyUntil.removeIf(end -> !end.isAfter(now));
    return busyUntil.size();
  }

  /**
   * What a probe of this machine found: its CPUs and what is runnable on them. The run queue counts
   * the probe's own process, which is gone by the time a job would run.
   */
  void observe(HostReport report) {
    cpus = report.cpus().orElse(cpus);
    usableCpus = report.usableCpus().orElse(cpus);
    cpuQuota = report.cpuQuota();
    runnable =
        report.runQueue().isPresent()
            ? Math.max(0, report.runQueue().getAsInt() - 1)
            : report.load1().orElse(Double.POSITIVE_INFINITY);
    probed = true;
  }

  /**
   * Expected seconds for {@code work} here, at the share of a core this machine has to spare: what
   * was runnable at the last probe (the 1-minute load only where the run queue is unknown: it still
   * counts work that ended a minute ago), our own local jobs, and the preprocessing of jobs in
   * flight; infinity when no local slot is free or less than a tenth of a core is spare. Every job
   * preprocesses here, so while that keeps the cores busy a local compile would only delay all the
   * others.
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
    int ours = running(now);
    double busy = Math.max(Math.max(ours, preprocessing), runnable);
    double spare = Math.min(1.0, usableCpus - busy);
    if (slots() == 0 || !probed || ours >= slots() || spare < MIN_SPARE) {
      return Double.POSITIVE_INFINITY;
    }
    return work / (speed() * spare);
  }

  boolean hasFreeSlot(Instant now) {
    return secondsFor(1, now) < Double.POSITIVE_INFINITY;
  }

  void take(Instant until) {
    busyUntil.add(until);
    runnable++; // until the next probe shows it
  }
}
