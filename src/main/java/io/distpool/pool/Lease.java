package io.distpool.pool;

import java.time.Instant;
import java.util.Objects;

/**
 * The right to run one job on one host, held until released.
 *
 * @param hostSlots the host's slot count when the lease was granted
 */
public record Lease(long id, String host, int hostSlots, Instant granted) {
  public Lease {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(granted, "granted");
  }
}
