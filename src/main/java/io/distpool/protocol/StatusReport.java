package io.distpool.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The pool as {@code status --json} shows it.
 *
 * @param inventory the hosts.yaml the daemon reads (it may not exist)
 * @param inventoryError why the last edit of hosts.yaml was not applied, or null
 * @param local this machine as a candidate for jobs; null from a daemon that does not say
 * @param clients who holds and waits for slots, per user and client machine
 */
public record StatusReport(
    List<HostStatus> hosts,
    int leased,
    int waiting,
    String inventory,
    boolean inventoryExists,
    String inventoryError,
    String version,
    LocalStatus local,
    List<ClientStatus> clients) {

  public StatusReport {
    hosts = List.copyOf(hosts);
    clients = List.copyOf(clients);
    Objects.requireNonNull(inventory, "inventory");
    Objects.requireNonNull(version, "version");
  }

  public StatusReport(
      List<HostStatus> hosts,
      int leased,
      int waiting,
      String inventory,
      boolean inventoryExists,
      String inventoryError,
      String version) {
    this(hosts, leased, waiting, inventory, inventoryExists, inventoryError, version, null);
  }

  public StatusReport(
      List<HostStatus> hosts,
      int leased,
      int waiting,
      String inventory,
      boolean inventoryExists,
      String inventoryError,
      String version,
      LocalStatus local) {
    this(
        hosts,
        leased,
        waiting,
        inventory,
        inventoryExists,
        inventoryError,
        version,
        local,
        List.of());
  }

  /** One user on one client machine: slots held and requests waiting. */
  public record ClientStatus(String user, String client, int leased, int waiting) {}

  /**
   * The machine the daemon runs on, as a candidate for jobs.
   *
   * @param cpus null until probed
   * @param slots at most this many compiles there by the scheduler's choice
   * @param running compiles the scheduler kept there that should still be running
   * @param cpuQuota cores a cgroup CPU quota allows there, or null where none is set
   */
  public record LocalStatus(
      Integer cpus,
      int slots,
      int running,
      double speed,
      String speedSource,
      Double calibrationSeconds,
      String calibrationError,
      Double cpuQuota) {}
}
