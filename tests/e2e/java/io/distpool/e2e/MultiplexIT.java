package io.distpool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** distcc's ssh jobs share one OpenSSH connection per host, and survive losing it. */
@Timeout(300)
class MultiplexIT {
  @TempDir Path tmp;

  private Run.Result sshControl(Path run, String command, String host) throws Exception {
    return Run.run(
        tmp,
        Map.of(),
        Duration.ofSeconds(20),
        List.of("ssh", "-F", run.resolve("ssh_config").toString(), "-O", command, host));
  }

  @Test
  void jobsShareAMasterAndADeadMasterFallsBackToADirectConnection() throws Exception {
    try (Farm farm = Farm.start(tmp.resolve("farm"), 1)) {
      farm.writeInventory(farm.inventoryText(farm.hosts));
      try (DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory)) {
        daemon.await(Duration.ofSeconds(30), DaemonProcess.allUp(1));
        Path run = daemon.socket.getParent();
        Path src = Builds.copyFixture(tmp.resolve("src"));
        assertThat(Builds.make(src, daemon.env, 2, "30").exitCode()).isZero();
        long firstBuild = farm.host("h1").compiles();
        assertThat(firstBuild).isEqualTo(Builds.OBJECTS);

        Run.Result check = sshControl(run, "check", "h1");
        assertThat(check.stderr()).contains("Master running");
        Matcher pid = Pattern.compile("pid=(\\d+)").matcher(check.stderr());
        assertThat(pid.find()).isTrue();
        new ProcessBuilder("kill", "-9", pid.group(1)).start().waitFor();
        assertThat(sshControl(run, "check", "h1").exitCode()).isNotZero();

        Run.ok(src, Map.of(), Duration.ofSeconds(30), List.of("make", "clean"));
        Run.Result again = Builds.make(src, daemon.env, 2, "30");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(farm.host("h1").compiles()).isEqualTo(2L * Builds.OBJECTS);
        assertThat(sshControl(run, "check", "h1").stderr()).contains("Master running");

        daemon.close();
        assertThat(sshControl(run, "check", "h1").exitCode()).isNotZero();
      }
    }
  }

  @Test
  void multiplexingCanBeSwitchedOff() throws Exception {
    try (Farm farm = Farm.start(tmp.resolve("farm"), 1)) {
      farm.writeInventory(farm.inventoryText(farm.hosts, "ssh_multiplex: false"));
      try (DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory)) {
        daemon.await(Duration.ofSeconds(30), DaemonProcess.allUp(1));
        Path run = daemon.socket.getParent();
        Path src = Builds.copyFixture(tmp.resolve("src"));

        assertThat(Builds.make(src, daemon.env, 2, "30").exitCode()).isZero();

        assertThat(Files.readString(run.resolve("ssh_config"))).contains("ControlMaster no");
        assertThat(farm.host("h1").compiles()).isEqualTo(Builds.OBJECTS);
        try (var sockets = Files.list(run.resolve("m"))) {
          assertThat(sockets).isEmpty();
        }
      }
    }
  }

  @Test
  void moreJobsThanOneConnectionCarriesSpreadOverLanesWithoutErrors() throws Exception {
    try (Farm farm = Farm.start(tmp.resolve("farm"), 1)) {
      farm.writeInventory(farm.inventoryText(farm.hosts, "slots: 12"));
      try (DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory)) {
        daemon.await(Duration.ofSeconds(30), DaemonProcess.allUp(1));
        Path src = Files.createDirectories(tmp.resolve("many"));
        List<Process> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
          Files.writeString(
              src.resolve("f" + i + ".c"), "int f" + i + "(int x) { return x * " + i + "; }\n");
          ProcessBuilder job =
              new ProcessBuilder(
                      Repo.gethost().toString(),
                      "--wait",
                      "30",
                      "distcc",
                      "gcc",
                      "-c",
                      "f" + i + ".c",
                      "-o",
                      "f" + i + ".o")
                  .directory(src.toFile())
                  .redirectErrorStream(true)
                  .redirectOutput(src.resolve("f" + i + ".log").toFile());
          job.environment().putAll(daemon.env);
          jobs.add(job.start());
        }
        for (int i = 0; i < jobs.size(); i++) {
          assertThat(jobs.get(i).waitFor()).isZero();
          // Only ssh's own complaints count: the test hosts' login shells may print their own
          // noise (root's .bashrc here runs pyenv, which complains when sessions race).
          assertThat(Files.readString(src.resolve("f" + i + ".log")))
              .as("job %d output", i)
              .doesNotContain("ControlSocket")
              .doesNotContain("mux_client")
              .doesNotContain("Session open refused")
              .doesNotContain("distcc[");
        }

        assertThat(farm.host("h1").compiles()).isEqualTo(12);
        Path run = daemon.socket.getParent();
        try (var sockets = Files.list(run.resolve("m"))) {
          assertThat(sockets.map(p -> p.getFileName().toString())).contains("h1", "h1+2");
        }
      }
    }
  }

  @Test
  void stoppingTheDaemonLetsRunningJobsFinishOverTheirConnection() throws Exception {
    try (Farm farm = Farm.start(tmp.resolve("farm"), 1)) {
      farm.writeInventory(farm.inventoryText(farm.hosts));
      DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory);
      try {
        daemon.await(Duration.ofSeconds(30), DaemonProcess.allUp(1));
        Path src = Files.createDirectories(tmp.resolve("slow"));
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
          code.append("int f")
              .append(i)
              .append(
                  "(int x) { int y = x; for (int i = 0; i < x; i++)"
                      + " y = y * 31 + i; return y; }\n");
        }
        Files.writeString(src.resolve("slow.c"), code);
        ProcessBuilder builder =
            new ProcessBuilder(
                    Repo.gethost().toString(),
                    "distcc",
                    "gcc",
                    "-O2",
                    "-c",
                    "slow.c",
                    "-o",
                    "slow.o")
                .directory(src.toFile())
                .redirectErrorStream(true)
                .redirectOutput(src.resolve("slow.log").toFile());
        builder.environment().putAll(daemon.env);
        Process job = builder.start();
        Path log = farm.host("h1").dir.resolve("logs/distccd.log");
        for (int i = 0;
            i < 200 && !(Files.exists(log) && Files.readString(log).contains("slow.c"));
            i++) {
          Thread.sleep(50);
        }

        daemon.close();

        assertThat(job.waitFor()).isZero();
        assertThat(Files.readString(src.resolve("slow.log"))).isEmpty();
        assertThat(Files.readString(log)).contains("COMPILE_OK").contains("slow.c");
      } finally {
        daemon.close();
      }
    }
  }
}
