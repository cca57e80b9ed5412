package io.distpool.pool;

import java.util.concurrent.CompletableFuture;

/**
 * A lease request in the pool's queue. {@link #outcome()} completes once the scheduler decides:
 * {@link Ticket.Granted} with a lease, or {@link Ticket.Refused} when compiling here became the
 * better choice or no host can take the job any more. It never completes if the waiter is cancelled
 * first.
 */
public final class Waiter {
  private final CompletableFuture<Ticket> outcome = new CompletableFuture<>();
  private final CompletableFuture<Lease> lease = new CompletableFuture<>();
  final JobSpec spec;
  final java.time.Instant deadline;
  final Requester requester;

  /** Arrival order: lower came first. */
  final long position;

  Waiter(JobSpec spec, java.time.Instant deadline, Requester requester, long position) {
    this.spec = spec;
    this.deadline = deadline;
    this.requester = requester;
    this.position = position;
  }

  public CompletableFuture<Ticket> outcome() {
    return outcome;
  }

  /** Completes with the lease when the outcome is a grant; never completes otherwise. */
  public CompletableFuture<Lease> lease() {
    return lease;
  }

  void complete(Ticket ticket) {
    if (ticket instanceof Ticket.Granted) {
      lease.complete(((Ticket.Granted) ticket).lease());
    }
    outcome.complete(ticket);
  }
}
