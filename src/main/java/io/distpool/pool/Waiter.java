package io.distpool.pool;

import java.util.concurrent.CompletableFuture;

/**
 * A lease request in the pool's queue. {@link #lease()} completes with the lease once a slot is
 * assigned, and never completes if the waiter is cancelled first.
 */
public final class Waiter {
  private final CompletableFuture<Lease> lease = new CompletableFuture<>();
  final JobSpec spec;

  Waiter(JobSpec spec) {
    this.spec = spec;
  }

  public CompletableFuture<Lease> lease() {
    return lease;
  }
}
