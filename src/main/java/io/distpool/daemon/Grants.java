package io.distpool.daemon;

import io.distpool.inventory.Host;
import io.distpool.inventory.Inventory;
import io.distpool.pool.Lease;
import io.distpool.protocol.Response;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Turns a lease into what gethost hands to distcc: {@code DISTCC_HOSTS=@HOST/LIMIT[:DISTCCD]} (ssh
 * mode) and {@code DISTCC_SSH} pointing at the generated wrapper.
 *
 * <p>LIMIT is distcc's own per-user cap for the host, enforced with lock files. The daemon does the
 * real limiting, so LIMIT is set well above the host's slots: distcc must never make a granted job
 * wait on its own locks (it would poll them once a second).
 */
final class Grants {
  static final int MIN_DISTCC_LIMIT = 64;
  private final Path sshWrapper;
  private final Supplier<Inventory> inventory;

  Grants(Path sshWrapper, Supplier<Inventory> inventory) {
    this.sshWrapper = sshWrapper;
    this.inventory = inventory;
  }

  Response.Grant of(Lease lease) {
    int limit = Math.max(MIN_DISTCC_LIMIT, lease.hostSlots() * 2);
    String command =
        inventory
            .get()
            .host(lease.host())
            .flatMap(Host::distccd)
            .map(path -> ":" + path)
            .orElse("");
    return new Response.Grant(
        lease.host(), "@" + lease.host() + "/" + limit + command, sshWrapper.toString());
  }
}
