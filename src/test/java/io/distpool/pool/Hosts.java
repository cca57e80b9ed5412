package io.distpool.pool;

import io.distpool.inventory.Host;
import io.distpool.inventory.Inventory;
import io.distpool.probe.HostReport;
import io.distpool.probe.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Hosts, inventories and probe reports for the pool tests. */
final class Hosts {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  private Hosts() {}

  static Host host(String name) {
    return Host.of(name, name, 22);
  }

  static Host host(String name, int slots) {
    return host(name).withSlots(OptionalInt.of(slots));
  }

  static Inventory inventory(Host... hosts) {
    return new Inventory(Optional.empty(), List.of(hosts));
  }

  /** An idle host as the probe sees it. */
  static HostReport idle(int cpus) {
    return HostReport.of(cpus, 0.0);
  }

  /** What /proc/loadavg gives: a load average and the run queue at the moment of the probe. */
  static HostReport withRunQueue(HostReport report, int runQueue) {
    return report.withRunQueue(runQueue);
  }

  /** A host that answered with its CPU count but no load average we could read. */
  static HostReport withoutLoad(int cpus) {
    return HostReport.unknown().withCpus(cpus);
  }

  static Session console(Duration idle) {
    return new Session("alice", "tty1", Optional.of(idle), Optional.empty(), true);
  }

  static Session display(Optional<Duration> idle) {
    return new Session("alice", ":0", idle, Optional.of(":0"), true);
  }

  static Session remote(Duration idle) {
    return new Session("bob", "pts/0", Optional.of(idle), Optional.of("10.0.0.1"), false);
  }
}
