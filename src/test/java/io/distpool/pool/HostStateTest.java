package io.distpool.pool;

import static io.distpool.pool.Hosts.T0;
import static io.distpool.pool.Hosts.console;
import static io.distpool.pool.Hosts.display;
import static io.distpool.pool.Hosts.host;
import static io.distpool.pool.Hosts.idle;
import static io.distpool.pool.Hosts.inventory;
import static io.distpool.pool.Hosts.remote;
import static org.assertj.core.api.Assertions.assertThat;

import io.distpool.inventory.Host;
import io.distpool.probe.HostKey;
import io.distpool.probe.ProbeResult;
import io.distpool.probe.ReportParser;
import io.distpool.probe.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which hosts give slots at all: up, busy at the desk, down, untrusted, disabled. */
class HostStateTest {
  private final SlotTable table = new SlotTable();

  @Test
  void desktopInUseGivesNoSlots() {
    HostView h = desktopWith(console(Duration.ofMinutes(5)));

    assertThat(h.state()).isEqualTo(HostState.BUSY);
    assertThat(h.desktopActive()).isTrue();
    assertThat(h.error().orElseThrow()).startsWith("desktop in use by ");
    assertThat(h.idleMinutes()).hasValue(5);
    assertThat(table.grant(T0)).isEmpty();
  }

  @Test
  void desktopLeftLongerThanDesktopIdleGivesSlots() {
    HostView h = desktopWith(console(Duration.ofMinutes(20)));

    assertThat(h.state()).isEqualTo(HostState.UP);
    assertThat(h.desktopActive()).isFalse();
    assertThat(table.grant(T0)).isPresent();
  }

  @Test
  void desktopIdleIsTheHostsOwnSetting() {
    Host ws =
        new Host(
            "ws",
            "ws",
            22,
            "u",
            List.of(),
            Path.of("/kh"),
            OptionalInt.empty(),
            java.util.OptionalDouble.empty(),
            Set.of(),
            true,
            true,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofMinutes(2),
            Optional.empty(),
            true,
            OptionalInt.empty(),
            false,
            io.distpool.inventory.Defaults.DEFAULT_COMPILERS);
    table.apply(inventory(ws), T0);
    record(
        "ws",
        new ProbeResult.Reachable(idle(4).withSessions(List.of(console(Duration.ofMinutes(3))))));

    assertThat(view("ws").state()).isEqualTo(HostState.UP);
  }

  @Test
  void remoteSessionsDoNotMakeADesktopBusy() {
    HostView h = desktopWith(remote(Duration.ZERO), remote(Duration.ofMinutes(1)));

    assertThat(h.state()).isEqualTo(HostState.UP);
    assertThat(h.idleMinutes()).isEmpty();
  }

  @Test
  void aLocalDisplayWhoseIdleIsUnknownCountsAsSomeoneAtTheDesk() {
    HostView h = desktopWith(display(Optional.empty()));

    assertThat(h.state()).isEqualTo(HostState.BUSY);
  }

  @Test
  void oneActiveLocalSessionIsEnoughAmongIdleOnes() {
    HostView h = desktopWith(console(Duration.ofHours(3)), display(Optional.of(Duration.ZERO)));

    assertThat(h.state()).isEqualTo(HostState.BUSY);
    assertThat(h.idleMinutes()).hasValue(0);
  }

  @Test
  void aHostThatIsNotADesktopIgnoresItsSessions() {
    table.apply(inventory(host("server")), T0);
    record(
        "server", new ProbeResult.Reachable(idle(4).withSessions(List.of(console(Duration.ZERO)))));

    assertThat(view("server").state()).isEqualTo(HostState.UP);
    assertThat(table.grant(T0)).isPresent();
  }

  @Test
  void aHostNotProbedYetIsDown() {
    table.apply(inventory(host("a")), T0);

    assertThat(view("a").state()).isEqualTo(HostState.DOWN);
    assertThat(view("a").error()).contains("not probed yet");
    assertThat(table.grant(T0)).isEmpty();
  }

