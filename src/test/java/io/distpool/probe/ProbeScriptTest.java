package io.distpool.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the real probe script on this (Linux) machine the way a host runs it, fed on stdin to {@code
 * sh -s}, and reads the output with the real parser.
 */
class ProbeScriptTest {

  @ParameterizedTest(name = "{0} -s")
  @ValueSource(strings = {"/bin/sh", "/bin/dash", "/bin/bash", "/usr/bin/busybox sh", "/bin/mksh"})
  void thisLinuxMachineIsReadInFull(String shell) throws Exception {
    assumeTrue(Files.isExecutable(Path.of(shell.split(" ")[0])), shell + " is not installed");

    HostReport report = ReportParser.parse(run(shell, Map.of()));

    assertThat(report.os()).contains("Linux");
    assertThat(report.osRelease()).isPresent();
    assertThat(report.arch()).isPresent();
    assertThat(report.cpus()).isPresent();
    assertThat(report.cpus().getAsInt()).isPositive();
    assertThat(report.cpuSource()).contains("nproc");
    assertThat(report.load1()).isPresent();
    assertThat(report.load15()).isPresent();
    assertThat(report.runQueue()).isPresent();
    assertThat(report.compilers()).isPresent();
    assertThat(report.unparsed()).isEmpty();
  }

  @Test
  void distccJobsInSshModeAreCountedWhoeverRunsThem() throws Exception {
    Path distccd = Path.of("/usr/bin/distccd");
    assumeTrue(Files.isExecutable(distccd), "distcc is not installed");
    int before = ReportParser.parse(run("/bin/sh", Map.of())).sshJobs().orElseThrow();
    // What sshd starts for each job in distcc's ssh mode: distccd --inetd, reading the job from
    // its stdin (held open and empty here, so it waits as for a slow client).
    java.util.List<Process> jobs = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        jobs.add(
            new ProcessBuilder(distccd.toString(), "--inetd", "--enable-tcp-insecure")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start());
      }
      HostReport report = ReportParser.parse(run("/bin/sh", Map.of()));

