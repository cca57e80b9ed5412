package io.distpool.pool;

import io.distpool.inventory.Host;
import io.distpool.probe.HostKey;
import io.distpool.probe.HostReport;
import io.distpool.probe.ProbeResult;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The slot table's bookkeeping for one host: its settings, last probe, and this daemon's leases on
 * it. Mutable and not thread-safe; only {@link SlotTable} touches it.
 */
final class HostEntry {
  /** Slots of a host whose CPU count nobody knows: one job at a time is always safe. */
  static final int UNKNOWN_CPU_SLOTS = 1;

  /** How far below its slots a host's foreign load must fall to stop being overloaded. */
  static final double OVERLOAD_EXIT_MARGIN = 0.75;

  Host host;
  ProbeResult last;
  Instant lastProbe;
  int leased;
  int leasedAtProbe;

  /** What our own jobs contributed to load1 when the last probe ran. */
  double ownLoadAtProbe;

  boolean retired;
  final OwnLoad ownLoad;
  final Backoff backoff = new Backoff();
  final DesktopWatch desktop = new DesktopWatch();
  final HostSpeed speed = new HostSpeed();

  /** The last calibration's outcome; null before the first. */
  io.distpool.probe.Calibration calibration;

  private int slots;
  private double cpus;
  private double foreignLoad;
  private int foreignJobs;
  private int foreignSlots;
  private boolean desktopActive;
  private int reserved;
  private boolean overloaded;
  private HostState state;

  /** The model of a typical job, shared by every host of one slot table. */
  private final JobEstimates estimates;

  HostEntry(Host host, Instant now, JobEstimates estimates) {
    this.host = host;
    this.ownLoad = new OwnLoad(now);
    this.estimates = estimates;
    changed();
  }

  HostReport report() {
    return last instanceof ProbeResult.Reachable
        ? ((ProbeResult.Reachable) last).report()
        : HostReport.unknown();
  }

  private int computeSlots() {
    if (host.slots().isPresent()) {
      return host.slots().getAsInt();
    }
    OptionalInt cpus = report().cpus();
    return cpus.isPresent() ? cpus.getAsInt() : UNKNOWN_CPU_SLOTS;
  }

  /** The CPUs jobs can use: counted, less where a cgroup quota allows less; else the slots. */
  private double computeCpus() {
    OptionalDouble usable = report().usableCpus();
    return usable.isPresent() ? usable.getAsDouble() : slots;
  }

  /**
   * Everyone else's load: load1 minus what our own jobs put into it, and no more than the run queue
   * (instantaneous, where known) minus our jobs running at probe time.
   */
  private double computeForeignLoad() {
    HostReport report = report();
    if (report.load1().isEmpty()) {
      return 0;
    }
    double foreign = Math.max(0, report.load1().getAsDouble() - ownLoadAtProbe);
    if (report.runQueue().isPresent()) {
      foreign = Math.min(foreign, Math.max(0, report.runQueue().getAsInt() - leasedAtProbe));
    }
    return foreign;
  }

  /**
   * distcc jobs in ssh mode on the host that are not ours: other clients' and other schedulers'
   * (several daemons sharing hosts see each other this way). All our leases at probe time are taken
   * off, also those whose jobs have not reached the host yet: telling those apart by their age
   * misreads fast jobs (a small file over a shared ssh connection arrives in milliseconds) as
   * someone else's. So another scheduler's burst can hide behind ours until the next probe.
   */
  private int computeForeignJobs() {
    OptionalInt jobs = report().sshJobs();
    return jobs.isPresent() ? Math.max(0, jobs.getAsInt() - leasedAtProbe) : 0;
  }

  /**
   * Slots that everyone else takes away: their load, rounding so a light desktop load costs none,
   * and at least one slot for each of their distcc jobs running there (a job waiting for its input
   * adds no load yet, but will).
   */
  private int computeForeignSlots() {
    return (int) Math.min(slots, Math.max(Math.floor(foreignLoad + 0.5), foreignJobs));
  }

  private boolean computeDesktopActive() {
    return desktop.inUse();
  }

  private HostState computeState() {
    if (!host.enabled() || retired) {
      return HostState.DISABLED;
    }
    if (last == null || last instanceof ProbeResult.Unreachable) {
      return HostState.DOWN;
    }
    if (last instanceof ProbeResult.Untrusted) {
      return HostState.UNTRUSTED;
    }
    if (backoff.active()) {
      return HostState.DOWN;
    }
    if (overloaded || reserved >= slots) {
      return HostState.BUSY;
    }
    return HostState.UP;
  }

