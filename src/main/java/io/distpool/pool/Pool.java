package io.distpool.pool;

import io.distpool.inventory.Inventory;
import io.distpool.inventory.UserLimits;
import io.distpool.probe.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The thread-safe face of the {@link SlotTable}: leases, the queue of waiters, probe results and
 * inventory changes, all under one lock.
 *
 * <p>Waiters are served in turns across users: a free slot goes to the waiter whose user holds the
 * fewest slots, first come first served among equals, so one user's {@code make -j200} does not
 * starve another's {@code make -j8}. A user at their cap ({@code limits:}) waits.
 *
 * <p>Decisions are made inside the lock; waiters are told outside it, so no callback ever runs
 * while the lock is held. Whenever capacity may have grown (a release, a probe, a new inventory),
 * the queue is served again.
 */
public final class Pool {
  private final InstantSource clock;
  private final SlotTable table;
  private final LinkedHashSet<Waiter> waiters = new LinkedHashSet<>();
  private final Map<String, Integer> heldByUser = new HashMap<>();
  private final Map<Requester, Integer> heldByRequester = new HashMap<>();
  private final ClientBackoffs clientBackoffs = new ClientBackoffs();
  private UserLimits limits = UserLimits.none();
  private long arrivals;

  /** This machine's name: only its own clients' jobs may be kept here. Null: every client's. */
  private volatile String thisMachine;

  /** Outcomes decided for waiters but not yet handed over (that happens outside the lock). */
  private final Map<Waiter, Ticket> decided = new HashMap<>();

  /** A pool that never chooses this machine over a host (it still compiles here as fallback). */
  public Pool(InstantSource clock) {
    this(clock, 0, 1.0, JobEstimates.DEFAULT_REMOTE_OVERHEAD);
  }

  /**
   * A pool that counts this machine as a candidate with {@code localSlots} slots at {@code
   * localSpeed} (relative to the hosts' speeds), and expects each remote job to cost {@code
   * remoteOverhead} seconds before it compiles.
   */
  public Pool(InstantSource clock, int localSlots, double localSpeed, double remoteOverhead) {
    this.clock = clock;
    this.table = new SlotTable(new LocalMachine(localSlots, localSpeed), remoteOverhead);
  }

  /** Asks for a slot on any host, with no time limit; see {@link #request(JobSpec, Duration)}. */
  public Ticket request() {
    return request(JobSpec.any());
  }

  /** Asks for a slot with no time limit; see {@link #request(JobSpec, Duration)}. */
  public Ticket request(JobSpec spec) {
    return request(spec, Duration.ofDays(1));
  }

  /**
   * Asks for a slot on a host that suits {@code spec}, for a client that waits at most {@code
   * maxWait}: granted where the job would finish soonest, queued when a busy host is worth waiting
   * for (or every slot is taken), refused when this machine is the better place or no suitable host
   * is up.
   */
  public Ticket request(JobSpec spec, Duration maxWait) {
    return request(spec, maxWait, Requester.UNKNOWN);
  }

