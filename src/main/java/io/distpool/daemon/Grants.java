package io.distpool.daemon;

import io.distpool.inventory.Host;
import io.distpool.inventory.Inventory;
import io.distpool.pool.Lease;
import io.distpool.protocol.Response;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Turns a lease into what gethost hands to distcc: {@code DISTCC_HOSTS=@ALIAS/LIMIT[:DISTCCD]} (ssh
 * mode) and {@code DISTCC_SSH} pointing at the generated wrapper. ALIAS is the host's name or one
 * of its connection lanes ({@code name+2}, ...), whose shared connection is opened first.
 *
 * <p>LIMIT is distcc's own per-user cap for the host, enforced with lock files. The daemon does the
 * real limiting, so LIMIT is set well above the host's slots: distcc must never make a granted job
 * wait on its own locks (it would poll them once a second).
 */
final class Grants {
  static final int MIN_DISTCC_LIMIT = 64;
  private final SshConfigFile sshConfig;
  private final MasterConnections masters;
  private final Supplier<Inventory> inventory;
  private final ConnectionLanes lanes = new ConnectionLanes(SshConfigFile.LANE_SESSIONS);

  Grants(SshConfigFile sshConfig, MasterConnections masters, Supplier<Inventory> inventory) {
    this.sshConfig = sshConfig;
    this.masters = masters;
    this.inventory = inventory;
  }

  /** The grant for {@code lease}, once its lane's shared connection is up (or given up on). */
  CompletableFuture<Response.Grant> of(Lease lease) {
    int limit = Math.max(MIN_DISTCC_LIMIT, lease.hostSlots() * 2);
    Optional<Host> host = inventory.get().host(lease.host());
    int lane = lanes.acquire(lease.host(), lease.id(), host.map(sshConfig::lanes).orElse(1));
    String alias = SshConfigFile.alias(lease.host(), lane);
    String command = host.flatMap(Host::distccd).map(path -> ":" + path).orElse("");
    Response.Grant grant =
        new Response.Grant(
            lease.host(), "@" + alias + "/" + limit + command, sshConfig.wrapper().toString());
    boolean shared = host.map(sshConfig::multiplexes).orElse(false);
    return shared
        ? masters.ensure(alias).thenApply(ignored -> grant)
        : CompletableFuture.completedFuture(grant);
  }

  /** The lease ended: its lane has room again. */
  void released(Lease lease) {
    lanes.release(lease.host(), lease.id());
  }
}
