package io.distpool.pool;

import io.distpool.inventory.Inventory;
import io.distpool.probe.ProbeResult;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The thread-safe face of the {@link SlotTable}: leases, a first-come-first-served queue of
 * waiters, probe results and inventory changes, all under one lock.
 *
 * <p>Decisions are made inside the lock; waiters are told outside it, so no callback ever runs
 * while the lock is held. Whenever capacity may have grown (a release, a probe, a new inventory),
 * the queue is served again.
 */
public final class Pool {
  private final InstantSource clock;
  private final SlotTable table = new SlotTable();
  private final Deque<Waiter> waiters = new ArrayDeque<>();

  public Pool(InstantSource clock) {
    this.clock = clock;
  }

  /**
   * Asks for a slot: granted at once when one is free and nobody waits before us, queued when the
   * up hosts' slots are all leased, refused when no host could give one soon.
   */
  public Ticket request() {
    synchronized (this) {
      if (waiters.isEmpty()) {
        var lease = table.grant(clock.instant());
        if (lease.isPresent()) {
          return new Ticket.Granted(lease.get());
        }
      }
      if (!table.hasCapacity()) {
        return new Ticket.Refused(table.whyNoCapacity());
      }
      Waiter waiter = new Waiter();
      waiters.addLast(waiter);
      return new Ticket.Queued(waiter);
    }
  }

  /**
   * Takes a waiter out of the queue.
   *
   * @return false when it already had a lease (which the caller now owns and must release)
   */
  public boolean cancel(Waiter waiter) {
    synchronized (this) {
      return waiters.remove(waiter);
    }
  }

  public void release(Lease lease) {
    List<Runnable> notices;
    synchronized (this) {
      table.release(lease, clock.instant());
      notices = serveWaiters();
    }
    notices.forEach(Runnable::run);
  }

  public void record(String host, ProbeResult result) {
    List<Runnable> notices;
    synchronized (this) {
      table.record(host, result, clock.instant());
      notices = serveWaiters();
    }
    notices.forEach(Runnable::run);
  }

  public void apply(Inventory inventory) {
    List<Runnable> notices;
    synchronized (this) {
      table.apply(inventory, clock.instant());
      notices = serveWaiters();
    }
    notices.forEach(Runnable::run);
  }

  public synchronized PoolStatus status() {
    return new PoolStatus(table.view(), table.leased(), waiters.size());
  }

  /** Grants to waiters in arrival order while slots last; returns who to tell. */
  private List<Runnable> serveWaiters() {
    List<Runnable> notices = new ArrayList<>();
    while (!waiters.isEmpty()) {
      var lease = table.grant(clock.instant());
      if (lease.isEmpty()) {
        break;
      }
      Waiter waiter = waiters.removeFirst();
      Lease granted = lease.get();
      notices.add(() -> waiter.lease().complete(granted));
    }
    return notices;
  }
}