      assertThat(report.sshJobs()).hasValue(before + 3);
      assertThat(report.unparsed()).isEmpty();
    } finally {
      for (Process job : jobs) {
        job.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aUselessPathOfTheUserStillFindsTheSystemTools() throws Exception {
    HostReport report = ReportParser.parse(run("/bin/sh", Map.of("PATH", "/nonexistent")));

    assertThat(report.os()).contains("Linux");
    assertThat(report.cpus()).isPresent();
    assertThat(report.compilers()).isPresent();
    assertThat(report.unparsed()).isEmpty();
  }

  @Test
  void aDecimalCommaLocaleDoesNotReachTheOutput() throws Exception {
    String output = run("/bin/sh", Map.of("LC_ALL", "de_DE.UTF-8", "LANG", "de_DE.UTF-8"));

    assertThat(ReportParser.parse(output).load1()).isPresent();
    assertThat(output).doesNotContainPattern("average: \\d+,\\d");
  }

  @Test
  void theRemoteCommandIsShReadingTheScriptFromStdin() {
    assertThat(ProbeScript.COMMAND).isEqualTo("/bin/sh -s");
    assertThat(ProbeScript.text())
        .startsWith("#")
        .contains("echo \"@@distpool-probe 1\"")
        .contains("echo \"@@end\"");
  }

  @Test
  void onlyBusyBoxAppletsOnThePathStillGiveAFullReport() throws Exception {
    Path busybox = Path.of("/usr/bin/busybox");
    assumeTrue(Files.isExecutable(busybox), "busybox is not installed");
    Path bin = Files.createTempDirectory("busybox-bin");
    for (String applet :
        new String[] {"sh", "uname", "nproc", "cat", "uptime", "who", "w", "ps", "awk", "sed"}) {
      Files.createSymbolicLink(bin.resolve(applet), busybox);
    }

    // An empty environment and BusyBox first on PATH; the script appends the system directories.
    HostReport report =
        ReportParser.parse(run(bin.resolve("sh").toString(), Map.of("PATH", bin.toString()), true));

    assertThat(report.os()).contains("Linux");
    assertThat(report.cpus()).isPresent();
    assertThat(report.load1()).isPresent();
    assertThat(report.compilers()).isPresent();
    assertThat(report.unparsed()).isEmpty();
  }

  @Test
  void theCpuQuotaOfTheProbesCgroupIsRead() throws Exception {
    Path cpuHierarchy = Path.of("/sys/fs/cgroup/cpu");
    Path group = cpuHierarchy.resolve("distpool-probe-test-" + ProcessHandle.current().pid());
    boolean made = false;
    try {
      made = Files.isWritable(cpuHierarchy) && Files.isDirectory(Files.createDirectory(group));
    } catch (IOException notAllowed) {
      // not root, or no cgroup v1 cpu hierarchy: compare with what the files say instead
    }
    try {
      if (made) {
        // A cgroup of our own with a quarter of a core, the probe started inside it.
        Files.writeString(group.resolve("cpu.cfs_period_us"), "100000");
        Files.writeString(group.resolve("cpu.cfs_quota_us"), "25000");
        String shell = "echo $$ > " + group.resolve("tasks") + "; exec /bin/sh -s";
        HostReport report = ReportParser.parse(runIn(shell));
        assertThat(report.cpuQuota()).hasValue(0.25);
        assertThat(report.usableCpus()).hasValue(0.25);
      } else {
        HostReport report = ReportParser.parse(run("/bin/sh", Map.of()));
        assertThat(report.cpuQuota()).isEqualTo(CgroupFiles.quotaOfThisProcess());
        assertThat(report.unparsed()).isEmpty();
      }
    } finally {
      if (made) {
        Files.deleteIfExists(group);
      }
    }
  }

  /**
   * Runs the probe as {@code sh -c SCRIPT}, where SCRIPT ends in exec'ing a shell reading stdin.
   */
  private static String runIn(String script) throws Exception {
    Process process =
        new ProcessBuilder("/bin/sh", "-c", script)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process));
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(ProbeScript.TEXT);
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("probe finished").isTrue();
    return stdout.get(10, TimeUnit.SECONDS);
  }

  /** The quota of this process's cgroups, read in Java: what the probe should find. */
  private static final class CgroupFiles {
    static java.util.OptionalDouble quotaOfThisProcess() throws IOException {
      double tightest = Double.POSITIVE_INFINITY;
      for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
        String[] f = line.split(":", 3);
        boolean v2 = f[1].isEmpty();
        if (!v2 && !java.util.Arrays.asList(f[1].split(",")).contains("cpu")) {
          continue;
        }
        Path base =
            v2
                ? (Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))
                    ? Path.of("/sys/fs/cgroup")
                    : Path.of("/sys/fs/cgroup/unified"))
                : (Files.isDirectory(Path.of("/sys/fs/cgroup/cpu,cpuacct"))
                    ? Path.of("/sys/fs/cgroup/cpu,cpuacct")
                    : Path.of("/sys/fs/cgroup/cpu"));
        for (Path dir = Path.of(base + f[2]).normalize();
            dir != null && dir.startsWith(base);
            dir = dir.getParent()) {
          String[] limit = limit(dir, v2);
          if (limit != null && !limit[0].equals("max") && !limit[0].equals("-1")) {
            tightest =
                Math.min(tightest, Double.parseDouble(limit[0]) / Double.parseDouble(limit[1]));
          }
        }
      }
      return tightest < Double.POSITIVE_INFINITY
          ? java.util.OptionalDouble.of(tightest)
          : java.util.OptionalDouble.empty();
    }

    private static String[] limit(Path dir, boolean v2) throws IOException {
      if (v2) {
        Path max = dir.resolve("cpu.max");
        return Files.isReadable(max) ? Files.readString(max).trim().split("\\s+") : null;
      }
      Path quota = dir.resolve("cpu.cfs_quota_us");
      return Files.isReadable(quota)
          ? new String[] {
            Files.readString(quota).trim(),
            Files.readString(dir.resolve("cpu.cfs_period_us")).trim()
          }
          : null;
    }
  }

  private static String run(String shell, Map<String, String> env) throws Exception {
    return run(shell, env, false);
  }

  private static String run(String shell, Map<String, String> env, boolean clean) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(shell.split(" ")));
    command.add("-s");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    if (clean) {
      builder.environment().clear();
    }
    builder.environment().putAll(env);
    Process process = builder.start();
    CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process));
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(ProbeScript.TEXT);
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("probe finished").isTrue();
    assertThat(process.exitValue()).isZero();
    return stdout.get(10, TimeUnit.SECONDS);
  }

  private static String read(Process process) {
    try {
      return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
