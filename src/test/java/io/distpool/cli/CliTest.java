package io.distpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line as users meet it: help, versions, exit codes and error messages. */
class CliTest {
  @TempDir Path tmp;

  private Map<String, String> env() {
    return Map.of(
        "DISTPOOL_SOCKET",
        tmp.resolve("run/socket").toString(),
        "DISTPOOL_HOSTS",
        tmp.resolve("hosts.yaml").toString(),
        "PATH",
        "/usr/bin:/bin");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "daemon",
        "start",
        "stop",
        "status",
        "refresh",
        "reload",
        "hosts",
        "hosts check",
        "hosts trust"
      })
  void everyCommandHasHelpAndVersion(String command) {
    String[] words = command.isEmpty() ? new String[0] : command.split(" ");

    CliRun help = CliRun.run(env(), concat(words, "--help"));
    CliRun version = CliRun.run(env(), concat(words, "--version"));

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).startsWith("Usage: distpool" + (command.isEmpty() ? "" : " " + command));
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("distpool ");
  }

  private static String[] concat(String[] words, String last) {
    String[] all = java.util.Arrays.copyOf(words, words.length + 1);
    all[words.length] = last;
    return all;
  }

  @Test
  void statusWithoutADaemonFailsWithAHint() {
    CliRun run = CliRun.run(env(), "status");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("distpool: no distpool daemon answers on " + tmp.resolve("run/socket"))
        .contains("start it with: distpool start");
    assertThat(run.err()).doesNotContain("Exception");
  }

  @Test
  void unknownOptionIsAUsageError() {
    CliRun run = CliRun.run(env(), "status", "--jsn");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option: '--jsn'");
  }

  @Test
  void hostsCheckReportsEveryProblemWithItsPositionAndExitsTwo() throws Exception {
    Files.writeString(
        tmp.resolve("hosts.yaml"),
        String.join(
            "\n",
            "defaults:",
            "  prot: 22",
            "hosts:",
            "  - name: a",
            "    port: 0",
            "  - name: a",
            "    slots: -1",
            ""));

    CliRun run = CliRun.run(env(), "hosts", "check");

    assertThat(run.exitCode()).isEqualTo(2);
    Path file = tmp.resolve("hosts.yaml");
    assertThat(run.err().lines())
        .containsExactly(
            file + ":2:3: defaults.prot: unknown key 'prot'; did you mean 'port'?",
            file + ":5:11: hosts[0].port: 0 is out of range (1 to 65535)",
            file + ":6:11: hosts[1].name: duplicate name 'a' (first used on line 4)",
            file + ":7:12: hosts[1].slots: -1 is out of range (1 to 4096)");
  }

  @Test
  void hostsCheckWithoutAnInventorySaysWhereToPutIt() {
    CliRun run = CliRun.run(env(), "hosts", "check");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("no inventory at " + tmp.resolve("hosts.yaml"))
        .contains("hosts.example.yaml");
  }

  @Test
  void hostsCheckSaysWhyAnUnreachableHostFails() throws Exception {
    Files.writeString(
        tmp.resolve("hosts.yaml"),
        String.join(
            "\n",
            "hosts:",
            "  - name: gone",
            "    address: 127.0.0.1",
            "    port: 1",
            "    poll_timeout: 2s",
            ""));

    CliRun run = CliRun.run(env(), "hosts", "check");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out().lines())
        .containsExactly(
            tmp.resolve("hosts.yaml") + ": 1 host(s), valid",
            "gone  FAILED  connection refused by 127.0.0.1:1 (is sshd running?)");
  }

  @Test
  void trustOfAnUnknownHostNameIsAUsageError() throws Exception {
    Files.writeString(tmp.resolve("hosts.yaml"), "hosts:\n  - name: a\n");

    CliRun run = CliRun.run(env(), "hosts", "trust", "b");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("distpool: no host named 'b' in " + tmp.resolve("hosts.yaml") + "\n");
  }

  @Test
  void stopWithoutADaemonIsNotAnError() {
    CliRun run = CliRun.run(env(), "stop");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo("no distpool daemon running on " + tmp.resolve("run/socket") + "\n");
  }

  @Test
  void globalOptionsWorkAfterTheSubcommand() {
    CliRun run = CliRun.run(Map.of(), "status", "--socket", tmp.resolve("x/socket").toString());

    assertThat(run.err()).contains(tmp.resolve("x/socket").toString());
    assertThat(List.of(run.exitCode())).containsExactly(1);
  }

  @Test
  void adminCommandsRefuseASocketDirectoryOthersCanEnter() throws Exception {
    Path run = Files.createDirectories(tmp.resolve("run"));
    Files.setPosixFilePermissions(
        run, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

    CliRun status = CliRun.run(env(), "status");
    CliRun stop = CliRun.run(env(), "stop");

    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.err()).contains(run + " is open to other users (mode must be 0700)");
    assertThat(stop.out()).contains("no distpool daemon running");
  }
}
