package io.distpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.distpool.protocol.HostStatus;
import io.distpool.protocol.StatusReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code distpool status} output, compared with golden files reviewed by hand. */
class StatusTableTest {
  private static final HostStatus.UserStatus ALICE_AT_CONSOLE =
      new HostStatus.UserStatus("alice", "console", 2, null, true);

  static HostStatus host(
      String name,
      String state,
      Integer cpus,
      Double load,
      int slots,
      int free,
      int leased,
      double speed,
      Integer rank,
      String error) {
    return new HostStatus(
        name,
        "192.0.2." + name.length(),
        state,
        cpus == null ? null : "Linux",
        null,
        cpus == null ? null : "x86_64",
        cpus,
        load,
        load,
        load,
        null,
        0,
        false,
        null,
        List.of(),
        false,
        slots,
        free,
        leased,
        speed,
        rank,
        List.of(),
        null,
        error,
        null,
        null,
        null,
        0,
        List.of());
  }

  @Test
  void mixedFarmRendersAsAnAlignedTable() throws IOException {
    HostStatus desk =
        new HostStatus(
            "desk7",
            "192.0.2.7",
            "busy",
            "SunOS",
            "5.10",
            "sun4v",
            8,
            0.4,
            0.3,
            0.2,
            null,
            0,
            true,
            2,
            List.of(ALICE_AT_CONSOLE),
            true,
            8,
            0,
            0,
            1.0,
            null,
            List.of(),
            "2026-11-25T10:00:00Z",
            "desktop in use by alice since 2026-11-25T09:58:00Z",
            null,
            "alice",
            "2026-11-25T09:58:00Z",
            8,
            List.of(
                new HostStatus.CompilerStatus(
                    "cc", "/opt/developerstudio12.6/bin/cc", "sparc", "Studio 12.6 Sun C 5.15"),
                new HostStatus.CompilerStatus(
                    "gcc", "/usr/bin/gcc", "sparc-sun-solaris2.10", "12.2.0"),
                new HostStatus.CompilerStatus(
                    "g++", "/usr/bin/g++", "sparc-sun-solaris2.10", "12.2.0")));
    StatusReport report =
        new StatusReport(
            List.of(
                host("build1", "up", 16, 2.5, 16, 11, 3, 2.0, 1, null),
                host("build2", "up", 8, 0.1, 8, 8, 0, 1.0, 2, null),
                desk,
                host(
                    "old",
                    "down",
                    null,
                    null,
                    1,
                    0,
                    0,
                    1.0,
                    null,
                    "connection refused by 192.0.2.3:22 (is sshd running?)"),
                host(
                    "newbox",
                    "untrusted",
                    null,
                    null,
                    1,
                    0,
                    0,
                    1.0,
                    null,
                    "unknown host key ssh-ed25519 SHA256:abc; check it, then run: distpool hosts trust "
                        + "newbox")),
            3,
            1,
            "/home/u/.config/distpool/hosts.yaml",
            true,
            null,
            "0.1.0");

    assertThat(StatusTable.render(report)).isEqualTo(golden("status-table.txt"));
  }

  @Test
  void emptyPoolWithoutInventorySaysWhereToPutIt() throws IOException {
    StatusReport report =
        new StatusReport(
            List.of(), 0, 0, "/home/u/.config/distpool/hosts.yaml", false, null, "0.1.0");

    assertThat(StatusTable.render(report)).isEqualTo(golden("status-empty.txt"));
  }

  @Test
  void rejectedEditIsShownUnderTheTable() throws IOException {
    StatusReport report =
        new StatusReport(
            List.of(host("build1", "up", 4, 0.0, 4, 4, 0, 1.0, 1, null)),
            0,
            0,
            "/etc/distpool/hosts.yaml",
            true,
            "/etc/distpool/hosts.yaml:3:5: hosts[0].prot: unknown key 'prot'; did you mean 'port'?",
            "0.1.0");

    assertThat(StatusTable.render(report)).isEqualTo(golden("status-rejected-edit.txt"));
  }

  @Test
  void aCpuQuotaShowsAfterTheCpuCountForHostsAndThisMachine() {
    HostStatus h = host("pod1", "up", 2, 0.1, 2, 2, 0, 1.0, 1, null);
    HostStatus quarter =
        new HostStatus(
            h.name(),
            h.address(),
            h.state(),
            h.os(),
            h.osRelease(),
            h.arch(),
            h.cpus(),
            h.load1(),
            h.load5(),
            h.load15(),
            h.runQueue(),
            h.running(),
            h.desktopActive(),
            h.idleMinutes(),
            h.users(),
            h.desktop(),
            h.slots(),
            h.free(),
            h.leased(),
            h.speed(),
            h.rank(),
            h.tags(),
            h.lastProbe(),
            h.error(),
            h.fingerprint(),
            h.desktopUser(),
            h.desktopSince(),
            h.reserved(),
            h.compilers(),
            h.speedSource(),
            h.calibrationSeconds(),
            h.calibrationError(),
            0.25);
    StatusReport report =
        new StatusReport(
            List.of(quarter, host("vm1", "up", 4, 0.0, 4, 4, 0, 1.0, 2, null)),
            0,
            0,
            "/etc/distpool/hosts.yaml",
            true,
            null,
            "0.1.0",
            new StatusReport.LocalStatus(2, 1, 0, 1.0, "hosts.yaml", null, null, 0.5));

    String table = StatusTable.render(report);

    assertThat(table).containsPattern("(?m)^pod1 +up +Linux/x86_64 +2/0\\.25 ");
    assertThat(table).containsPattern("(?m)^vm1 +up +Linux/x86_64 +4 ");
    assertThat(table).contains("this machine: 2 CPUs (cgroup quota 0.5), up to 1 compile(s)");
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = StatusTableTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
