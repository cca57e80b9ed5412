package io.distpool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One daemon for a team: a "central" machine (a real sshd on loopback) runs the daemon, and a
 * "workstation" (another socket directory) reaches it through {@code distpool connect}, an ssh
 * stream-local forward, with no port opened for distpool anywhere.
 */
@Timeout(120)
class ConnectIT {
  @TempDir Path tmp;
  Farm farm;
  SshdHost central;
  DaemonProcess daemon;
  Path sshConfig;
  Path workstation;
  Path shared;
  Process connect;
  Path connectLog;

  @BeforeEach
  void centralDaemonAndWorkstation() throws Exception {
    farm = Farm.start(tmp.resolve("farm"), 1);
    farm.writeInventory(farm.inventoryText(List.of(farm.host("h1"))));
    central = farm.addHost("central");
    farm.trust(central);
    Path centralDir = Files.createDirectories(tmp.resolve("c"));
    daemon = DaemonProcess.start(centralDir, farm.inventory);
    daemon.await(Duration.ofSeconds(30), DaemonProcess.allUp(1));
    // 'distpool socket' in a session on the central machine names the daemon's socket.
    Path remoteDistpool = central.dir.resolve("bin/distpool");
    Files.writeString(
        remoteDistpool,
        "#!/bin/sh\nDISTPOOL_SOCKET="
            + daemon.socket
            + "; export DISTPOOL_SOCKET\nexec "
            + Repo.distpool()
            + " \"$@\"\n");
    Files.setPosixFilePermissions(remoteDistpool, PosixFilePermissions.fromString("rwxr-xr-x"));
    sshConfig = tmp.resolve("ssh_config");
    Files.writeString(
        sshConfig,
        String.join(
            "\n",
            "Host central",
            "  HostName " + central.address,
            "  Port " + central.port,
            "  User " + System.getProperty("user.name"),
            "  IdentityFile " + farm.userKey,
            "  IdentitiesOnly yes",
            "  UserKnownHostsFile " + farm.knownHosts,
            "  StrictHostKeyChecking yes",
            ""));
    workstation = tmp.resolve("w/run");
    shared = workstation.resolve("shared.socket");
    connectLog = tmp.resolve("connect.log");
  }

  @AfterEach
  void stopAll() throws Exception {
    if (connect != null) {
      connect.descendants().forEach(ProcessHandle::destroyForcibly);
      connect.destroyForcibly().waitFor();
    }
    if (daemon != null) {
      daemon.close();
    }
    if (farm != null) {
      farm.close();
    }
  }

