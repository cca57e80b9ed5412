package io.distpool.daemon;

import io.distpool.pool.Lease;
import io.distpool.pool.Waiter;

/**
 * The lease side of a connection: at most one request, waiting or granted, per connection. All
 * fields are guarded by the instance's monitor, since grants arrive on other threads than the
 * close.
 */
final class LeaseSession {
  Waiter waiter;
  Lease lease;
  boolean requested;
  boolean closed;
}
