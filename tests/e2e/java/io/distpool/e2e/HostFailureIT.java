package io.distpool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hosts that die or cannot be trusted: the pool notices, and builds go on. */
@Timeout(300)
class HostFailureIT {
  @TempDir Path tmp;

  @Test
  void stoppedHostGoesDownWithinTwoPollsAndTheBuildStillSucceeds() throws Exception {
    String expected = Builds.expectedOutput(tmp.resolve("local"));
    try (Farm farm = Farm.start(tmp.resolve("farm"), 2)) {
      farm.writeInventory(farm.inventoryText(farm.hosts));
      try (DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory)) {
        daemon.await(Duration.ofSeconds(30), DaemonProcess.allUp(2));

        farm.host("h2").stop();
        long stoppedAt = System.nanoTime();
        JsonNode status =
            daemon.await(Duration.ofSeconds(2 + 1), DaemonProcess.hostState("h2", "down"));
        Duration noticed = Duration.ofNanos(System.nanoTime() - stoppedAt);

        assertThat(noticed).as("poll interval is 1s").isLessThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(daemon.host("h2").get("error").asText()).isNotEmpty();
        assertThat(status.get("hosts").get(0).get("name").asText()).isEqualTo("h1");
        Path src = Builds.copyFixture(tmp.resolve("src"));
        Run.Result build = Builds.make(src, daemon.env, 4, "20");
        assertThat(build.exitCode()).as(build.toString()).isZero();
        assertThat(Run.ok(src, Map.of(), Duration.ofSeconds(10), List.of("./hello")).stdout())
            .isEqualTo(expected);
        assertThat(farm.host("h2").compiles()).isZero();
        assertThat(farm.host("h1").compiles()).isPositive();
      }
    }
  }

  @Test
  void jobsThatCannotReachAHostCompileLocallyAndTheHostBacksOffForEveryone() throws Exception {
    String expected = Builds.expectedOutput(tmp.resolve("local"));
    try (Farm farm = Farm.start(tmp.resolve("farm"), 2)) {
      // h1 answers its probes, but distcc's ssh finds no distccd there: every job fails.
      String port = "    port: " + farm.host("h1").port + "\n";
      farm.writeInventory(
          farm.inventoryText(farm.hosts)
              .replace(port, port + "    speed: 4.0\n    distccd: /nonexistent/distccd\n"));
      try (DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory)) {
        daemon.await(Duration.ofSeconds(30), DaemonProcess.allUp(2));
        Path src = Builds.copyFixture(tmp.resolve("src"));

        Run.Result build = Builds.make(src, daemon.env, 4, "20");

        assertThat(build.exitCode()).as(build.toString()).isZero();
        assertThat(Run.ok(src, Map.of(), Duration.ofSeconds(10), List.of("./hello")).stdout())
            .isEqualTo(expected);
        JsonNode h1 = daemon.host("h1");
        assertThat(h1.get("state").asText()).isEqualTo("down");
        assertThat(h1.get("error").asText()).startsWith("jobs failed to reach it (distcc exit");
        assertThat(farm.host("h1").compiles()).isZero();
        assertThat(farm.host("h2").compiles()).isPositive();
      }
    }
  }

  /**
   * Left to itself, distcc 3.4 backs off from a host after a remote compile error, and the next job
   * given that host within DISTCC_BACKOFF_PERIOD exits 116 (no hosts), as after a failure to reach
   * it. Compile errors are the source's, not the host's: every job still compiles there, the errors
   * are shown as the compiler wrote them, and the host stays in the pool.
   */
  @ParameterizedTest
  @ValueSource(strings = {"native", "java"})
  void compileErrorsOnAHostNeitherBackItOffNorSendLaterJobsHome(String client) throws Exception {
    try (Farm farm = Farm.start(tmp.resolve("farm"), 1)) {
      farm.writeInventory(farm.inventoryText(farm.hosts));
      try (DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory)) {
        daemon.await(Duration.ofSeconds(30), DaemonProcess.allUp(1));
        Path src = Files.createDirectories(tmp.resolve("broken"));
        int files = 4;
        for (int i = 0; i < files; i++) {
          Files.writeString(
              src.resolve("bad" + i + ".c"), "int f(void) { return undeclared_" + i + "; }\n");
        }
        Map<String, String> env = new java.util.HashMap<>(daemon.env);
        env.put("DISTPOOL_WAIT", "20");
        env.put("DISTPOOL_GETHOST", client);

        // One after another: each job reaches the host within a second of the previous error.
        Run.Result jobs =
            Run.run(
                src,
                env,
                Duration.ofMinutes(2),
                List.of(
                    "sh",
                    "-c",
                    "i=0; while [ $i -lt "
                        + files
                        + " ]; do \"$0\" -v distcc gcc -c bad$i.c -o bad$i.o; echo exit=$?;"
                        + " i=$((i + 1)); done",
                    Repo.gethost().toString()));

        assertThat(jobs.stdout().lines()).as(jobs.toString()).containsOnly("exit=1");
        assertThat(jobs.stdout().lines()).hasSize(files);
        for (int i = 0; i < files; i++) {
          assertThat(jobs.stderr()).contains("undeclared_" + i);
        }
        assertThat(jobs.stderr()).doesNotContain("gethost: local").doesNotContain("distribute");
        assertThat(farm.host("h1").compiles()).isEqualTo(files);
        JsonNode h1 = daemon.host("h1");
        assertThat(h1.get("state").asText()).as(h1.toString()).isEqualTo("up");
      }
    }
  }

  @Test
  void unknownHostKeyIsRefusedShownAndTrustedOnRequest() throws Exception {
    try (Farm farm = Farm.start(tmp.resolve("farm"), 1)) {
      SshdHost stranger = farm.addHost("stranger");
      farm.writeInventory(farm.inventoryText(farm.hosts));
      try (DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory)) {
        JsonNode status =
            daemon.await(Duration.ofSeconds(30), DaemonProcess.hostState("stranger", "untrusted"));
        JsonNode host = daemon.host("stranger");
        String fingerprint =
            Run.ok(
                    stranger.dir,
                    Map.of(),
                    Duration.ofSeconds(10),
                    List.of("ssh-keygen", "-lf", "hostkey.pub"))
                .stdout()
                .split(" ")[1];

        assertThat(host.get("fingerprint").asText()).contains(fingerprint);
        assertThat(host.get("error").asText()).contains("distpool hosts trust stranger");
        assertThat(host.get("free").asInt()).isZero();
        assertThat(Files.readString(farm.knownHosts)).doesNotContain(stranger.address);
        assertThat(status.get("hosts").get(0).get("name").asText()).isEqualTo("h1");
        Run.Result table = daemon.cli("status");
        assertThat(table.stdout()).contains("stranger").contains("untrusted");

        Run.Result trust = daemon.cli("hosts", "trust", "stranger", "--yes");

        assertThat(trust.exitCode()).as(trust.toString()).isZero();
        assertThat(trust.stdout()).contains(fingerprint);
        daemon.await(Duration.ofSeconds(20), DaemonProcess.hostState("stranger", "up"));
      }
    }
  }

  @Test
  void changedHostKeyIsRefusedAndNotReplacedByTrust() throws Exception {
    try (Farm farm = Farm.start(tmp.resolve("farm"), 1)) {
      SshdHost host = farm.host("h1");
      Run.ok(
          tmp,
          Map.of(),
          Duration.ofSeconds(10),
          List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "impostor"));
      String[] other = Files.readString(tmp.resolve("impostor.pub")).trim().split(" ");
      Files.writeString(
          farm.knownHosts,
          "[" + host.address + "]:" + host.port + " " + other[0] + " " + other[1] + "\n");
      farm.writeInventory(farm.inventoryText(farm.hosts));
      try (DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory)) {
        daemon.await(Duration.ofSeconds(30), DaemonProcess.hostState("h1", "untrusted"));

        assertThat(daemon.host("h1").get("error").asText()).contains("HOST KEY CHANGED");
        Run.Result trust = daemon.cli("hosts", "trust", "h1", "--yes");
        assertThat(trust.exitCode()).isEqualTo(1);
        assertThat(trust.stderr()).contains("DIFFERENT key");
      }
    }
  }
}
