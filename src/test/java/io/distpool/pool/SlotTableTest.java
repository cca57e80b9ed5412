package io.distpool.pool;

import static io.distpool.pool.Hosts.T0;
import static io.distpool.pool.Hosts.host;
import static io.distpool.pool.Hosts.idle;
import static io.distpool.pool.Hosts.inventory;
import static org.assertj.core.api.Assertions.assertThat;

import io.distpool.probe.HostReport;
import io.distpool.probe.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How many leases each host gets and which host gets the next one. */
class SlotTableTest {
  private final SlotTable table = new SlotTable();

  @Test
  void neverGrantsMoreLeasesThanTheInventorySlots() {
    table.apply(inventory(host("a", 3)), T0);
    probe("a", idle(8));

    assertThat(grantAll(T0)).hasSize(3);
  }

  @Test
  void withoutInventorySlotsTheDetectedCpusAreTheSlots() {
    table.apply(inventory(host("a")), T0);
    probe("a", idle(6));

    assertThat(grantAll(T0)).hasSize(6).allSatisfy(l -> assertThat(l.hostSlots()).isEqualTo(6));
  }

  @Test
  void aHostWhoseCpusNobodyKnowsGetsOneJobAtATime() {
    table.apply(inventory(host("a")), T0);
    probe("a", HostReport.unknown());

    assertThat(grantAll(T0)).hasSize(1);
  }

  @Test
  void aHostThatGaveNoLoadIsTakenAsIdle() {
    table.apply(inventory(host("a")), T0);
    probe("a", Hosts.withoutLoad(4));

    assertThat(grantAll(T0)).hasSize(4);
  }

  @Test
  void fasterHostGetsTheFirstLease() {
    table.apply(inventory(host("a").withSpeed(1.0), host("b").withSpeed(2.0)), T0);
    probe("a", idle(4));
    probe("b", idle(4));

    assertThat(table.grant(T0)).map(Lease::host).contains("b");
  }

  @Test
  void fastHostFillsItsCpusBeforeTheSlowerOneGetsAnything() {
    table.apply(inventory(host("fast").withSpeed(2.0), host("slow")), T0);
    probe("fast", idle(2));
    probe("slow", idle(4));

    assertThat(grantAll(T0))
        .extracting(Lease::host)
        .containsExactly("fast", "fast", "slow", "slow", "slow", "slow");
  }

  @Test
  void hostOversubscribedPastItsCpusRanksBelowASlowerIdleOne() {
    table.apply(inventory(host("a", 4), host("b").withSpeed(0.9)), T0);
    probe("a", idle(2));
    probe("b", idle(4));

    // A third job on two CPUs: the two jobs there compile for 2/3 of their leases (2 s of work
    // next to 1 s of fixed cost), so it gets 2 / (1 + 2 × 2/3) = 0.86 of a core, less than b's.
    assertThat(grantAll(T0).subList(0, 3)).extracting(Lease::host).containsExactly("a", "a", "b");
  }

  @Test
  void aHostUnderACpuQuotaIsAsFastAsItsShareOfACore() {
    // q has two CPUs but may use a quarter of one; m has one full CPU of half the speed.
    table.apply(inventory(host("q", 2), host("m", 1).withSpeed(0.5)), T0);
    probe("q", idle(2).withCpuQuota(0.25));
    probe("m", idle(1));

    assertThat(grantAll(T0)).extracting(Lease::host).containsExactly("m", "q", "q");
  }

  @Test
  void shortJobsLeaveTheCpusIdleForPartOfTheirLeasesSoAHostTakesMoreThanItsCpus() {
    // Jobs hold their slots 3 s, of which 0.5 s compiling on a (learned) speed-1 core: the
    // other 2.5 s (ssh, preprocessing on the client) leave the host's CPU to the others.
    SlotTable learned = new SlotTable();
    // One slot each while the jobs teach the model, then four.
    learned.apply(inventory(host("fast", 1).withSpeed(1.0), host("slow", 1).withSpeed(0.5)), T0);
    learned.record("fast", new ProbeResult.Reachable(idle(1)), T0);
    learned.record("slow", new ProbeResult.Reachable(idle(1)), T0);
    for (int i = 0; i < 20; i++) {
      Lease onFast = learned.grant(T0).orElseThrow();
      Lease onSlow = learned.grant(T0).orElseThrow();
      assertThat(onFast.host()).isEqualTo("fast");
      learned.finished(onFast, Duration.ofMillis(3000));
      learned.finished(onSlow, Duration.ofMillis(3500));
      learned.release(onFast, T0);
      learned.release(onSlow, T0);
    }

    learned.apply(inventory(host("fast", 4).withSpeed(1.0), host("slow", 4).withSpeed(0.5)), T0);
    List<String> hosts = new ArrayList<>();
    for (Lease lease = learned.grant(T0).orElse(null);
        lease != null;
        lease = learned.grant(T0).orElse(null)) {
      hosts.add(lease.host());
    }
    // The model learned 0.5 s of work and 2.5 s of fixed cost a job, so fast's third job still
    // gets 1 / (1 + 2/6) = 0.75 of its core, more than slow's 0.5; its fourth 0.67.
    assertThat(hosts)
        .containsExactly("fast", "fast", "fast", "fast", "slow", "slow", "slow", "slow");
  }