  /** Asks for a slot on behalf of {@code requester}; see {@link #request(JobSpec, Duration)}. */
  public Ticket request(JobSpec spec, Duration maxWait, Requester requester) {
    Instant arrived = clock.instant();
    Ticket ticket;
    List<Runnable> notices;
    synchronized (this) {
      if (!isHere(requester)) {
        spec = spec.avoiding(clientBackoffs.avoidedBy(requester.client(), arrived));
      }
      Waiter waiter = new Waiter(spec, arrived.plus(maxWait), requester, arrivals++);
      table.arrivals.arrived(arrived);
      waiters.add(waiter);
      notices = serveWaiters(false);
      Ticket mine = decided.remove(waiter);
      if (mine != null) {
        ticket = mine;
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
      dropHeld(lease.holder());
      notices = serveWaiters(false);
    }
    notices.forEach(Runnable::run);
  }

  public void record(String host, ProbeResult result) {
    List<Runnable> notices;
    synchronized (this) {
      table.record(host, result, clock.instant());
      notices = serveWaiters(true);
    }
    notices.forEach(Runnable::run);
  }

  /** What a probe of this machine found: how busy it is, for choosing local compiles. */
  public void recordLocal(io.distpool.probe.HostReport report) {
    List<Runnable> notices;
    synchronized (this) {
      table.recordLocal(report);
      notices = serveWaiters(true);
    }
    notices.forEach(Runnable::run);
  }

  public void apply(Inventory inventory) {
    List<Runnable> notices;
    synchronized (this) {
      table.apply(inventory, clock.instant());
      limits = inventory.limits();
      notices = serveWaiters(true);
    }
    notices.forEach(Runnable::run);
  }

  public synchronized PoolStatus status() {
    return new PoolStatus(
        table.view(), table.leased(), waiters.size(), table.localView(clock.instant()), clients());
  }

  /** Leases held and waiting, per user and client machine, busiest first. */
  private List<ClientView> clients() {
    Map<Requester, int[]> counts = new TreeMap<>(Pool::byUserAndClient);
    heldByRequester.forEach((r, n) -> counts.computeIfAbsent(r, k -> new int[2])[0] = n);
    for (Waiter w : waiters) {
      counts.computeIfAbsent(w.requester, k -> new int[2])[1]++;
    }
    List<ClientView> clients = new ArrayList<>();
    counts.forEach((r, n) -> clients.add(new ClientView(r.user(), r.client(), n[0], n[1])));
    clients.sort((a, b) -> Integer.compare(b.leased() + b.waiting(), a.leased() + a.waiting()));
    return clients;
  }

  private static int byUserAndClient(Requester a, Requester b) {
    int user = a.user().compareTo(b.user());
    return user != 0 ? user : a.client().compareTo(b.client());
  }

  /**
   * Names this machine: from then on, only jobs whose client is this machine may be kept here (a
   * job from a workstation that reaches a shared daemon compiles there, not on the daemon's
   * machine).
   */
  public void thisMachine(String name) {
    thisMachine = name;
  }

  private boolean isHere(Requester requester) {
    String here = thisMachine;
    return here == null || requester == Requester.UNKNOWN || requester.client().equals(here);
  }

  /** A host's calibration ended; a timed one sets its speed. */
  public void calibrated(String host, io.distpool.probe.Calibration result) {
    synchronized (this) {
      table.calibrated(host, result);
    }
  }

  /** This machine's calibration ended. */
  public void calibratedLocal(io.distpool.probe.Calibration result) {
    synchronized (this) {
      table.calibratedLocal(result);
    }
  }

  /** Whether the host has no calibration yet and may be calibrated now. */
  public synchronized boolean needsCalibration(String host) {
    return table.needsCalibration(host);
  }

  public synchronized boolean localNeedsCalibration() {
    return table.localNeedsCalibration();
  }

  /** What has been measured and learned, to keep for the next run. */
  public synchronized SpeedMemory memory() {
    return table.memory();
  }

  /** Takes back what an earlier run measured and learned. */
  public void remember(SpeedMemory memory) {
    List<Runnable> notices;
    synchronized (this) {
      table.remember(memory);
      notices = serveWaiters(true);
    }
    notices.forEach(Runnable::run);
  }

  /**
   * Decides for waiters while any slot is free, in turns across users (see the class comment): a
   * grant on the host where the job finishes soonest, a local compile when that is sooner, or more
   * waiting when a busy host is worth it. A waiter whose hosts are full does not hold up a later
   * one that other hosts suit. Returns who to tell.
   */
  private List<Runnable> serveWaiters(boolean statesChanged) {
    List<Runnable> notices = new ArrayList<>();
    Instant now = clock.instant();
    if (!statesChanged && !table.hasFreeSlot() && !table.localHasFreeSlot(now)) {
      return notices; // nothing freed, nothing changed: every waiter would wait on
    }
    Map<JobSpec, Plan> plans = new HashMap<>();
    Map<JobSpec, Integer> ahead = new HashMap<>();
    PriorityQueue<Turn> turns = new PriorityQueue<>();
    for (Waiter waiter : waiters) {
      turns.add(new Turn(waiter, held(waiter.requester.user())));
    }
    while (!turns.isEmpty()) {
      Turn turn = turns.poll();
      Waiter waiter = turn.waiter;
      int held = held(waiter.requester.user());
      if (held != turn.held) { // its user was granted a slot since: take its place again
        turns.add(new Turn(waiter, held));
        continue;
      }
      if (held >= limits.capFor(waiter.requester.user())) {
        continue; // at the user's cap: waits for one of their own leases to end
      }
      Plan plan = plans.computeIfAbsent(waiter.spec, spec -> table.plan(spec, now));
      int before = ahead.getOrDefault(waiter.spec, 0);
      double left = Math.max(0, Duration.between(now, waiter.deadline).toNanos() / 1e9);
      Plan offer = isHere(waiter.requester) ? plan : plan.withoutLocal();
      Ticket ticket = ticket(table.decide(offer, waiter.spec, now, before, left), now, waiter);
      if (ticket == null) {
        ahead.put(waiter.spec, before + 1);
        continue;
      }
      plans.clear(); // a slot or the local machine was taken: every plan changes
      waiters.remove(waiter);
      decided.put(waiter, ticket);
      notices.add(() -> tell(waiter));
    }
    return notices;
  }

  /** A waiter's place in this round: fewest slots held by its user first, then arrival. */
  private static final class Turn implements Comparable<Turn> {
    final Waiter waiter;
    final int held;

    Turn(Waiter waiter, int held) {
      this.waiter = waiter;
      this.held = held;
    }

    @Override
    public int compareTo(Turn other) {
      return held != other.held
          ? Integer.compare(held, other.held)
          : Long.compare(waiter.position, other.waiter.position);
    }
  }

  private int held(String user) {
    return heldByUser.getOrDefault(user, 0);
  }

  private void addHeld(Requester requester) {
    heldByUser.merge(requester.user(), 1, Integer::sum);
    heldByRequester.merge(requester, 1, Integer::sum);
  }

  private void dropHeld(Requester requester) {
    heldByUser.computeIfPresent(requester.user(), (k, n) -> n > 1 ? n - 1 : null);
    heldByRequester.computeIfPresent(requester, (k, n) -> n > 1 ? n - 1 : null);
  }

  /** The ticket a decision gives, or null to wait on. */
  private Ticket ticket(Choice choice, Instant now, Waiter waiter) {
    if (choice instanceof Choice.Remote) {
      addHeld(waiter.requester);
      return new Ticket.Granted(
          table.lease(((Choice.Remote) choice).host(), now, waiter.requester));
    }
    if (choice instanceof Choice.Local) {
      return new Ticket.Refused(((Choice.Local) choice).why());
    }
    if (choice instanceof Choice.Refuse) {
      return new Ticket.Refused(((Choice.Refuse) choice).why());
    }
    return null;
  }

  /**
   * The waiter's time is up: it gets the best place there is now, free host or this machine, rather
   * than a compile here by default.
   *
   * @return its ticket, or empty when it was decided (or cancelled) before
   */
  public java.util.Optional<Ticket> expire(Waiter waiter, String why) {
    synchronized (this) {
      if (!waiters.remove(waiter)) {
        return java.util.Optional.empty();
      }
      String user = waiter.requester.user();
      int cap = limits.capFor(user);
      if (held(user) >= cap) {
        return java.util.Optional.of(
            new Ticket.Refused(
                why + "; " + user + " holds " + cap + " slots, the most limits: allows"));
      }
      Instant now = clock.instant();
      Plan plan = table.plan(waiter.spec, now);
      Plan offer = isHere(waiter.requester) ? plan : plan.withoutLocal();
      Ticket ticket = ticket(table.decide(offer, waiter.spec, now, 0, 0), now, waiter);
      return java.util.Optional.of(ticket != null ? ticket : new Ticket.Refused(why));
    }
  }

  private void tell(Waiter waiter) {
    Ticket ticket;
    synchronized (this) {
      ticket = decided.remove(waiter);
    }
    if (ticket != null) { // null: request() took it synchronously
      waiter.complete(ticket);
    }
  }

  /**
   * A job never reached its host: the host backs off for every client (see {@link Backoff}) and its
   * slots go to others; but when the job came from another machine, which reaches the hosts with
   * its own ssh, only that machine's jobs keep away, until jobs from a second machine fail there
   * too (see {@link ClientBackoffs}).
   *
   * @return true when the host backs off for everyone
   */
  public boolean failed(Lease lease, String why) {
    List<Runnable> notices;
    boolean everyone;
    synchronized (this) {
      Instant now = clock.instant();
      Requester holder = lease.holder();
      everyone = isHere(holder) || clientBackoffs.failed(lease.host(), holder.client(), why, now);
      if (everyone) {
        table.failed(lease, why, now);
      } else {
        table.unlearn(lease);
      }
      notices = serveWaiters(true);
    }
    notices.forEach(Runnable::run);
    return everyone;
  }

  /** Learns from a job that ended normally after {@code elapsed} of wall time. */
  public void finished(Lease lease, java.time.Duration elapsed) {
    synchronized (this) {
      table.finished(lease, elapsed);
      if (!isHere(lease.holder())) {
        clientBackoffs.succeeded(lease.host(), lease.holder().client());
      }
    }
  }
}
