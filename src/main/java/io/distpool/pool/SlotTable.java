package io.distpool.pool;

import io.distpool.inventory.Host;
import io.distpool.inventory.Inventory;
import io.distpool.probe.ProbeResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
  private final Map<String, HostEntry> entries = new LinkedHashMap<>();

  /** Leases granted and not yet released: a release must name one of them exactly. */
  private final Set<Lease> active = new HashSet<>();

  private long nextLeaseId = 1;
  private int leased;

  /** Takes a new inventory: new hosts appear, changed ones update, removed ones retire. */
  void apply(Inventory inventory, Instant now) {
    Set<String> names = new HashSet<>();
    for (Host host : inventory.hosts()) {
      names.add(host.name());
      HostEntry entry = entries.get(host.name());
      if (entry == null) {
        entries.put(host.name(), new HostEntry(host, now));
      } else {
        if (!sameConnection(entry.host, host)) {
          entry.last = null;
          entry.lastProbe = null;
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
    entry.changed();
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
    if (best == null) {
      return Optional.empty();
    }
    best.leased++;
    best.ownLoad.set(best.leased, now);
    leased++;
    Lease lease = new Lease(nextLeaseId++, best.host.name(), best.slots(), now);
    active.add(lease);
    return Optional.of(lease);
  }

  /** Frees a lease's slot. Releasing a lease twice is a programming error. */
  void release(Lease lease, Instant now) {
    HostEntry entry = entries.get(lease.host());
    if (entry == null || !active.remove(lease)) {
      throw new IllegalArgumentException("not an active lease: " + lease);
    }
    entry.leased--;
    entry.ownLoad.set(entry.leased, now);
    leased--;
    if (entry.retired && entry.leased == 0) {
      entries.remove(lease.host());
    }
  }

  int leased() {
    return leased;
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
              e.desktop.since()));
    }
    return views;
  }

  /** Fastest expected job first; then more free slots; then name, so ties are stable. */
  private static final Comparator<HostEntry> RANKING =
      Comparator.comparingDouble((HostEntry e) -> -e.expectedSpeed())
          .thenComparingInt(e -> -e.free())
          .thenComparing(e -> e.host.name());
}
