package io.distpool.pool;

import io.distpool.inventory.Host;
import io.distpool.inventory.Inventory;
import io.distpool.probe.Calibration;
import io.distpool.probe.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The ranked table of free slots: which hosts may get a job and which gets the next one.
 *
 * <p>Pure and single-threaded: no clock, no threads, no I/O; every call says what time it is.
 * {@link Pool} wraps it for concurrent use.
 *
 * <p>Invariant: a host never holds more leases than its slots. Leases granted since the last probe
 * count against the host at once, so a burst of requests cannot oversubscribe it while its load
 * average catches up.
 */
final class SlotTable {
  /** A busy host is waited for only when it beats every free choice by this factor. */
  static final double WAIT_ADVANTAGE = 0.9;

  /** The least share of a remote job's lease assumed spent preprocessing on this machine. */
  static final double MIN_CLIENT_SHARE = 0.25;

  SlotTable() {
    this(new LocalMachine(0, 1.0), JobEstimates.DEFAULT_REMOTE_OVERHEAD);
  }

  SlotTable(LocalMachine local, double remoteOverhead) {
    this.local = local;
    this.estimates = new JobEstimates(remoteOverhead);
  }

  private final Map<String, HostEntry> entries = new LinkedHashMap<>();
  private final Map<String, SpeedMemory.HostMemory> remembered = new HashMap<>();
  private Calibration localCalibration;
  private final JobEstimates estimates;
  final ArrivalRate arrivals = new ArrivalRate();
  private final LocalMachine local;

  /** Leases granted and not yet released: a release must name one of them exactly. */
  private final Set<Lease> active = new HashSet<>();

  private long nextLeaseId = 1;
  private int leased;

  /** Takes a new inventory: new hosts appear, changed ones update, removed ones retire. */
  void apply(Inventory inventory, Instant now) {
    local.configure(inventory.local());
    Set<String> names = new HashSet<>();
    for (Host host : inventory.hosts()) {
      names.add(host.name());
      HostEntry entry = entries.get(host.name());
      if (entry == null) {
        entry = new HostEntry(host, now, estimates);
        entries.put(host.name(), entry);
        recall(entry);
      } else {
        if (!sameConnection(entry.host, host)) {
          entry.last = null;
          entry.lastProbe = null;
          entry.speed.restore(Double.NaN, Double.NaN, Double.NaN, 0); // another machine now
          entry.calibration = null;
        }
        entry.host = host;
        entry.retired = false;
        entry.changed();
      }
    }
    entries
        .values()
        .removeIf(
            e -> {
              if (names.contains(e.host.name())) {
                return false;
              }
              e.retired = true;
              e.changed();
              return e.leased == 0;
            });
    rescale();
  }

  /**
   * A calibration of {@code name} ended: a timed one sets its speed, corrected for the share of a
   * core the compile got next to the host's other load; a failed one is shown in status.
   */
  void calibrated(String name, Calibration result) {
    HostEntry entry = entries.get(name);
    if (entry == null || entry.retired) {
      return;
    }
    entry.calibration = result;
    if (result instanceof Calibration.Timed) {
      Calibration.Timed timed = (Calibration.Timed) result;
      double share = Speeds.share(entry.foreignLoad() + entry.leased, entry.cpus());
      entry.speed.calibrate(Speeds.fromCalibration(timed.seconds(), share));
      rescale();
    }
  }

  /** A calibration of this machine ended. */
  void calibratedLocal(Calibration result) {
    localCalibration = result;
    if (result instanceof Calibration.Timed) {
      double share = Speeds.share(local.runnable(), local.usableCpus());
      local.calibrate(Speeds.fromCalibration(((Calibration.Timed) result).seconds(), share));
      rescale();
    }
  }

  /**
   * Whether {@code name} should be calibrated now: it has no calibration yet and no desktop user
   * who would feel the compile.
   */
  boolean needsCalibration(String name) {
    HostEntry entry = entries.get(name);
    return entry != null
        && !entry.retired
        && entry.calibration == null
        && Double.isNaN(entry.speed.calibrated())
        && !(entry.host.isDesktop() && entry.desktopActive())
        && (entry.host.speed().isEmpty() || someSpeedIsMeasured());
  }

