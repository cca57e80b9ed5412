package io.distpool.probe;

import io.distpool.inventory.Host;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * An in-process SSH server (Apache MINA SSHD) whose answer to the probe the test controls: any
 * output, no answer at all, or a dropped connection. For fault injection; the real-sshd tests live
 * in tests/e2e.
 */
final class FakeSshHost implements AutoCloseable {
  /** What the host does when the probe runs. */
  enum Behaviour {
    ANSWER,
    HANG,
    DROP
  }

  private final SshServer server;
  final Path dir;
  final Path userKey;
  final Path knownHosts;
  final AtomicReference<String> output = new AtomicReference<>("");
  final AtomicReference<Behaviour> behaviour = new AtomicReference<>(Behaviour.ANSWER);
  final AtomicReference<String> lastCommand = new AtomicReference<>();
  final AtomicReference<byte[]> lastStdin = new AtomicReference<>();
  final AtomicInteger sessions = new AtomicInteger();

  private FakeSshHost(Path dir) throws IOException, InterruptedException {
    this.dir = dir;
    this.userKey = dir.resolve("userkey");
    this.knownHosts = dir.resolve("known_hosts");
    keygen(userKey);
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(dir.resolve("hostkey.ser")));
    server.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(dir.resolve("userkey.pub")));
    server.setCommandFactory((channel, command) -> new ScriptedCommand(command));
    server.addSessionListener(
        new org.apache.sshd.common.session.SessionListener() {
          @Override
          public void sessionCreated(org.apache.sshd.common.session.Session session) {
            sessions.incrementAndGet();
          }
        });
    server.start();
    Files.writeString(knownHosts, "");
  }

  static FakeSshHost start(Path dir) throws IOException, InterruptedException {
    return new FakeSshHost(dir);
  }

  static void keygen(Path key) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
            .redirectErrorStream(true)
            .start();
    if (p.waitFor() != 0) {
      throw new IOException("ssh-keygen failed: " + new String(p.getInputStream().readAllBytes()));
    }
  }

  int port() {
    return server.getPort();
  }

  HostKey hostKey() throws Exception {
    KeyPair pair = server.getKeyPairProvider().loadKeys(null).iterator().next();
    return HostKey.of(pair.getPublic());
  }

  /** Lists this host's key in known_hosts, as a user who checked it would. */
  void trust() throws Exception {
    Files.writeString(knownHosts, hostKey().knownHostsLine(host().knownHostsName()) + "\n");
  }

  Host host() {
    return Host.of("fake", "127.0.0.1", port())
        .withIdentities(List.of(userKey))
        .withKnownHosts(knownHosts)
        .withPollTimeout(Duration.ofSeconds(2));
  }

  /** Closes every connection from the server side, as a rebooting host would. */
  void dropConnections() {
    server.getActiveSessions().forEach(s -> s.close(true));
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }

  /** The command a probe runs: reads the script from stdin, then behaves as told. */
  private final class ScriptedCommand implements Command {
    private final String command;
    private InputStream in;
    private OutputStream out;
    private ExitCallback exit;

    ScriptedCommand(String command) {
      this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {}

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      lastCommand.set(command);
      Thread thread = new Thread(() -> run(channel), "fake-ssh-command");
      thread.setDaemon(true);
      thread.start();
    }

    private void run(ChannelSession channel) {
      try {
        ByteArrayOutputStream script = new ByteArrayOutputStream();
        in.transferTo(script);
        lastStdin.set(script.toByteArray());
        switch (behaviour.get()) {
          case HANG:
            Thread.sleep(Long.MAX_VALUE);
            break;
          case DROP:
            channel.getSession().close(true);
            break;
          default:
            out.write(output.get().getBytes(StandardCharsets.UTF_8));
            out.flush();
            exit.onExit(0);
        }
      } catch (IOException | InterruptedException e) {
        exit.onExit(1, e.toString());
      }
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }

  static Map<String, String> noAgent() {
    return Map.of();
  }
}
