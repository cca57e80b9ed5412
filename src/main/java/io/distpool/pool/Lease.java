package io.distpool.pool;

import java.time.Instant;
import java.util.Objects;

/**
 * The right to run one job on one host, held until released.
 *
 * @param hostSlots the host's slot count when the lease was granted
 * @param holder who asked for it
 */
public record Lease(long id, String host, int hostSlots, Instant granted, Requester holder) {
  public Lease {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(granted, "granted");
    Objects.requireNonNull(holder, "holder");
  }

  /** A lease whose holder did not say who they are. */
  public Lease(long id, String host, int hostSlots, Instant granted) {
    this(id, host, hostSlots, granted, Requester.UNKNOWN);
  }
}
