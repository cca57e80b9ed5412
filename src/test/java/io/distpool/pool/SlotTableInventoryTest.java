package io.distpool.pool;

import static io.distpool.pool.Hosts.T0;
import static io.distpool.pool.Hosts.host;
import static io.distpool.pool.Hosts.idle;
import static io.distpool.pool.Hosts.inventory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distpool.inventory.Host;
import io.distpool.probe.ProbeResult;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Leases across inventory changes, and leases handed back wrongly. */
class SlotTableInventoryTest {
  private final SlotTable table = new SlotTable();

  @Test
  void aRemovedHostWithJobsRetiresUntilTheyAreReleased() {
    table.apply(inventory(host("a"), host("b")), T0);
    table.record("a", new ProbeResult.Reachable(idle(1)), T0);
    Lease lease = table.grant(T0).orElseThrow();

    table.apply(inventory(host("b")), T0);

    assertThat(table.view())
        .filteredOn(v -> v.host().name().equals("a"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.state()).isEqualTo(HostState.DISABLED);
              assertThat(a.leased()).isEqualTo(1);
              assertThat(a.error()).contains("removed from hosts.yaml; finishing 1 job(s)");
            });

    table.release(lease, T0);

    assertThat(table.view()).extracting(v -> v.host().name()).containsExactly("b");
    assertThat(table.leased()).isZero();
  }

  @Test
  void aRetiredHostGetsNoNewLeasesAndIgnoresProbes() {
    table.apply(inventory(host("a", 4)), T0);
    table.record("a", new ProbeResult.Reachable(idle(4)), T0);
    table.grant(T0);

    table.apply(inventory(), T0);
    table.record("a", new ProbeResult.Reachable(idle(4)), T0.plusSeconds(5));

    assertThat(table.grant(T0)).isEmpty();
    assertThat(table.view()).singleElement().satisfies(a -> assertThat(a.lastProbe()).contains(T0));
  }

  @Test
  void aRemovedHostWithoutJobsDisappearsAtOnce() {
    table.apply(inventory(host("a"), host("b")), T0);

    table.apply(inventory(host("b")), T0);

    assertThat(table.view()).extracting(v -> v.host().name()).containsExactly("b");
  }

  @Test
  void aHostAddedBackBeforeItsJobsEndServesAgain() {
    table.apply(inventory(host("a", 2)), T0);
    table.record("a", new ProbeResult.Reachable(idle(2)), T0);
    table.grant(T0);
    table.apply(inventory(), T0);

    table.apply(inventory(host("a", 2)), T0);

    assertThat(table.grant(T0)).map(Lease::host).contains("a");
    assertThat(table.grant(T0)).isEmpty();
  }

  @Test
  void changedSlotsApplyWithoutWaitingForAProbe() {
    table.apply(inventory(host("a", 1)), T0);
    table.record("a", new ProbeResult.Reachable(idle(8)), T0);
    table.grant(T0);

    table.apply(inventory(host("a", 3)), T0);

    assertThat(table.grant(T0)).isPresent();
    assertThat(table.grant(T0)).isPresent();
    assertThat(table.grant(T0)).isEmpty();
  }

  @Test
  void aNewAddressForgetsWhatTheOldOneAnswered() {
    Host before = host("a");
    table.apply(inventory(before), T0);
    table.record("a", new ProbeResult.Reachable(idle(4)), T0);

    table.apply(inventory(Host.of("a", "10.9.9.9", 22)), T0);

    assertThat(table.view())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.state()).isEqualTo(HostState.DOWN);
              assertThat(a.error()).contains("not probed yet");
            });
  }

  @Test
  void aNewSpeedKeepsTheLastProbe() {
    table.apply(inventory(host("a")), T0);
    table.record("a", new ProbeResult.Reachable(idle(4)), T0);

    table.apply(inventory(host("a").withSpeed(2.0)), T0);

    assertThat(table.view())
        .singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(HostState.UP));
  }

  @Test
  void releasingALeaseOfAnUnknownHostIsAProgrammingError() {
    table.apply(inventory(host("a")), T0);

    assertThatThrownBy(() -> table.release(new Lease(42, "nowhere", 1, T0), T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an active lease");
  }

  @Test
  void releasingALeaseTheTableNeverGrantedIsAProgrammingError() {
    table.apply(inventory(host("a", 4)), T0);
    table.record("a", new ProbeResult.Reachable(idle(4)), T0);
    table.grant(T0);

    assertThatThrownBy(() -> table.release(new Lease(42, "a", 4, T0), T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an active lease");
    assertThat(table.leased()).isEqualTo(1);
  }

  @Test
  void releasingALeaseTwiceIsAProgrammingErrorEvenWhileOthersAreActive() {
    table.apply(inventory(host("a").withSlots(OptionalInt.of(2))), T0);
    table.record("a", new ProbeResult.Reachable(idle(2)), T0);
    Lease first = table.grant(T0).orElseThrow();
    table.grant(T0);
    table.release(first, T0);

    assertThatThrownBy(() -> table.release(first, T0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(table.leased()).isEqualTo(1);
    assertThat(table.grant(T0)).isPresent();
    assertThat(table.grant(T0)).as("still only two slots").isEmpty();
  }
}
