package io.distpool.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The pool as {@code status --json} shows it.
 *
 * @param inventory the hosts.yaml the daemon reads (it may not exist)
 * @param inventoryError why the last edit of hosts.yaml was not applied, or null
 */
public record StatusReport(
    List<HostStatus> hosts,
    int leased,
    int waiting,
    String inventory,
    boolean inventoryExists,
    String inventoryError,
    String version) {

  public StatusReport {
    hosts = List.copyOf(hosts);
    Objects.requireNonNull(inventory, "inventory");
    Objects.requireNonNull(version, "version");
  }
}
