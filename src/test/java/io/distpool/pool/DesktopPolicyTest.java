package io.distpool.pool;

import static io.distpool.pool.Hosts.T0;
import static io.distpool.pool.Hosts.console;
import static io.distpool.pool.Hosts.host;
import static io.distpool.pool.Hosts.idle;
import static io.distpool.pool.Hosts.inventory;
import static io.distpool.pool.Hosts.remote;
import static org.assertj.core.api.Assertions.assertThat;

import io.distpool.inventory.Host;
import io.distpool.probe.ProbeResult;
import io.distpool.probe.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Desktops: reserved slots, remote sessions by choice, and no flapping between polls. */
class DesktopPolicyTest {
  private final SlotTable table = new SlotTable();

  private void probe(Host host, Instant at, Session... sessions) {
    table.record(
        host.name(), new ProbeResult.Reachable(idle(4).withSessions(List.of(sessions))), at);
  }

  private HostView view(String name) {
    return table.view().stream()
        .filter(v -> v.host().name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void reserveKeepsSomeSlotsForThePersonInsteadOfAll() {
    Host ws = host("ws", 4).withDesktopReserve(OptionalInt.of(1));
    table.apply(inventory(ws), T0);

    probe(ws, T0, console(Duration.ZERO));

    HostView v = view("ws");
    assertThat(v.state()).isEqualTo(HostState.UP);
    assertThat(v.reserved()).isEqualTo(1);
    assertThat(v.free()).isEqualTo(3);
    assertThat(v.desktopUser()).contains("alice");
  }

  @Test
  void reserveCoversTheUsersOwnLoadRatherThanAddingToIt() {
    Host ws = host("ws", 4).withDesktopReserve(OptionalInt.of(2));
    table.apply(inventory(ws), T0);

    table.record(
        "ws",
        new ProbeResult.Reachable(
            idle(4).withLoad(1.0, 1.0, 1.0).withSessions(List.of(console(Duration.ZERO)))),
        T0);

    assertThat(view("ws").free()).as("4 slots - max(1 foreign, 2 reserved)").isEqualTo(2);
  }

  @Test
  void desktopStaysInUseUntilItsUserHasBeenIdleAMarginLonger() {
    Host ws = host("ws", 4).withDesktop(true).withDesktopIdle(Duration.ofMinutes(10));
    table.apply(inventory(ws), T0);
    probe(ws, T0, console(Duration.ofMinutes(9)));
    assertThat(view("ws").state()).isEqualTo(HostState.BUSY);

    probe(ws, T0.plusSeconds(60), console(Duration.ofMinutes(10)));
    assertThat(view("ws").state()).as("at desktop_idle").isEqualTo(HostState.BUSY);
    probe(ws, T0.plusSeconds(90), console(Duration.ofMinutes(10)));
    assertThat(view("ws").state()).as("still within the margin").isEqualTo(HostState.BUSY);

    probe(ws, T0.plusSeconds(120), console(Duration.ofMinutes(11)));
    assertThat(view("ws").state()).isEqualTo(HostState.UP);
    assertThat(view("ws").desktopUser()).isEmpty();
  }

  @Test
  void anIdleDesktopDoesNotTurnBusyAtTheMarginItself() {
    Host ws = host("ws", 4).withDesktop(true).withDesktopIdle(Duration.ofMinutes(10));
    table.apply(inventory(ws), T0);

    probe(ws, T0, console(Duration.ofMinutes(10)));

    assertThat(view("ws").state()).isEqualTo(HostState.UP);
  }

  @Test
  void loggingOutEndsTheUseAtOnce() {
    Host ws = host("ws", 4).withDesktop(true);
    table.apply(inventory(ws), T0);
    probe(ws, T0, console(Duration.ZERO));

    probe(ws, T0.plusSeconds(5));

    assertThat(view("ws").state()).isEqualTo(HostState.UP);
  }

  @Test
  void activityStartsANewSpellWithItsOwnStartTime() {
    Host ws = host("ws", 4).withDesktop(true).withDesktopIdle(Duration.ofMinutes(10));
    table.apply(inventory(ws), T0);
    probe(ws, T0, console(Duration.ZERO));
    probe(ws, T0.plusSeconds(100), console(Duration.ofMinutes(3)));

    assertThat(view("ws").desktopSince()).contains(T0);
    probe(ws, T0.plusSeconds(200), console(Duration.ofMinutes(30)));
    probe(ws, T0.plusSeconds(300), console(Duration.ZERO));
    assertThat(view("ws").desktopSince()).contains(T0.plusSeconds(300));
  }

  @Test
  void remoteSessionsCountOnlyWhenTheHostSaysSo() {
    Host counting = host("counting", 4).withDesktop(true).withDesktopRemote(true);
    Host ignoring = host("ignoring", 4).withDesktop(true);
    table.apply(inventory(counting, ignoring), T0);

    probe(counting, T0, remote(Duration.ZERO));
    probe(ignoring, T0, remote(Duration.ZERO));

    assertThat(view("counting").state()).isEqualTo(HostState.BUSY);
    assertThat(view("ignoring").state()).isEqualTo(HostState.UP);
  }

  @Test
  void reserveOfZeroStillNamesTheUserButGivesEverySlot() {
    Host ws = host("ws", 2).withDesktopReserve(OptionalInt.of(0));
    table.apply(inventory(ws), T0);

    probe(ws, T0, console(Duration.ZERO));

    assertThat(view("ws").free()).isEqualTo(2);
    assertThat(view("ws").desktopActive()).isTrue();
  }
}