  @Test
  void anUnreachableHostIsDownWithTheReason() {
    table.apply(inventory(host("a")), T0);
    record("a", new ProbeResult.Unreachable("connection refused"));

    assertThat(view("a").state()).isEqualTo(HostState.DOWN);
    assertThat(view("a").error()).contains("connection refused");
    assertThat(table.grant(T0)).isEmpty();
  }

  @Test
  void aHostWithAnUnknownKeyIsUntrustedAndShowsTheKey() {
    HostKey offered = new HostKey("ssh-ed25519", "AAAAC3NzaC1lZDI1NTE5AAAAIHdpc2g=");
    table.apply(inventory(host("a")), T0);
    record("a", new ProbeResult.Untrusted("host key not in known_hosts", offered));

    assertThat(view("a").state()).isEqualTo(HostState.UNTRUSTED);
    assertThat(view("a").error()).contains("host key not in known_hosts");
    assertThat(view("a").refusedKey()).contains(offered);
    assertThat(table.grant(T0)).isEmpty();
  }

  @Test
  void aDisabledHostGivesNothingEvenWhenItAnswers() {
    table.apply(inventory(host("a").withEnabled(false)), T0);
    record("a", new ProbeResult.Reachable(idle(8)));

    assertThat(view("a").state()).isEqualTo(HostState.DISABLED);
    assertThat(view("a").error()).isEmpty();
    assertThat(table.grant(T0)).isEmpty();
  }

  @Test
  void aHostThatComesBackUpGivesSlotsAgain() {
    table.apply(inventory(host("a")), T0);
    record("a", new ProbeResult.Unreachable("timeout"));
    record("a", new ProbeResult.Reachable(idle(2)));

    assertThat(view("a").state()).isEqualTo(HostState.UP);
    assertThat(view("a").error()).isEmpty();
    assertThat(table.grant(T0)).isPresent();
  }

  @Test
  void textTheParserCouldNotReadIsShownAsTheError() {
    table.apply(inventory(host("a")), T0);
    record(
        "a",
        new ProbeResult.Reachable(
            ReportParser.parse("@@distpool-probe 1\n@@cpus\nnproc 4\n@@who\nwho: oops\n@@end\n")));

    assertThat(view("a").state()).isEqualTo(HostState.UP);
    assertThat(view("a").error()).contains("unparsed who: who: oops");
  }

  @Test
  void whyNoCapacityCountsTheHostsByState() {
    assertThat(table.whyNoCapacity()).isEqualTo("the pool has no hosts (see hosts.yaml)");

    table.apply(
        inventory(host("a"), host("b"), host("c").withEnabled(false), host("d").withDesktop(true)),
        T0);
    record("d", new ProbeResult.Reachable(idle(4).withSessions(List.of(console(Duration.ZERO)))));

    assertThat(table.hasCapacity()).isFalse();
    assertThat(table.whyNoCapacity()).isEqualTo("no host is up (1 busy, 2 down, 1 disabled)");
  }

  private HostView desktopWith(Session... sessions) {
    table.apply(inventory(host("ws").withDesktop(true)), T0);
    record("ws", new ProbeResult.Reachable(idle(4).withSessions(List.of(sessions))));
    return view("ws");
  }

  private void record(String name, ProbeResult result) {
    table.record(name, result, T0);
  }

  private HostView view(String name) {
    return table.view().stream()
        .filter(v -> v.host().name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void overloadedHostRecoversOnlyWellBelowItsSlotsSoItDoesNotFlap() {
    table.apply(inventory(host("b", 2)), T0);

    record("b", new ProbeResult.Reachable(idle(2).withLoad(1.6, 1.6, 1.6)));
    assertThat(view("b").state()).isEqualTo(HostState.BUSY);
    record("b", new ProbeResult.Reachable(idle(2).withLoad(1.4, 1.4, 1.4)));
    assertThat(view("b").state())
        .as("1.4 would round to 1, but is within the margin")
        .isEqualTo(HostState.BUSY);
    record("b", new ProbeResult.Reachable(idle(2).withLoad(1.2, 1.2, 1.2)));
    assertThat(view("b").state()).isEqualTo(HostState.UP);
    assertThat(view("b").free()).isEqualTo(1);
  }
}
