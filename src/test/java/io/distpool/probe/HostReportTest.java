package io.distpool.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class HostReportTest {
  /** A report with every field filled: a real Linux probe with a desktop user and a quota. */
  private static HostReport full() throws IOException {
    Path fixture =
        Path.of(System.getProperty("distpool.home", "."))
            .resolve("tests/fixtures/probe/linux-debian12-procps4-coreutils.probe");
    return ReportParser.parse(Files.readString(fixture))
        .withCpuQuota(1.5)
        .withSshJobs(2)
        .withToolchains(
            List.of(new Toolchain("gcc", "/usr/bin/gcc", "x86_64-linux-gnu", "12.2.0")));
  }

  @Test
  void eachWithChangesItsOwnFieldsAndKeepsTheRest() throws IOException {
    HostReport report = full();

    assertThat(report.withCpus(64))
        .usingRecursiveComparison()
        .ignoringFields("cpus")
        .isEqualTo(report);
    assertThat(report.withCpus(64).cpus()).isEqualTo(OptionalInt.of(64));
    assertThat(report.withLoad(7, 8, 9))
        .usingRecursiveComparison()
        .ignoringFields("load1", "load5", "load15")
        .isEqualTo(report);
    assertThat(report.withLoad(7, 8, 9).load15()).isEqualTo(OptionalDouble.of(9));
    assertThat(report.withSessions(List.of()))
        .usingRecursiveComparison()
        .ignoringFields("sessions")
        .isEqualTo(report);
    assertThat(report.withCompilers(5).compilers()).isEqualTo(OptionalInt.of(5));
    assertThat(report.withRunQueue(3))
        .usingRecursiveComparison()
        .ignoringFields("runQueue")
        .isEqualTo(report);
    assertThat(report.withSshJobs(9).sshJobs()).isEqualTo(OptionalInt.of(9));
    assertThat(report.withCpuQuota(0.25))
        .usingRecursiveComparison()
        .ignoringFields("cpuQuota")
        .isEqualTo(report);
    assertThat(report.withToolchains(List.of()).toolchains()).isEmpty();
    assertThat(report.withToolchains(List.of()).os()).isEqualTo(report.os());
  }

  @Test
  void theCopyIsImmutableLikeTheOriginal() throws IOException {
    List<Session> sessions = new java.util.ArrayList<>(full().sessions());
    HostReport copy = full().withSessions(sessions);
    sessions.clear();

    assertThat(copy.sessions()).isEqualTo(full().sessions()).isNotEmpty();
  }
}
