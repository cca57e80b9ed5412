package io.distpool.daemon;

import io.distpool.pool.Lease;
import io.distpool.protocol.Response;
import java.nio.file.Path;

/**
 * Turns a lease into what gethost hands to distcc: {@code DISTCC_HOSTS=@HOST/LIMIT} (ssh mode)
 * and {@code DISTCC_SSH} pointing at the generated wrapper.
 *
 * <p>LIMIT is distcc's own per-user cap for the host, enforced with lock files. The daemon does
 * the real limiting, so LIMIT is set well above the host's slots: distcc must never make a
 * granted job wait on its own locks (it would poll them once a second).
 */
final class Grants {
  static final int MIN_DISTCC_LIMIT = 64;
  private final Path sshWrapper;

  Grants(Path sshWrapper) {
    this.sshWrapper = sshWrapper;
  }

  Response.Grant of(Lease lease) {
    int limit = Math.max(MIN_DISTCC_LIMIT, lease.hostSlots() * 2);
    return new Response.Grant(lease.host(), "@" + lease.host() + "/" + limit,
        sshWrapper.toString());
  }
}