  /** The workstation's environment: its own socket directory, its own ssh to the build hosts. */
  Map<String, String> workstationEnv() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.keySet().removeIf(k -> k.startsWith("DISTPOOL_") || k.startsWith("DISTCC_"));
    env.remove("SSH_AUTH_SOCK");
    env.put("DISTPOOL_SOCKET", workstation.resolve("socket").toString());
    // A grant from the shared daemon leaves DISTCC_SSH to the user: here, the same ssh the
    // central daemon gives its own clients, since "both machines" are this one.
    env.put("DISTCC_SSH", daemon.socket.resolveSibling("ssh").toString());
    return env;
  }

  /** Starts {@code distpool connect central} and waits until its forward is up. */
  void startConnect() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                Repo.distpool().toString(), "connect", "-F", sshConfig.toString(), "central")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(connectLog.toFile()));
    builder.environment().clear();
    builder.environment().putAll(workstationEnv());
    connect = builder.start();
    awaitForwardsUp(forwardsUp() + 1);
  }

  long forwardsUp() throws IOException {
    if (!Files.exists(connectLog)) {
      return 0;
    }
    return Files.readAllLines(connectLog).stream().filter(l -> l.contains("forward up")).count();
  }

  void awaitForwardsUp(long count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (forwardsUp() < count || !Files.exists(shared)) {
      if (System.nanoTime() > deadline || !connect.isAlive()) {
        throw new AssertionError("no forward: " + Files.readString(connectLog));
      }
      Thread.sleep(50);
    }
  }

  /** The ssh that {@code distpool connect} runs for its forward. */
  ProcessHandle sshBelowConnect() {
    return connect
        .descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("/ssh")).orElse(false))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ssh below distpool connect"));
  }

  /** Kills {@code distpool connect} with SIGKILL, which it cannot handle. */
  void killConnect() throws Exception {
    new ProcessBuilder("kill", "-9", Long.toString(connect.pid())).start().waitFor();
    connect.waitFor();
  }

  /** {@code gethost -v distcc gcc -c alpha.c} on the workstation; must succeed. */
  Run.Result compile(Path build) throws Exception {
    Files.deleteIfExists(build.resolve("alpha.o"));
    Run.Result result =
        Run.run(
            build,
            workstationEnv(),
            Duration.ofSeconds(30),
            List.of(
                Repo.gethost().toString(),
                "-v",
                "distcc",
                "gcc",
                "-O2",
                "-c",
                "alpha.c",
                "-o",
                "alpha.o"));
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(build.resolve("alpha.o")).exists();
    return result;
  }

  @Test
  void aWorkstationUsesTheCentralDaemonWhileConnectedAndCompilesAnywayWithout() throws Exception {
    Path build = Builds.copyFixture(tmp.resolve("build"));
    startConnect();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workstation)))
        .isEqualTo("rwx------");

    Run.Result shared1 = compile(build);
    assertThat(shared1.stderr())
        .contains("gethost: h1 (DISTCC_HOSTS=@h1/")
        .contains(" via " + shared);
    assertThat(farm.host("h1").compiles()).isEqualTo(1);

    // The lease is held on the central daemon, through the forward, while the command runs.
    ProcessBuilder holder = new ProcessBuilder(Repo.gethost().toString(), "sleep", "30");
    holder.environment().putAll(workstationEnv());
    Process held = holder.start();
    try {
      daemon.await(Duration.ofSeconds(10), s -> s.get("leased").asInt() == 1);
    } finally {
      held.destroyForcibly().waitFor();
    }
    daemon.await(Duration.ofSeconds(5), s -> s.get("leased").asInt() == 0);

    connect.destroy(); // SIGTERM
    assertThat(connect.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(connect.exitValue()).isZero();
    assertThat(shared).doesNotExist();

    Run.Result alone = compile(build);
    assertThat(alone.stderr()).contains("gethost: local: no answer from the daemon at");
    assertThat(farm.host("h1").compiles()).isEqualTo(1);

    startConnect();
    Run.Result shared2 = compile(build);
    assertThat(shared2.stderr()).contains(" via " + shared);
    assertThat(farm.host("h1").compiles()).isEqualTo(2);
  }

  @Test
  void twoUsersBuildingThroughTheForwardAreToldApartAndBothBuildOnTheFarm() throws Exception {
    startConnect();
    Path alice = Builds.copyFixture(tmp.resolve("alice"));
    Path bob = Builds.copyFixture(tmp.resolve("bob"));
    java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicBoolean building =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread watcher =
        new Thread(
            () -> {
              while (building.get()) {
                try {
                  for (var c : daemon.status().get("clients")) {
                    seen.add(c.get("user").asText() + "@" + c.get("client").asText());
                  }
                  Thread.sleep(100);
                } catch (Exception e) {
                  return;
                }
              }
            });
    watcher.start();
    try {
      var builds =
          List.of(
              java.util.concurrent.CompletableFuture.supplyAsync(() -> make(alice, "alice")),
              java.util.concurrent.CompletableFuture.supplyAsync(() -> make(bob, "bob")));
      for (var build : builds) {
        Run.Result result = build.get();
        assertThat(result.exitCode()).as(result.toString()).isZero();
      }
    } finally {
      building.set(false);
      watcher.join();
    }

    String here = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    assertThat(seen).as("users the central daemon showed").contains("alice@" + here, "bob@" + here);
    assertThat(farm.host("h1").compiles()).isEqualTo(2L * Builds.OBJECTS);
    daemon.await(Duration.ofSeconds(5), s -> s.get("clients").isEmpty());
  }

  private Run.Result make(Path dir, String user) {
    Map<String, String> env = workstationEnv();
    env.put("DISTPOOL_USER", user);
    try {
      return Builds.make(dir, env, 4, "30");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theNextConnectEndsTheSshForwardAKilledOneLeftRunning() throws Exception {
    Path build = Builds.copyFixture(tmp.resolve("build"));
    startConnect();
    ProcessHandle leftover = sshBelowConnect();
    killConnect();
    assertThat(leftover.isAlive()).as("SIGKILL cannot take ssh along").isTrue();

    startConnect();

    assertThat(leftover.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    assertThat(Files.readString(connectLog))
        .contains("ended ssh " + leftover.pid() + ", the forward of an earlier distpool connect");
    assertThat(compile(build).stderr()).contains(" via " + shared);
    assertThat(farm.host("h1").compiles()).isEqualTo(1);
  }

  @Test
  void aKilledConnectLeavesAStaleSocketThatCostsTheBuildNothing() throws Exception {
    Path build = Builds.copyFixture(tmp.resolve("build"));
    startConnect();
    sshBelowConnect().destroyForcibly();
    killConnect();
    assertThat(shared).exists();

    Run.Result result = compile(build);
    assertThat(result.stderr())
        .contains("gethost: no answer from the shared daemon at " + shared)
        .contains("gethost: local: no answer from the daemon at");
  }

  @Test
  void connectComesBackAfterTheConnectionDrops() throws Exception {
    Path build = Builds.copyFixture(tmp.resolve("build"));
    startConnect();
    sshBelowConnect().destroyForcibly();
    awaitForwardsUp(2);

    assertThat(Files.readString(connectLog)).contains("connecting again in 1 s");
    assertThat(compile(build).stderr()).contains(" via " + shared);
    assertThat(farm.host("h1").compiles()).isEqualTo(1);
  }
}