  @Test
  void atEqualSpeedTheHostWithMoreFreeSlotsComesFirst() {
    table.apply(inventory(host("a"), host("b")), T0);
    probe("a", idle(2));
    probe("b", idle(8));

    assertThat(table.grant(T0)).map(Lease::host).contains("b");
  }

  @Test
  void leasesSinceTheLastProbeCountAtOnce() {
    table.apply(inventory(host("a")), T0);
    probe("a", idle(4));

    table.grant(T0);
    table.grant(T0);

    assertThat(view("a").free()).isEqualTo(2);
    assertThat(view("a").leased()).isEqualTo(2);
  }

  @Test
  void aBurstBetweenProbesCannotOversubscribe() {
    table.apply(inventory(host("a"), host("b")), T0);
    probe("a", idle(4));
    probe("b", idle(2));

    List<Lease> burst = grantAll(T0);

    assertThat(burst).hasSize(6);
    assertThat(table.grant(T0.plusMillis(1))).isEmpty();
    assertThat(table.leased()).isEqualTo(6);
  }

  @Test
  void ourOwnJobsInTheLoadAverageAreNotCountedAsSomeoneElses() {
    table.apply(inventory(host("a")), T0);
    probe("a", idle(4));
    List<Lease> leases = grantAll(T0);
    Instant later = T0.plus(Duration.ofMinutes(10));
    // Ten minutes of our four jobs: the kernel's load1 has climbed to four.
    table.record("a", new ProbeResult.Reachable(HostReport.of(4, 4.0)), later);

    table.release(leases.get(0), later);
    table.release(leases.get(1), later);

    assertThat(view("a").state()).isEqualTo(HostState.UP);
    assertThat(grantAll(later)).hasSize(2);
  }

  @Test
  void foreignLoadTakesSlotsAway() {
    table.apply(inventory(host("a")), T0);
    probe("a", HostReport.of(4, 1.6));

    assertThat(grantAll(T0)).hasSize(2);
    assertThat(view("a").foreignLoad()).isEqualTo(1.6);
  }

  @Test
  void aLightLoadSuchAsAnIdleDesktopCostsNoSlot() {
    table.apply(inventory(host("a")), T0);
    probe("a", HostReport.of(4, 0.4));

    assertThat(grantAll(T0)).hasSize(4);
  }

  @Test
  void theRunQueueCapsALoadAverageThatLagsBehindAnEndedBuild() {
    table.apply(inventory(host("a")), T0);
    probe("a", Hosts.withRunQueue(HostReport.of(4, 3.9), 0));

    assertThat(grantAll(T0)).hasSize(4);
  }

  @Test
  void anotherSchedulersDistccJobsTakeSlotsBeforeTheyShowInTheLoad() {
    table.apply(inventory(host("a")), T0);
    // Two ssh-mode jobs of another daemon, still receiving their input: no load yet.
    probe("a", Hosts.withRunQueue(idle(4).withSshJobs(2), 0));

    assertThat(grantAll(T0)).hasSize(2);
  }

  @Test
  void ourOwnDistccJobsAreNotCountedTwice() {
    table.apply(inventory(host("a")), T0);
    probe("a", idle(4));
    for (int i = 0; i < 3; i++) {
      assertThat(table.grant(T0)).isPresent();
    }

    // A second later our three jobs run there, and the probe counts them.
    table.record(
        "a",
        new ProbeResult.Reachable(Hosts.withRunQueue(idle(4).withSshJobs(3), 3)),
        T0.plusSeconds(1));

    assertThat(view("a").free()).isEqualTo(1);
  }

