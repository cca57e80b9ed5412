package io.distpool.pool;

import java.util.List;

/**
 * The whole pool at one moment: hosts in rank order, then the hosts giving no slots; and who holds
 * and waits for slots.
 */
public record PoolStatus(
    List<HostView> hosts, int leased, int waiting, LocalView local, List<ClientView> clients) {
  public PoolStatus {
    hosts = List.copyOf(hosts);
    java.util.Objects.requireNonNull(local, "local");
    clients = List.copyOf(clients);
  }
}
