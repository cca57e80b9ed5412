package io.distpool.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the real probe script with stand-ins for another Unix's tools put first on PATH, so its
 * per-OS branches (which no Linux machine takes) run under the shells we have. The stand-ins print
 * the real samples of the fixture corpus; nproc and getconf fail as they do where absent.
 */
class ProbeScriptOnOtherUnixesTest {
  private static final String FAIL = "exit 1";

  @TempDir Path bin;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/bin/dash", "/bin/bash", "/usr/bin/busybox", "/bin/mksh"})
  void solarisCountsOnLineAndNoIntrProcessors(String shell) throws Exception {
    fake("uname", uname("SunOS", "5.10", "sun4u", "Generic_150400-59"));
    fake(
        "psrinfo",
        "printf '0\\ton-line   since 09/05/12 09:36:17\\n1\\toff-line  since 09/05/12 09:36:17\\n"
            + "2\\tno-intr   since 09/05/12 09:36:17\\n'");
    fake(
        "uptime",
        "echo '  1:30am  up 14 day(s),  2:27,  3 users,  load average: 3.52, 3.45, 3.05'");

    HostReport report = probe(shell);

    assertThat(report.os()).contains("SunOS");
    assertThat(report.osVersion()).contains("Generic_150400-59");
    assertThat(report.cpus()).hasValue(2);
    assertThat(report.cpuSource()).contains("psrinfo");
    assertThat(report.load15()).hasValue(3.05);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/bin/dash", "/bin/bash", "/usr/bin/busybox", "/bin/mksh"})
  void aixCountsTheProcessorsBindprocessorOffers(String shell) throws Exception {
    fake("uname", uname("AIX", "2", "powerpc", "7"));
    fake("bindprocessor", "echo 'The available processors are: 0 1 2 3'");

    HostReport report = probe(shell);

    assertThat(report.arch()).contains("powerpc");
    assertThat(report.osVersion()).contains("7.2");
    assertThat(report.cpus()).hasValue(4);
    assertThat(report.cpuSource()).contains("bindprocessor");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/bin/dash", "/bin/bash", "/usr/bin/busybox", "/bin/mksh"})
  void hpuxReadsMachinfosLogicalProcessors(String shell) throws Exception {
    fake("uname", uname("HP-UX", "B.11.31", "ia64", "U"));
    // fusioninventory-agent resources/hpux/machinfo/hpux_11.31-2, CPU part.
    fake(
        "machinfo",
        "printf 'CPU info:\\n  2 Intel(R)  Itanium(R)  Processor 9350s (1.73 GHz, 24 MB)\\n"
            + "          4.79 GT/s QPI, CPU version E0\\n"
            + "          8 logical processors (4 per socket)\\n\\nMemory: 98135 MB (95.83 GB)\\n'");

    HostReport report = probe(shell);

    assertThat(report.cpus()).hasValue(8);
    assertThat(report.cpuSource()).contains("machinfo");
    assertThat(report.unparsed()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/bin/dash", "/bin/bash", "/usr/bin/busybox", "/bin/mksh"})
  void freebsdGivesItsRunQueueAndSysctlCount(String shell) throws Exception {
    fake("uname", uname("FreeBSD", "14.0-RELEASE", "amd64", "FreeBSD 14.0-RELEASE"));
    fake(
        "sysctl",
        "case \"$2\" in hw.ncpu) echo 8 ;; vm.vmtotal) printf '\\nSystem wide totals computed every"
            + " five seconds: (values in kilobytes)\\nProcesses:\\t\\t(RUNQ: 3 Disk Wait: 0 Page"
            + " Wait: 0 Sleep: 61)\\n' ;; *) exit 1 ;; esac");
    fake("uptime", "echo '11:23AM  up  3:01, 8 users, load averages: 21.09, 15.43, 12.79'");

    HostReport report = probe(shell);

    assertThat(report.cpus()).hasValue(8);
    assertThat(report.cpuSource()).contains("hw.ncpu");
    assertThat(report.load1()).hasValue(21.09);
    assertThat(report.runQueue()).hasValue(2);
    assertThat(report.unparsed()).isEmpty();
  }

  private static String uname(String s, String r, String m, String v) {
    return String.format(
        "case \"$1\" in -s) echo '%s' ;; -r) echo '%s' ;; -m|-p) echo '%s' ;; -v) echo '%s' ;; esac",
        s, r, m, v);
  }

  private void fake(String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private HostReport probe(String shell) throws Exception {
    assumeTrue(Files.isExecutable(Path.of(shell)), shell + " is not installed");
    for (String absent : List.of("nproc", "getconf", "who", "w", "uptime", "sysctl", "sw_vers")) {
      if (!Files.exists(bin.resolve(absent))) {
        fake(absent, FAIL);
      }
    }
    List<String> command =
        shell.endsWith("busybox") ? List.of(shell, "sh", "-s") : List.of(shell, "-s");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    Map<String, String> env = builder.environment();
    env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    Process process = builder.start();
    CompletableFuture<String> stdout =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(ProbeScript.TEXT);
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("probe finished").isTrue();
    return ReportParser.parse(stdout.get(10, TimeUnit.SECONDS));
  }
}