  @Test
  void aHostFullOfOtherClientsJobsIsBusyAndSaysSo() {
    table.apply(inventory(host("a")), T0);
    probe("a", idle(4).withSshJobs(4));

    HostView a = view("a");
    assertThat(a.state()).isEqualTo(HostState.BUSY);
    assertThat(a.error()).contains("full: 4 distcc jobs from other clients on 4 slots");
  }

  @Test
  void anOverloadedHostIsBusyAndSaysWhy() {
    table.apply(inventory(host("a")), T0);
    probe("a", HostReport.of(4, 6.0));

    HostView a = view("a");
    assertThat(a.state()).isEqualTo(HostState.BUSY);
    assertThat(a.free()).isZero();
    assertThat(a.error()).hasValueSatisfying(e -> assertThat(e).startsWith("overloaded"));
    assertThat(table.grant(T0)).isEmpty();
  }

  @Test
  void viewRanksTheHostsGivingSlotsThenListsTheRest() {
    table.apply(inventory(host("slow"), host("down"), host("fast").withSpeed(3.0)), T0);
    probe("slow", idle(4));
    probe("fast", idle(4));

    List<HostView> hosts = table.view();

    assertThat(hosts).extracting(v -> v.host().name()).containsExactly("fast", "slow", "down");
    assertThat(hosts.get(0).rank()).hasValue(1);
    assertThat(hosts.get(1).rank()).hasValue(2);
    assertThat(hosts.get(2).rank()).isEmpty();
  }

  @Test
  void theRankedFirstHostIsTheOneTheNextLeaseGoesTo() {
    table.apply(inventory(host("a"), host("b").withSpeed(1.5), host("c", 2)), T0);
    probe("a", HostReport.of(8, 3.0));
    probe("b", HostReport.of(2, 1.0));
    probe("c", idle(4));

    for (int i = 0; i < 6; i++) {
      String first = table.view().get(0).host().name();
      assertThat(table.grant(T0)).map(Lease::host).as("lease %d", i).contains(first);
    }
  }

  private void probe(String name, HostReport report) {
    table.record(name, new ProbeResult.Reachable(report), T0);
  }

  private List<Lease> grantAll(Instant at) {
    List<Lease> leases = new ArrayList<>();
    for (Optional<Lease> l = table.grant(at); l.isPresent(); l = table.grant(at)) {
      leases.add(l.get());
      assertThat(leases).as("runaway grants").hasSizeLessThan(1_000);
    }
    return leases;
  }

  private HostView view(String name) {
    return table.view().stream()
        .filter(v -> v.host().name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aHostJobsCannotReachIsDownForEveryoneUntilABackoffEndsAndAProbeFollows() {
    table.apply(inventory(host("a", 2).withSpeed(2.0), host("b", 2)), T0);
    probe("a", idle(2));
    probe("b", idle(2));
    Lease onA = table.grant(T0).orElseThrow();

    table.failed(onA, "distcc exit 116", T0.plusSeconds(1));
    table.release(onA, T0.plusSeconds(1));

    HostView a = view("a");
    assertThat(a.state()).isEqualTo(HostState.DOWN);
    assertThat(a.error()).get().asString().startsWith("jobs failed to reach it (distcc exit 116");
    assertThat(grantAll(T0.plusSeconds(1))).extracting(Lease::host).containsOnly("b");

    table.record("a", new ProbeResult.Reachable(idle(2)), T0.plusSeconds(5));
    assertThat(view("a").state()).as("probe answers, backoff not over").isEqualTo(HostState.DOWN);
    table.record("a", new ProbeResult.Reachable(idle(2)), T0.plusSeconds(11));
    assertThat(view("a").state()).isEqualTo(HostState.UP);
  }

  @Test
  void aJobThatFinishesOnTheHostResetsItsBackoff() {
    table.apply(inventory(host("a", 2)), T0);
    probe("a", idle(2));
    Lease first = table.grant(T0).orElseThrow();
    table.failed(first, "distcc exit 116", T0);
    table.release(first, T0);
    table.record("a", new ProbeResult.Reachable(idle(2)), T0.plusSeconds(10));
    Lease second = table.grant(T0.plusSeconds(10)).orElseThrow();

    table.finished(second, Duration.ofSeconds(2));
    table.release(second, T0.plusSeconds(12));
    Lease third = table.grant(T0.plusSeconds(12)).orElseThrow();
    table.failed(third, "distcc exit 116", T0.plusSeconds(12));

    assertThat(view("a").error().orElseThrow()).endsWith("until 2024-05-01T10:00:22Z");
  }
}