  /**
   * Whether other work takes every slot, with hysteresis: a host becomes overloaded when the
   * foreign load rounds to all its slots, and stops being so only when it is three quarters of a
   * slot below that, so a load hovering at the boundary does not flip the host at every poll.
   */
  private boolean computeOverloaded() {
    if (foreignSlots >= slots) {
      return true;
    }
    return overloaded && foreignLoad >= slots - OVERLOAD_EXIT_MARGIN;
  }

  /**
   * Recomputes what depends only on settings and the last probe, not on leases. The slot table
   * calls it after every change of {@link #host}, {@link #last} or {@link #retired}, so the lease
   * path reads cached values instead of re-deriving them for every host on every grant.
   */
  void changed() {
    slots = computeSlots();
    cpus = computeCpus();
    foreignLoad = computeForeignLoad();
    foreignJobs = computeForeignJobs();
    foreignSlots = computeForeignSlots();
    overloaded = computeOverloaded();
    desktopActive = computeDesktopActive();
    reserved = desktop.reserved(host, slots);
    state = computeState();
  }

  int slots() {
    return slots;
  }

  /** CPUs jobs here can use, fractional under a cgroup CPU quota. */
  double cpus() {
    return cpus;
  }

  double foreignLoad() {
    return foreignLoad;
  }

  int foreignSlots() {
    return foreignSlots;
  }

  /** distcc jobs in ssh mode running there for other clients or schedulers. */
  int foreignJobs() {
    return foreignJobs;
  }

  boolean desktopActive() {
    return desktopActive;
  }

  /** Slots kept free for the desktop's user right now. */
  int reserved() {
    return reserved;
  }

  HostState state() {
    return state;
  }

  int free() {
    if (state != HostState.UP) {
      return 0;
    }
    return Math.max(0, slots - Math.max(foreignSlots, reserved) - leased);
  }

  Optional<String> error() {
    if (retired) {
      return Optional.of("removed from hosts.yaml; finishing " + leased + " job(s)");
    }
    if (!host.enabled()) {
      return Optional.empty();
    }
    if (last == null) {
      return Optional.of("not probed yet");
    }
    if (last instanceof ProbeResult.Unreachable) {
      return Optional.of(((ProbeResult.Unreachable) last).reason());
    }
    if (last instanceof ProbeResult.Untrusted) {
      return Optional.of(((ProbeResult.Untrusted) last).reason());
    }
    if (backoff.active()) {
      return Optional.of(backoff.describe());
    }
    if (host.isDesktop() && desktopActive && reserved >= slots) {
      return Optional.of(
          "desktop in use by "
              + desktop.user().orElse("?")
              + since().map(s -> " since " + s).orElse(""));
    }
    if (overloaded) {
      return Optional.of(
          foreignJobs >= slots
              ? String.format(
                  java.util.Locale.ROOT,
                  "full: %d distcc jobs from other clients on %d slots",
                  foreignJobs,
                  slots)
              : String.format(
                  java.util.Locale.ROOT,
                  "overloaded: load %.2f from other work on %d slots",
                  foreignLoad(),
                  slots()));
    }
    HostReport report = report();
    return report.unparsed().isEmpty()
        ? Optional.empty()
        : Optional.of("unparsed " + String.join("; ", report.unparsed()));
  }

  private Optional<String> since() {
    return desktop
        .since()
        .map(t -> t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
  }

  Optional<HostKey> refusedKey() {
    return last instanceof ProbeResult.Untrusted
        ? Optional.of(((ProbeResult.Untrusted) last).offered())
        : Optional.empty();
  }

  /**
   * How fast the next job here would run, in work units per second: the core's speed times the
   * share of a core it would get next to everyone else's load and our own jobs.
   */
  double expectedSpeed() {
    double perCore = speed.perCore(host);
    double competing = foreignLoad + leased * compilingShare(perCore) + 1;
    return perCore * Math.min(1.0, cpus / competing);
  }

  /**
   * The share of its lease a job of ours here spends compiling: the rest (preprocessing on the
   * client, ssh, distccd's poll) leaves the host's CPUs to the others, so a host with short jobs
   * can run more of them at once than it has CPUs before they slow each other down.
   */
  private double compilingShare(double perCore) {
    double compiling = estimates.work() / (perCore * Math.min(1.0, cpus));
    return compiling / (compiling + estimates.fixed());
  }
}
