package io.distpool.pool;

import static io.distpool.pool.Hosts.T0;
import static io.distpool.pool.Hosts.host;
import static io.distpool.pool.Hosts.idle;
import static org.assertj.core.api.Assertions.assertThat;

import io.distpool.inventory.Inventory;
import io.distpool.inventory.LocalSettings;
import io.distpool.inventory.UserLimits;
import io.distpool.probe.ProbeResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Several users on one daemon: turns across users, caps, and who is shown holding what. */
class FairShareTest {
  private static final Duration WAIT = Duration.ofMinutes(10);
  private static final Requester ALICE = new Requester("alice", "ws1");
  private static final Requester BOB = new Requester("bob", "ws2");

  private final SettableClock clock = new SettableClock(T0);
  private final Pool pool = new Pool(clock);
  private final List<String> servedUsers = new ArrayList<>();
  private final Deque<Lease> held = new ArrayDeque<>();

  @Test
  void aSmallBuildGetsEveryOtherFreedSlotWhileABigOneHoldsTheFarm() {
    farm(4, UserLimits.none());
    for (int i = 0; i < 4; i++) {
      held.add(granted(pool.request(JobSpec.any(), WAIT, ALICE)));
    }
    for (int i = 0; i < 40; i++) {
      queue(ALICE);
    }
    for (int i = 0; i < 4; i++) {
      queue(BOB); // arrives behind 40 of alice's waiters
    }

    for (int i = 0; i < 8; i++) {
      pool.release(held.removeFirst());
    }

    // A freed slot goes to whoever holds fewer: bob until both hold two, then turn about, so all
    // of bob's jobs start within eight frees instead of after alice's forty.
    assertThat(servedUsers).startsWith("bob", "bob");
    assertThat(servedUsers).hasSize(8);
    assertThat(servedUsers.stream().filter("bob"::equals).count()).isEqualTo(4);
  }

  @Test
  void usersWithEqualSharesTakeTurnsInArrivalOrder() {
    farm(2, UserLimits.none());
    held.add(granted(pool.request(JobSpec.any(), WAIT, ALICE)));
    held.add(granted(pool.request(JobSpec.any(), WAIT, BOB)));
    for (int i = 0; i < 3; i++) {
      queue(ALICE);
      queue(BOB);
    }

    for (int i = 0; i < 6; i++) {
      pool.release(held.removeFirst());
    }

    assertThat(servedUsers).containsExactly("alice", "bob", "alice", "bob", "alice", "bob");
  }

  @Test
  void oneUserAloneIsServedFirstComeFirstServed() {
    farm(1, UserLimits.none());
    held.add(granted(pool.request(JobSpec.any(), WAIT, ALICE)));
    List<Waiter> waiters = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      waiters.add(queue(ALICE));
    }

    List<Waiter> order = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      pool.release(held.removeFirst());
      for (Waiter w : waiters) {
        if (w.lease().isDone() && !order.contains(w)) {
          order.add(w);
        }
      }
    }

    assertThat(order).containsExactlyElementsOf(waiters);
  }

  @Test
  void aUserAtTheirCapWaitsEvenWithSlotsFree() {
    farm(8, new UserLimits(OptionalInt.of(3), Map.of("bob", 5)));

    int alice = 0;
    int bob = 0;
    for (int i = 0; i < 6; i++) {
      alice += pool.request(JobSpec.any(), WAIT, ALICE) instanceof Ticket.Granted ? 1 : 0;
      bob += pool.request(JobSpec.any(), WAIT, BOB) instanceof Ticket.Granted ? 1 : 0;
    }

    assertThat(alice).isEqualTo(3);
    assertThat(bob).isEqualTo(5);
    assertThat(pool.status().waiting()).isEqualTo(4);
  }

  @Test
  void aCappedWaiterWhoseTimeIsUpCompilesLocallyAndSaysWhy() {
    farm(4, new UserLimits(OptionalInt.of(1), Map.of()));
    pool.request(JobSpec.any(), WAIT, ALICE);
    Waiter second = ((Ticket.Queued) pool.request(JobSpec.any(), WAIT, ALICE)).waiter();

    Optional<Ticket> expired = pool.expire(second, "waited 2000 ms");

    assertThat(expired.get())
        .isInstanceOfSatisfying(
            Ticket.Refused.class,
            r -> assertThat(r.reason()).contains("alice holds 1 slots, the most limits: allows"));
  }

  @Test
  void statusShowsLeasesAndWaitersPerUserAndClientMachine() {
    farm(2, UserLimits.none());
    pool.request(JobSpec.any(), WAIT, ALICE);
    pool.request(JobSpec.any(), WAIT, ALICE);
    pool.request(JobSpec.any(), WAIT, BOB);
    pool.request(JobSpec.any(), WAIT, new Requester("bob", "ws3"));

    assertThat(pool.status().clients())
        .containsExactly(
            new ClientView("alice", "ws1", 2, 0),
            new ClientView("bob", "ws2", 0, 1),
            new ClientView("bob", "ws3", 0, 1));
  }

  @Test
  void onlyThisMachinesOwnJobsAreKeptHere() {
    Pool withLocal = new Pool(clock, 2, 1.0, 1.0); // ssh mode's fixed cost makes here faster
    withLocal.thisMachine("central");
    withLocal.apply(new Inventory(Optional.empty(), List.of(host("a", 4).withSpeed(1.0))));
    withLocal.record("a", new ProbeResult.Reachable(idle(4)));
    withLocal.recordLocal(io.distpool.probe.HostReport.of(4, 0.0).withRunQueue(1));

    Ticket fromHere = withLocal.request(JobSpec.any(), WAIT, new Requester("carol", "central"));
    Ticket fromWorkstation = withLocal.request(JobSpec.any(), WAIT, ALICE);

    assertThat(fromHere)
        .isInstanceOfSatisfying(
            Ticket.Refused.class, r -> assertThat(r.reason()).startsWith("faster here"));
    assertThat(fromWorkstation).isInstanceOf(Ticket.Granted.class);
  }

  private void farm(int slots, UserLimits limits) {
    pool.apply(
        new Inventory(
            Optional.empty(), List.of(host("a", slots)), LocalSettings.defaults(), limits));
    pool.record("a", new ProbeResult.Reachable(idle(slots)));
  }

  private Waiter queue(Requester who) {
    Ticket ticket = pool.request(JobSpec.any(), WAIT, who);
    assertThat(ticket).isInstanceOf(Ticket.Queued.class);
    Waiter waiter = ((Ticket.Queued) ticket).waiter();
    waiter
        .lease()
        .thenAccept(
            lease -> {
              servedUsers.add(who.user());
              held.addLast(lease);
            });
    return waiter;
  }

  private static Lease granted(Ticket ticket) {
    assertThat(ticket).isInstanceOf(Ticket.Granted.class);
    return ((Ticket.Granted) ticket).lease();
  }
}
