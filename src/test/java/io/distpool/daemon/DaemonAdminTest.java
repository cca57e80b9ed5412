package io.distpool.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distpool.protocol.Codec;
import io.distpool.protocol.DaemonClient;
import io.distpool.protocol.LineChannel;
import io.distpool.protocol.Request;
import io.distpool.protocol.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The admin side of the socket, and the daemon's hold on its runtime directory. */
@Timeout(30)
class DaemonAdminTest {
  private static final Duration SECONDS_5 = Duration.ofSeconds(5);
  @TempDir Path tmp;

  private static Response call(TestDaemon d, Request request) throws Exception {
    return new DaemonClient(d.socket).call(request, SECONDS_5);
  }

  @Test
  void refreshProbesTheNamedHostsNowAndAnswersWhenTheyHaveReported() throws Exception {
    try (TestDaemon d = TestDaemon.start(tmp, TestDaemon.hosts(2, "h1", "h2"))) {
      d.await(s -> s.hosts().stream().allMatch(h -> h.state().equals("up")));
      int before = d.prober.calls("h1");

      Response response = call(d, new Request.Refresh(List.of("h1")));

      assertThat(response).isEqualTo(new Response.Ok("probed 1 host(s)"));
      assertThat(d.prober.calls("h1")).isEqualTo(before + 1);
      assertThat(d.prober.calls("h2")).isEqualTo(1);
    }
  }

  @Test
  void refreshOfAHostNotInTheInventoryIsAnError() throws Exception {
    try (TestDaemon d = TestDaemon.start(tmp, TestDaemon.hosts(2, "h1"))) {
      Response response = call(d, new Request.Refresh(List.of("nosuch")));

      assertThat(response).isInstanceOf(Response.Failure.class);
      assertThat(((Response.Failure) response).message()).startsWith("no host named nosuch");
    }
  }

  @Test
  void reloadAppliesAValidFileAndRefusesABrokenOneKeepingTheOld() throws Exception {
    try (TestDaemon d = TestDaemon.start(tmp, TestDaemon.hosts(2, "h1"))) {
      Files.writeString(d.inventory, TestDaemon.hosts(2, "h1", "h2"));
      assertThat(call(d, new Request.Reload())).isInstanceOf(Response.Ok.class);
      assertThat(d.status().hosts()).hasSize(2);

      Files.writeString(d.inventory, "hosts:\n  - name: h1\n    slots: many\n");
      Response refused = call(d, new Request.Reload());

      assertThat(((Response.Failure) refused).message())
          .isEqualTo(
              d.inventory + ":3:12: hosts[0].slots: expected a whole number, got text " + "'many'");
      assertThat(d.status().hosts()).hasSize(2);
      assertThat(d.status().inventoryError()).contains("expected a whole number");
    }
  }

  @Test
  void stopAnswersThenRemovesTheSocket() throws Exception {
    TestDaemon d = TestDaemon.start(tmp, TestDaemon.hosts(2, "h1"));

    assertThat(call(d, new Request.Stop())).isEqualTo(new Response.Ok("stopping"));

    d.daemon.awaitStop();
    assertThat(Files.exists(d.socket)).isFalse();
    assertThatThrownBy(() -> LineChannel.connect(d.socket)).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void garbageGetsAnErrorAndTheDaemonGoesOnServing() throws Exception {
    try (TestDaemon d = TestDaemon.start(tmp, TestDaemon.hosts(2, "h1"))) {
      try (LineChannel channel = d.connect()) {
        channel.send("HELLO there");
        assertThat(Codec.decodeResponse(channel.readLine(SECONDS_5)))
            .isEqualTo(new Response.Failure("unknown request 'HELLO'"));
      }
      try (LineChannel channel = d.connect()) {
        channel.send("x".repeat(SocketServer.MAX_REQUEST + 10));
      }

      assertThat(d.status().hosts()).hasSize(1);
    }
  }

  @Test
  void secondDaemonOnTheSameSocketRefusesToStart() throws Exception {
    try (TestDaemon d = TestDaemon.start(tmp, TestDaemon.hosts(2, "h1"))) {
      assertThatThrownBy(
              () ->
                  Daemon.start(
                      new DaemonSettings(d.socket, d.inventory, "/usr/bin/ssh", "test"),
                      new ScriptedProber(),
                      InstantSource.system()))
          .isInstanceOf(DaemonException.class)
          .hasMessageContaining("already running on " + d.socket);
      assertThat(d.status().hosts()).hasSize(1);
    }
  }

  @Test
  void staleSocketFromACrashIsReplaced() throws Exception {
    Path run =
        Files.createDirectories(
            tmp.resolve("run"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    var stale = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
    stale.bind(java.net.UnixDomainSocketAddress.of(run.resolve("socket")));
    stale.close(); // the file stays, nobody listens: what a killed daemon leaves behind

    try (TestDaemon d = TestDaemon.start(tmp, TestDaemon.hosts(2, "h1"))) {
      assertThat(d.status().hosts()).hasSize(1);
    }
  }

  @Test
  void runtimeDirectoryIsPrivateAndHoldsTheSshFiles() throws Exception {
    Files.createDirectories(
        tmp.resolve("run"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    try (TestDaemon d = TestDaemon.start(tmp, TestDaemon.hosts(2, "h1"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("run"))))
          .isEqualTo("rwx------");
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(tmp.resolve("run/ssh_config"))))
          .isEqualTo("rw-------");
      assertThat(Files.readString(tmp.resolve("run/ssh")))
          .contains("-F '" + tmp.resolve("run/ssh_config") + "'");
    }
  }

  @Test
  void directoryOwnedBySomeoneElseIsRefused() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "needs root to chown");
    Path run =
        Files.createDirectories(
            tmp.resolve("run"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.setOwner(
        run, run.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

    assertThatThrownBy(() -> TestDaemon.start(tmp, TestDaemon.hosts(2, "h1")))
        .isInstanceOf(DaemonException.class)
        .hasMessageContaining("belongs to nobody");
  }

  @Test
  void refreshSaysWhichHostsAreDisabledInsteadOfClaimingToProbeThem() throws Exception {
    String yaml = TestDaemon.hosts(2, "h1", "h2") + "    enabled: false\n";
    try (TestDaemon d = TestDaemon.start(tmp, yaml)) {
      assertThat(call(d, new Request.Refresh(List.of("h2"))))
          .isEqualTo(new Response.Ok("probed 0 host(s); not probed (enabled: false): h2"));
      assertThat(call(d, new Request.Refresh(List.of())))
          .isEqualTo(new Response.Ok("probed 1 host(s); not probed (enabled: false): h2"));
      assertThat(d.prober.calls("h2")).isZero();
    }
  }
}
