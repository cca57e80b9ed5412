package io.distpool.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Logging in with keys held by a real ssh-agent, which never hands out private keys. */
@Timeout(60)
class AgentAuthTest {
  @TempDir Path tmp;

  @Test
  void ed25519KeyInTheAgentLogsIn() throws Exception {
    loginThroughAgent("ed25519");
  }

  @Test
  void rsaKeyInTheAgentSignsWithSha2() throws Exception {
    loginThroughAgent("rsa");
  }

  private void loginThroughAgent(String type) throws Exception {
    try (FakeSshHost fake = FakeSshHost.start(tmp)) {
      fake.trust();
      fake.output.set(SshProberTest.LINUX_OUTPUT);
      Path key = tmp.resolve("agentkey");
      run("ssh-keygen", "-q", "-t", type, "-N", "", "-f", key.toString());
      Files.copy(
          tmp.resolve("agentkey.pub"),
          tmp.resolve("userkey.pub"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Path socket = tmp.resolve("agent.sock");
      Process agent =
          new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
              .redirectErrorStream(true)
              .start();
      try {
        awaitFile(socket);
        ProcessBuilder add =
            new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
        add.environment().put("SSH_AUTH_SOCK", socket.toString());
        assertThat(add.start().waitFor()).isZero();

        try (SshProber prober =
            new SshProber(new SshConnector(Map.of("SSH_AUTH_SOCK", socket.toString())))) {
          ProbeResult result = prober.probe(fake.host().withIdentities(List.of()));

          assertThat(result).isInstanceOf(ProbeResult.Reachable.class);
        }
      } finally {
        agent.destroy();
        agent.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void noKeyAnywhereSaysHowToProvideOne() throws Exception {
    try (FakeSshHost fake = FakeSshHost.start(tmp);
        SshProber prober = new SshProber(new SshConnector(Map.of()))) {
      fake.trust();

      ProbeResult result = prober.probe(fake.host().withIdentities(List.of()));

      assertThat(((ProbeResult.Unreachable) result).reason())
          .startsWith("no key to log in with: set 'identity:' for fake in hosts.yaml");
    }
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
  }

  private static void awaitFile(Path file) throws InterruptedException {
    for (int i = 0; i < 100 && !Files.exists(file); i++) {
      Thread.sleep(20);
    }
    assertThat(file).exists();
  }
}
