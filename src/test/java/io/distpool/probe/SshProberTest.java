package io.distpool.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.distpool.inventory.Host;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The SSH prober against a host whose answers the test controls. */
@Timeout(60)
class SshProberTest {
  static final String LINUX_OUTPUT =
      String.join(
          "\n",
          "@@distpool-probe 1",
          "@@uname",
          "Linux",
          "6.1.0-18-amd64",
          "x86_64",
          "@@cpus",
          "nproc 8",
          "@@loadavg",
          "1.50 1.20 0.90 3/512 4242",
          "@@uptime",
          " 10:00:00 up 5 days,  3:04,  2 users,  load average: 1.50, 1.20, 0.90",
          "@@who",
          "alice    tty2         2026-11-25 09:00 00:03        1100 (tty2)",
          "@@procs",
          "compilers 2",
          "distccd 1",
          "@@end",
          "");

  @TempDir Path tmp;
  FakeSshHost fake;
  SshProber prober;

  @BeforeEach
  void start() throws Exception {
    fake = FakeSshHost.start(tmp);
    fake.trust();
    fake.output.set(LINUX_OUTPUT);
    prober = new SshProber(new SshConnector(Map.of()));
  }

  @AfterEach
  void stop() throws Exception {
    prober.close();
    fake.close();
  }

  @Test
  void probeRunsTheScriptOnceThroughShAndReadsItsReport() throws Exception {
    ProbeResult result = prober.probe(fake.host());

    assertThat(fake.lastCommand.get()).isEqualTo("/bin/sh -s");
    assertThat(new String(fake.lastStdin.get(), StandardCharsets.UTF_8))
        .isEqualTo("DISTPOOL_COMPILERS='cc gcc g++ c++ clang clang++'\n" + ProbeScript.text());
    HostReport report = ((ProbeResult.Reachable) result).report();
    assertThat(report.os()).contains("Linux");
    assertThat(report.cpus()).hasValue(8);
    assertThat(report.load1()).hasValue(1.50);
    assertThat(report.runQueue()).hasValue(2);
    assertThat(report.compilers()).hasValue(2);
    assertThat(report.sessions()).singleElement().extracting(Session::user).isEqualTo("alice");
    assertThat(report.unparsed()).isEmpty();
  }

  @Test
  void connectionIsKeptAcrossPolls() throws Exception {
    prober.probe(fake.host());
    prober.probe(fake.host());
    prober.probe(fake.host());

    assertThat(fake.sessions.get()).isEqualTo(1);
  }

  @Test
  void garbageOutputLeavesFieldsUnknownAndKeepsTheRawText() throws Exception {
    fake.output.set("@@distpool-probe 1\n@@cpus\nnproc lots\n@@uptime\n\u0000\u0007zzz\n@@end\n");

    HostReport report = ((ProbeResult.Reachable) prober.probe(fake.host())).report();

    assertThat(report.cpus()).isEmpty();
    assertThat(report.load1()).isEmpty();
    assertThat(report.unparsed()).contains("cpus: nproc lots", "uptime: ??zzz");
  }

  @Test
  void hostThatNeverAnswersTimesOutWithinPollTimeout() throws Exception {
    fake.behaviour.set(FakeSshHost.Behaviour.HANG);
    long start = System.nanoTime();

    ProbeResult result = prober.probe(fake.host());

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
    assertThat(result)
        .isEqualTo(new ProbeResult.Unreachable("no answer within 2.0s (poll_timeout)"));
  }