  /**
   * Whether some speed comes from a calibration, so configured hosts are worth calibrating too:
   * they set the scale the measured speeds are put on.
   */
  private boolean someSpeedIsMeasured() {
    if (local.slots() > 0 && !local.speedConfigured()) {
      return true;
    }
    for (HostEntry e : entries.values()) {
      if (!e.retired && e.host.enabled() && e.host.speed().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  boolean localNeedsCalibration() {
    return localCalibration == null && Double.isNaN(local.calibrated());
  }

  /** Puts calibrated speeds on hosts.yaml's scale, from the hosts that have both. */
  private void rescale() {
    List<double[]> pairs = new ArrayList<>();
    for (HostEntry e : entries.values()) {
      if (e.host.speed().isPresent() && !Double.isNaN(e.speed.calibrated())) {
        pairs.add(new double[] {e.host.speed().getAsDouble(), e.speed.calibrated()});
      }
    }
    double scale = Speeds.scale(pairs);
    for (HostEntry e : entries.values()) {
      e.speed.scale(scale);
    }
    local.scale(scale);
  }

  /** What to keep across restarts: calibrations, what jobs taught, the job model. */
  SpeedMemory memory() {
    List<SpeedMemory.HostMemory> hosts = new ArrayList<>(remembered.values());
    hosts.removeIf(h -> entries.containsKey(h.name()));
    for (HostEntry e : entries.values()) {
      if (!Double.isNaN(e.speed.calibrated()) || e.speed.jobs() > 0) {
        hosts.add(
            new SpeedMemory.HostMemory(
                e.host.name(),
                e.host.address(),
                e.host.port(),
                e.speed.calibrated(),
                e.speed.learned(),
                e.speed.hold(),
                e.speed.jobs()));
      }
    }
    hosts.sort(Comparator.comparing(SpeedMemory.HostMemory::name));
    return new SpeedMemory(hosts, local.calibrated(), estimates.work(), estimates.fixed());
  }

  /** Takes back what {@link #memory()} kept, for hosts at the same address and port. */
  void remember(SpeedMemory memory) {
    for (SpeedMemory.HostMemory h : memory.hosts()) {
      remembered.put(h.name(), h);
    }
    for (HostEntry e : entries.values()) {
      recall(e);
    }
    if (!Double.isNaN(memory.localCalibrated())) {
      local.calibrate(memory.localCalibrated());
    }
    estimates.restore(memory.work(), memory.fixed());
    rescale();
  }

  private void recall(HostEntry entry) {
    SpeedMemory.HostMemory h = remembered.get(entry.host.name());
    if (h != null && h.address().equals(entry.host.address()) && h.port() == entry.host.port()) {
      entry.speed.restore(h.calibrated(), h.learned(), h.hold(), h.jobs());
    }
  }

  private static boolean sameConnection(Host a, Host b) {
    return a.address().equals(b.address())
        && a.port() == b.port()
        && a.user().equals(b.user())
        && a.knownHosts().equals(b.knownHosts());
  }

  /** Records a probe; ignored for hosts no longer in the inventory. */
  void record(String name, ProbeResult result, Instant at) {
    HostEntry entry = entries.get(name);
    if (entry == null || entry.retired) {
      return;
    }
    entry.last = result;
    entry.lastProbe = at;
    if (result instanceof ProbeResult.Reachable) {
      entry.desktop.observe(entry.host, ((ProbeResult.Reachable) result).report().sessions(), at);
    }
    entry.ownLoadAtProbe = entry.ownLoad.at(at);
    entry.leasedAtProbe = entry.leased;
    entry.backoff.expire(at);
    entry.changed();
  }

  /**
   * A job on {@code lease} never reached its host (distcc gave up: ssh, distccd or the connection
   * failed): the host gets no jobs for a while, though its probes may still answer.
   */
  void failed(Lease lease, String why, Instant now) {
    HostEntry entry = entries.get(lease.host());
    if (entry == null) {
      return;
    }
    entry.speed.forget(lease.id());
    entry.backoff.failed(why, now);
    entry.changed();
  }

  /** A job on {@code lease} never ran there: it teaches nothing about the host's speed. */
  void unlearn(Lease lease) {
    HostEntry entry = entries.get(lease.host());
    if (entry != null) {
      entry.speed.forget(lease.id());
    }
  }

  /** Leases a slot on the best host with one free, or empty when every slot is taken. */
  Optional<Lease> grant(Instant now) {
    return grant(JobSpec.any(), now);
  }

  /** Leases a slot on the best host that suits {@code spec}, or empty when none is free. */
  Optional<Lease> grant(JobSpec spec, Instant now) {
    HostEntry best = null;
    for (HostEntry entry : entries.values()) {
      if (entry.free() > 0
          && spec.allows(entry)
          && (best == null || RANKING.compare(entry, best) < 0)) {
        best = entry;
      }
    }
    return best == null ? Optional.empty() : Optional.of(lease(best, now));
  }

  /**
   * What the farm offers a job that needs {@code spec} right now: the free host where it would
   * finish soonest, this machine, and when our running jobs on busy suitable hosts should end.
   *
   * <p>A job's expected time on a host is the remote fixed cost plus the average job's work at the
   * speed it would get there (its core speed times its share of the CPUs next to everyone else's
   * load and our own jobs). A host whose speed nobody knows yet is assumed as fast as the fastest,
   * so it gets jobs and its speed is learned.
   */
  Plan plan(JobSpec spec, Instant now) {
    double fastest = fastestKnown();
    HostEntry bestFree = null;
    double bestFreeTime = Double.POSITIVE_INFINITY;
    List<double[]> busy = new ArrayList<>();
    boolean anyUp = false;
    for (HostEntry entry : entries.values()) {
      if (entry.state() != HostState.UP || !spec.allows(entry)) {
        continue;
      }
      anyUp = true;
      double run = estimates.fixed() + estimates.work() / optimistic(entry, fastest);
      if (entry.free() > 0) {
        if (run < bestFreeTime || (run == bestFreeTime && RANKING.compare(entry, bestFree) < 0)) {
          bestFree = entry;
          bestFreeTime = run;
        }
      }
      for (double end : entry.speed.secondsUntilEnds(now)) {
        busy.add(new double[] {end, end + run});
      }
    }
    busy.sort((a, b) -> Double.compare(a[0], b[0]));
    // Each job in flight spends part of its lease preprocessing here; a quarter at least.
    double clientShare = Math.max(MIN_CLIENT_SHARE, estimates.clientSide() / estimates.fixed());
    double localTime =
        estimates.clientSide() + local.secondsFor(estimates.work(), now, leased * clientShare);
    return new Plan(anyUp, bestFree, bestFreeTime, localTime, busy);
  }

  /**
   * Decides for a job that has {@code queueAhead} waiters before it and may wait {@code
   * secondsLeft} more: the free host or this machine, whichever finishes it sooner, unless a slot
   * that frees within its wait (the next one after those the waiters ahead will take) would finish
   * it clearly sooner still.
   */
  Choice decide(Plan plan, JobSpec spec, Instant now, int queueAhead, double secondsLeft) {
    if (!plan.anyUp()) {
      return new Choice.Refuse(whyNoCapacity(spec));
    }
    double bestNow = Math.min(plan.bestFreeTime(), plan.localTime());
    double rate = arrivals.perSecond(now);
    if (plan.bestFree() == null
        && plan.localTime() < Double.POSITIVE_INFINITY
        && rate * plan.localTime() >= 1) {
      // Every host is busy and more jobs will come while this one compiles here: a spare core
      // here is extra capacity, worth more to the build than this job's own wait for a host.
      return local(plan, now);
    }
    if (queueAhead < plan.busy().size()) {
      double[] next = plan.busy().get(queueAhead);
      // Waiting for a faster slot only pays when no other job will come for it first: while
      // jobs keep arriving (the middle of a build), a free slot left idle is capacity lost;
      // at the end of a build, a big job on a slow host can be the last to finish.
      boolean othersComeFirst = rate * next[0] >= 1;
      if (!othersComeFirst && next[0] <= secondsLeft && next[1] < WAIT_ADVANTAGE * bestNow) {
        return new Choice.Wait();
      }
    }
    if (plan.bestFree() != null && plan.bestFreeTime() <= plan.localTime()) {
      return new Choice.Remote(plan.bestFree(), plan.bestFreeTime());
    }
    if (plan.localTime() < Double.POSITIVE_INFINITY) {
      return local(plan, now);
    }
    return new Choice.Wait();
  }

  private Choice local(Plan plan, Instant now) {
    local.take(now.plusNanos((long) (plan.localTime() * 1e9)));
    return new Choice.Local(
        String.format(
            java.util.Locale.ROOT,
            "faster here: about %.1f s, against %s",
            plan.localTime(),
            plan.bestFree() == null
                ? "waiting for a busy host"
                : String.format(
                    java.util.Locale.ROOT,
                    "%.1f s on %s",
                    plan.bestFreeTime(),
                    plan.bestFree().host.name())));
  }

  /** The fastest per-core speed among hosts whose speed is known; 1.0 when none is. */
  private double fastestKnown() {
    double fastest = 0;
    for (HostEntry entry : entries.values()) {
      if (entry.speed.known(entry.host)) {
        fastest = Math.max(fastest, entry.speed.perCore(entry.host));
      }
    }
    return fastest > 0 ? fastest : 1.0;
  }

  /** The expected speed, or for a host never measured, the speed of the fastest known one. */
  private static double optimistic(HostEntry entry, double fastest) {
    double speed = entry.expectedSpeed();
    if (entry.speed.known(entry.host)) {
      return speed;
    }
    return speed
        / entry.speed.perCore(entry.host)
        * Math.max(fastest, entry.speed.perCore(entry.host));
  }

  /** Takes a slot on {@code entry} for a new job and notes when it should end. */
  Lease lease(HostEntry entry, Instant now) {
    return lease(entry, now, Requester.UNKNOWN);
  }

  /** Takes a slot on {@code entry} for a job of {@code holder}. */
  Lease lease(HostEntry entry, Instant now, Requester holder) {
    double speed = entry.expectedSpeed();
    double seconds = estimates.fixed() + estimates.work() / speed;
    double share = speed / entry.speed.perCore(entry.host);
    entry.leased++;
    entry.ownLoad.set(entry.leased, now);
    leased++;
    Lease lease = new Lease(nextLeaseId++, entry.host.name(), entry.slots(), now, holder);
    active.add(lease);
    entry.speed.started(lease.id(), now.plusNanos((long) (seconds * 1e9)), share);
    return lease;
  }

  /**
   * Learns from a job that held its slot for {@code elapsed}: the job model is refitted to the
   * hosts whose speed is configured or calibrated, and hosts of unknown speed get the speed their
   * jobs' durations imply.
   */
  void finished(Lease lease, Duration elapsed) {
    HostEntry entry = entries.get(lease.host());
    if (entry == null) {
      return;
    }
    entry.speed.finished(lease.id(), elapsed.toNanos() / 1e9);
    entry.backoff.succeeded();
    List<double[]> points = new ArrayList<>();
    for (HostEntry e : entries.values()) {
      if (e.speed.jobs() > 0 && e.speed.anchored(e.host)) {
        // Each job got a share of a core, so it ran at anchor × share: the x of the line.
        double effective = e.speed.anchor(e.host) * e.speed.share();
        points.add(new double[] {1 / effective, e.speed.hold(), e.speed.jobs()});
      }
    }
    estimates.fit(points);
    // What each host's jobs say of its speed: alone where nothing else is known, blended into
    // the calibration where there is one (see HostSpeed.perCore).
    for (HostEntry e : entries.values()) {
      if (e.speed.jobs() > 0 && e.host.speed().isEmpty()) {
        double compiling = Math.max(0.05, e.speed.hold() - estimates.fixed());
        double effective = estimates.work() / compiling; // at the share of a core jobs got
        e.speed.learn(Math.max(0.05, Math.min(20, effective / e.speed.share())));
      }
    }
  }

  /** Frees a lease's slot. Releasing a lease twice is a programming error. */
  void release(Lease lease, Instant now) {
    HostEntry entry = entries.get(lease.host());
    if (entry == null || !active.remove(lease)) {
      throw new IllegalArgumentException("not an active lease: " + lease);
    }
    entry.leased--;
    entry.ownLoad.set(entry.leased, now);
    entry.speed.forget(lease.id());
    leased--;
    if (entry.retired && entry.leased == 0) {
      entries.remove(lease.host());
    }
  }

  int leased() {
    return leased;
  }

  void recordLocal(io.distpool.probe.HostReport report) {
    local.observe(report);
  }

  boolean localHasFreeSlot(Instant now) {
    return local.hasFreeSlot(now);
  }

  boolean hasFreeSlot() {
    for (HostEntry entry : entries.values()) {
      if (entry.free() > 0) {
        return true;
      }
    }
    return false;
  }

  /** Whether some host is up with slots that are, or will be when released, ours to give. */
  boolean hasCapacity() {
    return hasCapacity(JobSpec.any());
  }

  /** Whether some host that suits {@code spec} is up, its slots free now or later. */
  boolean hasCapacity(JobSpec spec) {
    for (HostEntry entry : entries.values()) {
      if (entry.state() == HostState.UP && spec.allows(entry)) {
        return true;
      }
    }
    return false;
  }

  /** Why {@link #hasCapacity()} is false, in words for {@code gethost -v}. */
  String whyNoCapacity() {
    return whyNoCapacity(JobSpec.any());
  }

  /** Why {@link #hasCapacity(JobSpec)} is false, in words for {@code gethost -v}. */
  String whyNoCapacity(JobSpec spec) {
    if (entries.isEmpty()) {
      return "the pool has no hosts (see hosts.yaml)";
    }
    if (!spec.avoid().isEmpty() && hasCapacity(spec.anywhere())) {
      return "jobs from this machine could not reach "
          + String.join(", ", new java.util.TreeSet<>(spec.avoid()))
          + " lately, and no other host that is up suits the job"
          + " (check this machine's ssh to "
          + (spec.avoid().size() == 1 ? "it" : "them")
          + ")";
    }
    if (hasCapacity()) {
      return "no host that is up has " + spec.describe() + offered(spec);
    }
    java.util.Map<HostState, Integer> counts = new java.util.EnumMap<>(HostState.class);
    for (HostEntry entry : entries.values()) {
      counts.merge(entry.state(), 1, Integer::sum);
    }
    StringBuilder why = new StringBuilder("no host is up (");
    counts.forEach((state, n) -> why.append(n).append(' ').append(state.wireName()).append(", "));
    why.setLength(why.length() - 2);
    return why.append(')').toString();
  }

  /** What the up hosts offer instead, when the job's compiler was the problem. */
  private String offered(JobSpec spec) {
    if (spec.compiler().isEmpty()) {
      return "";
    }
    String name = io.distpool.probe.Toolchain.baseName(spec.compiler().get().name());
    java.util.List<String> found = new java.util.ArrayList<>();
    for (HostEntry entry : entries.values()) {
      if (entry.state() != HostState.UP) {
        continue;
      }
      for (var toolchain : entry.report().toolchains()) {
        if (io.distpool.probe.Toolchain.baseName(toolchain.name()).equals(name)) {
          found.add(
              entry.host.name() + ": " + toolchain.version() + " (" + toolchain.target() + ")");
        }
      }
    }
    return found.isEmpty()
        ? " (no up host has " + name + " at all)"
        : " ("
            + String.join("; ", found.subList(0, Math.min(4, found.size())))
            + (found.size() > 4 ? "; ..." : "")
            + ")";
  }

  /** Every host, the ones giving slots first in rank order, then the rest by name. */
  List<HostView> view() {
    List<HostEntry> sorted = new ArrayList<>(entries.values());
    sorted.sort(Comparator.comparing((HostEntry e) -> e.free() > 0 ? 0 : 1).thenComparing(RANKING));
    List<HostView> views = new ArrayList<>();
    int rank = 1;
    for (HostEntry e : sorted) {
      OptionalInt position = e.free() > 0 ? OptionalInt.of(rank++) : OptionalInt.empty();
      views.add(
          new HostView(
              e.host,
              e.state(),
              e.report(),
              Optional.ofNullable(e.lastProbe),
              e.error(),
              e.refusedKey(),
              e.slots(),
              e.free(),
              e.leased,
              position,
              e.foreignLoad(),
              e.desktopActive(),
              Desktop.idleMinutes(e.report().sessions()),
              e.reserved(),
              e.desktop.user(),
              e.desktop.since(),
              e.speed.perCore(e.host),
              speedSource(e),
              Optional.ofNullable(e.calibration)));
    }
    return views;
  }

  private static String speedSource(HostEntry e) {
    if (e.host.speed().isPresent()) {
      return "hosts.yaml";
    }
    boolean learned = !Double.isNaN(e.speed.learned());
    if (!Double.isNaN(e.speed.calibrated())) {
      return learned ? "calibrated, refined by " + e.speed.jobs() + " jobs" : "calibrated";
    }
    return learned ? "learned from " + e.speed.jobs() + " jobs" : "assumed";
  }

  /** This machine as a candidate for jobs, for status. */
  LocalView localView(Instant now) {
    return new LocalView(
        local.probed() ? OptionalInt.of(local.cpus()) : OptionalInt.empty(),
        local.slots(),
        local.running(now),
        local.speed(),
        local.speedSource(),
        Optional.ofNullable(localCalibration),
        local.cpuQuota());
  }

  /** Fastest expected job first; then more free slots; then name, so ties are stable. */
  private static final Comparator<HostEntry> RANKING =
      Comparator.comparingDouble((HostEntry e) -> -e.expectedSpeed())
          .thenComparingInt(e -> -e.free())
          .thenComparing(e -> e.host.name());
}
