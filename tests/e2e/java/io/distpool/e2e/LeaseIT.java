package io.distpool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A lease lives exactly as long as the gethost that holds it. */
@Timeout(120)
class LeaseIT {
  @TempDir Path tmp;

  @Test
  void killedGethostFreesItsSlotAtOnce() throws Exception {
    try (Farm farm = Farm.start(tmp.resolve("farm"), 1)) {
      farm.writeInventory(farm.inventoryText(farm.hosts, "slots: 1"));
      try (DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory)) {
        daemon.await(Duration.ofSeconds(30), DaemonProcess.allUp(1));
        ProcessBuilder builder =
            new ProcessBuilder(List.of(Repo.gethost().toString(), "sleep", "60"));
        builder.environment().putAll(daemon.env);
        Process gethost = builder.start();
        try {
          daemon.await(Duration.ofSeconds(20), s -> s.get("leased").asInt() == 1);

          // scripts/gethost execs the client (native, else java): this process holds the socket.
          new ProcessBuilder("kill", "-9", Long.toString(gethost.pid())).start().waitFor();
          assertThat(gethost.waitFor(5, TimeUnit.SECONDS)).isTrue();
          long killedAt = System.nanoTime();
          daemon.await(
              Duration.ofSeconds(2),
              s -> s.get("leased").asInt() == 0 && s.get("hosts").get(0).get("free").asInt() == 1);

          assertThat(Duration.ofNanos(System.nanoTime() - killedAt))
              .isLessThan(Duration.ofSeconds(2));
        } finally {
          gethost.descendants().forEach(ProcessHandle::destroyForcibly);
          gethost.destroyForcibly();
        }
      }
    }
  }

  @Test
  void fullPoolCompilesLocallyAfterTheWait() throws Exception {
    try (Farm farm = Farm.start(tmp.resolve("farm"), 1)) {
      farm.writeInventory(farm.inventoryText(farm.hosts, "slots: 1"));
      try (DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory)) {
        daemon.await(Duration.ofSeconds(30), DaemonProcess.allUp(1));
        ProcessBuilder holder = new ProcessBuilder(Repo.gethost().toString(), "sleep", "30");
        holder.environment().putAll(daemon.env);
        Process first = holder.start();
        try {
          daemon.await(Duration.ofSeconds(20), s -> s.get("leased").asInt() == 1);

          long start = System.nanoTime();
          Run.Result second =
              Run.run(
                  tmp,
                  daemon.env,
                  Duration.ofSeconds(30),
                  List.of(
                      Repo.gethost().toString(),
                      "-v",
                      "--wait",
                      "0.5",
                      "sh",
                      "-c",
                      "echo \"$DISTCC_HOSTS\""));

          assertThat(second.exitCode()).isZero();
          assertThat(second.stdout().trim()).matches("localhost/\\d+");
          assertThat(second.stderr()).contains("gethost: local:");
          assertThat(Duration.ofNanos(System.nanoTime() - start))
              .isLessThan(Duration.ofSeconds(10));
        } finally {
          first.destroyForcibly();
        }
      }
    }
  }

  @Test
  void noDaemonMeansALocalCompileWithTheCommandsExitStatus() throws Exception {
    java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.put("DISTPOOL_SOCKET", tmp.resolve("nothing/socket").toString());

    Run.Result result =
        Run.run(
            tmp,
            env,
            Duration.ofSeconds(30),
            List.of(Repo.gethost().toString(), "-v", "sh", "-c", "echo \"$DISTCC_HOSTS\"; exit 7"));

    assertThat(result.exitCode()).isEqualTo(7);
    assertThat(result.stdout().trim()).matches("localhost/\\d+");
    assertThat(result.stderr()).contains("local");
  }
}