  @Test
  void droppedConnectionIsReportedThenReopened() throws Exception {
    assertThat(prober.probe(fake.host())).isInstanceOf(ProbeResult.Reachable.class);
    fake.dropConnections();
    fake.behaviour.set(FakeSshHost.Behaviour.DROP);

    ProbeResult dropped = prober.probe(fake.host());
    fake.behaviour.set(FakeSshHost.Behaviour.ANSWER);
    ProbeResult next = prober.probe(fake.host());

    assertThat(dropped).isInstanceOf(ProbeResult.Unreachable.class);
    assertThat(next).isInstanceOf(ProbeResult.Reachable.class);
    assertThat(fake.sessions.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void unknownHostKeyIsRefusedWithItsFingerprint() throws Exception {
    Files.writeString(fake.knownHosts, "");

    ProbeResult result = prober.probe(fake.host());

    ProbeResult.Untrusted untrusted = (ProbeResult.Untrusted) result;
    assertThat(untrusted.offered()).isEqualTo(fake.hostKey());
    assertThat(untrusted.reason())
        .contains(fake.hostKey().fingerprint())
        .contains("distpool hosts trust fake");
    assertThat(Files.readString(fake.knownHosts)).isEmpty();
  }

  @Test
  void changedHostKeyIsRefusedAsChanged() throws Exception {
    // Same key type as the fake host's, different key: what a reinstalled (or spoofed) host shows.
    Process keygen =
        new ProcessBuilder(
                "ssh-keygen",
                "-q",
                "-t",
                "ecdsa",
                "-b",
                "521",
                "-N",
                "",
                "-f",
                tmp.resolve("other").toString())
            .start();
    assertThat(keygen.waitFor()).isZero();
    String[] other = Files.readString(tmp.resolve("other.pub")).trim().split(" ");
    Files.writeString(
        fake.knownHosts, fake.host().knownHostsName() + " " + other[0] + " " + other[1] + "\n");

    ProbeResult result = prober.probe(fake.host());

    assertThat(((ProbeResult.Untrusted) result).reason()).startsWith("HOST KEY CHANGED");
  }

  @Test
  void hashedKnownHostsEntriesAreHonoured() throws Exception {
    Process hash =
        new ProcessBuilder("ssh-keygen", "-H", "-f", fake.knownHosts.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(hash.waitFor()).isZero();
    assertThat(Files.readString(fake.knownHosts)).startsWith("|1|");

    assertThat(prober.probe(fake.host())).isInstanceOf(ProbeResult.Reachable.class);
  }

  @Test
  void refusedLoginSaysWhichKeysWereOffered() throws Exception {
    FakeSshHost.keygen(tmp.resolve("stranger"));
    Host host = fake.host().withIdentities(List.of(tmp.resolve("stranger")));

    ProbeResult result = prober.probe(host);

    assertThat(((ProbeResult.Unreachable) result).reason())
        .startsWith("login as " + host.user() + " refused (offered stranger)");
  }

  @Test
  void closedPortIsReportedAsConnectionRefused() throws Exception {
    Host host = fake.host();
    fake.close();

    ProbeResult result = prober.probe(host);

    assertThat(((ProbeResult.Unreachable) result).reason())
        .isEqualTo("connection refused by 127.0.0.1:" + host.port() + " (is sshd running?)");
  }

  @Test
  void compilersAJobAskedForAreLookedForToo() throws Exception {
    try (SshProber asking =
        new SshProber(new SshConnector(Map.of()), () -> java.util.Set.of("gcc-12"))) {
      asking.probe(fake.host().withCompilers(List.of("gcc")));
    }

    assertThat(new String(fake.lastStdin.get(), StandardCharsets.UTF_8))
        .startsWith("DISTPOOL_COMPILERS='gcc gcc-12'\n");
  }

  @Test
  void compilersAreAskedOnceAMinuteAndTheAnswerIsKeptBetween() throws Exception {
    java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
        new java.util.concurrent.atomic.AtomicReference<>(
            java.time.Instant.parse("2026-12-07T12:00:00Z"));
    fake.output.set(LINUX_OUTPUT.replace("@@end", "@@toolchains\n" + gcc("12.2.0") + "@@end"));
    try (SshProber prober =
        new SshProber(new SshConnector(Map.of()), java.util.Set::of, now::get)) {
      Host host = fake.host().withCompilers(List.of("gcc"));

      HostReport first = reachable(prober.probe(host));
      // The host's answer would change now, but is not asked for again within the minute.
      fake.output.set(LINUX_OUTPUT.replace("@@end", "@@toolchains\n" + gcc("13.1.0") + "@@end"));
      now.set(now.get().plusSeconds(30));
      HostReport kept = reachable(prober.probe(host));
      String keptStdin = new String(fake.lastStdin.get(), StandardCharsets.UTF_8);
      now.set(now.get().plus(SshProber.COMPILERS_KEPT));
      HostReport asked = reachable(prober.probe(host));

      assertThat(first.toolchains()).extracting(Toolchain::version).containsExactly("12.2.0");
      assertThat(keptStdin).startsWith("DISTPOOL_COMPILERS=''\n");
      assertThat(kept.toolchains()).isEqualTo(first.toolchains());
      assertThat(new String(fake.lastStdin.get(), StandardCharsets.UTF_8))
          .startsWith("DISTPOOL_COMPILERS='gcc'\n");
      assertThat(asked.toolchains()).extracting(Toolchain::version).containsExactly("13.1.0");
    }
  }

  @Test
  void aRefreshOrANewConnectionAsksForTheCompilersAgain() throws Exception {
    fake.output.set(LINUX_OUTPUT.replace("@@end", "@@toolchains\n" + gcc("12.2.0") + "@@end"));
    Host host = fake.host().withCompilers(List.of("gcc"));
    prober.probe(host);

    prober.recheck(host.name());
    prober.probe(host);
    String afterRecheck = new String(fake.lastStdin.get(), StandardCharsets.UTF_8);
    prober.forget(host.name()); // as after a dropped connection
    prober.probe(host);

    assertThat(afterRecheck).startsWith("DISTPOOL_COMPILERS='gcc'\n");
    assertThat(new String(fake.lastStdin.get(), StandardCharsets.UTF_8))
        .startsWith("DISTPOOL_COMPILERS='gcc'\n");
  }

  private static String gcc(String version) {
    return "toolchain gcc /usr/bin/gcc x86_64-linux-gnu " + version + "\n";
  }

  private static HostReport reachable(ProbeResult result) {
    assertThat(result).isInstanceOf(ProbeResult.Reachable.class);
    return ((ProbeResult.Reachable) result).report();
  }
}
