package io.distpool.pool;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hosts that jobs from one other machine could not reach. Such a machine (a workstation using a
 * team's daemon through {@code distpool connect}) reaches the hosts with its own ssh: its own
 * config, keys and known_hosts. When only its jobs fail on a host, the fault is most likely there,
 * so only its jobs keep away from the host (for the time a {@link Backoff} gives); when jobs from a
 * second machine fail on the same host too, the host itself is at fault and backs off for all. Jobs
 * from the daemon's own machine use the daemon's ssh, so their failures always count for all. Not
 * thread-safe.
 */
final class ClientBackoffs {
  /** host, then client machine. */
  private final Map<String, Map<String, Backoff>> backoffs = new HashMap<>();

  /**
   * A job from {@code client} could not reach {@code host}.
   *
   * @return true when jobs from another machine failed on it too, and not long ago: the host's
   *     fault
   */
  boolean failed(String host, String client, String why, Instant now) {
    Map<String, Backoff> clients = backoffs.computeIfAbsent(host, h -> new HashMap<>());
    clients.computeIfAbsent(client, c -> new Backoff()).failed(why, now);
    int failing = 0;
    for (Backoff backoff : clients.values()) {
      backoff.expire(now);
      if (backoff.active()) {
        failing++;
      }
    }
    return failing >= 2;
  }

  /** A job from {@code client} got through to {@code host}: its next failure starts afresh. */
  void succeeded(String host, String client) {
    Map<String, Backoff> clients = backoffs.get(host);
    if (clients != null && clients.remove(client) != null && clients.isEmpty()) {
      backoffs.remove(host);
    }
  }

  /** The hosts jobs from {@code client} keep away from at {@code now}. */
  Set<String> avoidedBy(String client, Instant now) {
    Set<String> hosts = new TreeSet<>();
    backoffs.forEach(
        (host, clients) -> {
          Backoff backoff = clients.get(client);
          if (backoff != null) {
            backoff.expire(now);
            if (backoff.active()) {
              hosts.add(host);
            }
          }
        });
    return hosts;
  }
}
