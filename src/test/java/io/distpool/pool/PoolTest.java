package io.distpool.pool;

import static io.distpool.pool.Hosts.T0;
import static io.distpool.pool.Hosts.console;
import static io.distpool.pool.Hosts.host;
import static io.distpool.pool.Hosts.idle;
import static io.distpool.pool.Hosts.inventory;
import static org.assertj.core.api.Assertions.assertThat;

import io.distpool.probe.ProbeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The pool as clients meet it: granted, queued in arrival order, or refused. */
class PoolTest {
  private final SettableClock clock = new SettableClock(T0);
  private final Pool pool = new Pool(clock);
  private final List<String> served = new ArrayList<>();

  @Test
  void grantsAtOnceWhenASlotIsFree() {
    oneHostWithSlots(2);

    assertThat(pool.request())
        .isInstanceOfSatisfying(
            Ticket.Granted.class, g -> assertThat(g.lease().host()).isEqualTo("a"));
  }

  @Test
  void queuesWhenEverySlotIsLeased() {
    oneHostWithSlots(1);
    pool.request();

    Ticket second = pool.request();

    assertThat(second).isInstanceOf(Ticket.Queued.class);
    assertThat(((Ticket.Queued) second).waiter().lease()).isNotDone();
  }

  @Test
  void waitersAreServedInArrivalOrderAsLeasesAreReleased() {
    oneHostWithSlots(1);
    Lease first = granted(pool.request());
    Waiter b = queued(pool.request(), "b");
    queued(pool.request(), "c");
    queued(pool.request(), "d");

    pool.release(first);
    assertThat(served).containsExactly("b");

    pool.release(b.lease().join());
    assertThat(served).containsExactly("b", "c");
  }

  @Test
  void aCancelledWaiterNeverGetsALease() {
    oneHostWithSlots(1);
    Lease first = granted(pool.request());
    Waiter b = queued(pool.request(), "b");
    queued(pool.request(), "c");

    assertThat(pool.cancel(b)).isTrue();
    pool.release(first);

    assertThat(served).containsExactly("c");
    assertThat(b.lease()).isNotDone();
    assertThat(pool.status().waiting()).isZero();
  }

  @Test
  void cancellingAWaiterThatAlreadyHasALeaseSaysSo() {
    oneHostWithSlots(1);
    Lease first = granted(pool.request());
    Waiter b = queued(pool.request(), "b");
    pool.release(first);

    assertThat(pool.cancel(b)).isFalse();
    assertThat(b.lease()).isCompleted();
  }

  @Test
  void aHostComingUpServesTheQueue() {
    pool.apply(inventory(host("a", 1), host("b", 2)));
    pool.record("a", new ProbeResult.Reachable(idle(1)));
    granted(pool.request());
    queued(pool.request(), "w1");
    queued(pool.request(), "w2");

    pool.record("b", new ProbeResult.Reachable(idle(2)));

    assertThat(served).containsExactly("w1", "w2");
    assertThat(pool.status().leased()).isEqualTo(3);
  }

  @Test
  void moreSlotsInANewInventoryServeTheQueue() {
    oneHostWithSlots(1);
    granted(pool.request());
    queued(pool.request(), "w");

    pool.apply(inventory(host("a", 2)));

    assertThat(served).containsExactly("w");
  }

  @Test
  void refusedWithAReasonWhenThePoolHasNoHosts() {
    assertThat(pool.request())
        .isEqualTo(new Ticket.Refused("the pool has no hosts (see hosts.yaml)"));
  }

  @Test
  void refusedWithAReasonWhenNoHostIsUp() {
    pool.apply(inventory(host("a"), host("ws").withDesktop(true)));
    pool.record("a", new ProbeResult.Unreachable("connection refused"));
    pool.record(
        "ws", new ProbeResult.Reachable(idle(4).withSessions(List.of(console(Duration.ZERO)))));

    assertThat(pool.request()).isEqualTo(new Ticket.Refused("no host is up (1 busy, 1 down)"));
    assertThat(pool.status().waiting()).isZero();
  }

  @Test
  void statusCountsLeasedAndWaiting() {
    oneHostWithSlots(2);
    pool.request();
    pool.request();
    pool.request();

    PoolStatus status = pool.status();

    assertThat(status.leased()).isEqualTo(2);
    assertThat(status.waiting()).isEqualTo(1);
    assertThat(status.hosts())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.leased()).isEqualTo(2);
              assertThat(h.free()).isZero();
            });
  }

  @Test
  void leasesCarryTheTimeTheyWereGranted() {
    oneHostWithSlots(1);
    clock.advance(Duration.ofSeconds(90));

    assertThat(granted(pool.request()).granted()).isEqualTo(T0.plusSeconds(90));
  }

  @Test
  void waitersAreToldOutsideThePoolLock() {
    oneHostWithSlots(1);
    Lease first = granted(pool.request());
    Waiter w = ((Ticket.Queued) pool.request()).waiter();
    AtomicBoolean toldUnderLock = new AtomicBoolean(true);
    w.lease().thenRun(() -> toldUnderLock.set(Thread.holdsLock(pool)));

    pool.release(first);

    assertThat(w.lease()).isCompleted();
    assertThat(toldUnderLock).isFalse();
  }

  private void oneHostWithSlots(int slots) {
    pool.apply(inventory(host("a", slots)));
    pool.record("a", new ProbeResult.Reachable(idle(slots)));
  }

  private static Lease granted(Ticket ticket) {
    assertThat(ticket).isInstanceOf(Ticket.Granted.class);
    return ((Ticket.Granted) ticket).lease();
  }

  private Waiter queued(Ticket ticket, String name) {
    assertThat(ticket).isInstanceOf(Ticket.Queued.class);
    Waiter waiter = ((Ticket.Queued) ticket).waiter();
    waiter.lease().thenRun(() -> served.add(name));
    return waiter;
  }
}
