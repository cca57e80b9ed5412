package io.distpool.pool;

import io.distpool.inventory.Inventory;
import io.distpool.probe.ProbeResult;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

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

  /** Leases assigned to waiters but not yet handed over (that happens outside the lock). */
  private final Map<Waiter, Lease> granted = new HashMap<>();

  public Pool(InstantSource clock) {
    this.clock = clock;
  }

  /** Asks for a slot on any host; see {@link #request(JobSpec)}. */
  public Ticket request() {
    return request(JobSpec.any());
  }

  /**
   * Asks for a slot on a host that suits {@code spec}: granted at once when one is free and no
   * earlier waiter needs it, queued when the suitable hosts' slots are all taken, refused when no
   * suitable host could give one soon.
   */
  public Ticket request(JobSpec spec) {
    Waiter waiter = new Waiter(spec);
    Ticket ticket;
    List<Runnable> notices;
    synchronized (this) {
      waiters.addLast(waiter);
      notices = serveWaiters();
      Lease mine = granted.remove(waiter);
      if (mine != null) {
        ticket = new Ticket.Granted(mine);
      } else if (!table.hasCapacity(spec)) {
        waiters.remove(waiter);
        ticket = new Ticket.Refused(table.whyNoCapacity(spec));
      } else {
        ticket = new Ticket.Queued(waiter);
      }
    }
    notices.forEach(Runnable::run);
    return ticket;
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

  /**
   * Grants to waiters in arrival order while slots last, each on a host that suits it; a waiter
   * whose hosts are full does not hold up a later one that other hosts suit. Returns who to tell.
   */
  private List<Runnable> serveWaiters() {
    List<Runnable> notices = new ArrayList<>();
    Iterator<Waiter> queue = waiters.iterator();
    while (queue.hasNext() && table.hasFreeSlot()) {
      Waiter waiter = queue.next();
      var lease = table.grant(waiter.spec, clock.instant());
      if (lease.isPresent()) {
        queue.remove();
        Lease granted = lease.get();
        this.granted.put(waiter, granted);
        notices.add(
            () -> {
              synchronized (this) {
                if (this.granted.remove(waiter) == null) {
                  return; // taken synchronously by request()
                }
              }
              waiter.lease().complete(granted);
            });
      }
    }
    return notices;
  }
}
