package io.distpool.probe;

import io.distpool.inventory.Host;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPublickey;

/**
 * Opens an authenticated SSH connection to a host exactly as the inventory describes it: its
 * address, port and user; its identity files, then the keys of ssh-agent; and a host key that a
 * known_hosts file must already list.
 *
 * <p>Thread-safe: it holds only immutable configuration.
 */
public final class SshConnector {
  static final Path SYSTEM_KNOWN_HOSTS = Path.of("/etc/ssh/ssh_known_hosts");
  private static final DefaultConfig CONFIG = new DefaultConfig();

  private final Map<String, String> env;

  public SshConnector(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /**
   * Connects and authenticates, giving up after {@code timeout} for each network step.
   *
   * @throws ConnectFailure with a message saying what to fix
   */
  public SSHClient connect(Host host, Duration timeout) throws ConnectFailure {
    SSHClient client = new SSHClient(CONFIG);
    HostKeyCheck check;
    try {
      check = new HostKeyCheck(List.of(host.knownHosts(), SYSTEM_KNOWN_HOSTS));
    } catch (IOException e) {
      throw new ConnectFailure("cannot read " + host.knownHosts() + ": " + e.getMessage(), e);
    }
    client.addHostKeyVerifier(check);
    client.setConnectTimeout((int) timeout.toMillis());
    client.getTransport().setTimeoutMs((int) timeout.toMillis());
    try {
      client.connect(host.address(), host.port());
    } catch (IOException e) {
      closeQuietly(client);
      if (check.refused().isPresent()) {
        throw untrusted(host, check);
      }
      throw new ConnectFailure(describe(host, e, timeout), e);
    }
    authenticate(client, host);
    return client;
  }

  /**
   * Fetches the key a host offers, without logging in, and says whether known_hosts trusts it.
   *
   * @throws ConnectFailure when the host cannot be reached
   */
  public KeyScan scanHostKey(Host host, Duration timeout) throws ConnectFailure {
    java.util.concurrent.atomic.AtomicReference<java.security.PublicKey> offered =
        new java.util.concurrent.atomic.AtomicReference<>();
    SSHClient client = new SSHClient(CONFIG);
    HostKeyCheck known;
    try {
      known = new HostKeyCheck(List.of(host.knownHosts(), SYSTEM_KNOWN_HOSTS));
    } catch (IOException e) {
      throw new ConnectFailure("cannot read " + host.knownHosts() + ": " + e.getMessage(), e);
    }
    client.addHostKeyVerifier(
        new net.schmizz.sshj.transport.verification.HostKeyVerifier() {
          @Override
          public boolean verify(String hostname, int port, java.security.PublicKey key) {
            offered.set(key);
            return false;
          }

          @Override
          public List<String> findExistingAlgorithms(String hostname, int port) {
            return known.findExistingAlgorithms(hostname, port);
          }
        });
    client.setConnectTimeout((int) timeout.toMillis());
    client.getTransport().setTimeoutMs((int) timeout.toMillis());
    try {
      client.connect(host.address(), host.port());
    } catch (IOException e) {
      if (offered.get() == null) {
        throw new ConnectFailure(describe(host, e, timeout), e);
      }
    } finally {
      closeQuietly(client);
    }
    java.security.PublicKey key = offered.get();
    if (key == null) {
      throw new ConnectFailure("the host offered no key", null);
    }
    boolean trusted = known.verify(host.address(), host.port(), key);
    return new KeyScan(
        HostKey.of(key), trusted, !trusted && known.verdict() == HostKeyCheck.Verdict.CHANGED);
  }

  /** The key a host offered and what known_hosts says of it. */
  public record KeyScan(HostKey key, boolean trusted, boolean changed) {}

  private static ConnectFailure untrusted(Host host, HostKeyCheck check) {
    HostKey key = check.refused().orElseThrow();
    String what =
        check.verdict() == HostKeyCheck.Verdict.CHANGED
            ? "HOST KEY CHANGED (offered "
                + key.type()
                + " "
                + key.fingerprint()
                + "); if the host was reinstalled, remove the old line from "
                + host.knownHosts()
                + " and run: distpool hosts trust "
                + host.name()
            : "unknown host key "
                + key.type()
                + " "
                + key.fingerprint()
                + "; check it, then run: "
                + "distpool hosts trust "
                + host.name();
    return new ConnectFailure(what, key, null);
  }

  private void authenticate(SSHClient client, Host host) throws ConnectFailure {
    List<AuthMethod> methods = new ArrayList<>();
    List<String> offered = new ArrayList<>();
    for (Path identity : host.identities()) {
      try {
        methods.add(new AuthPublickey(client.loadKeys(identity.toString())));
        offered.add(identity.getFileName().toString());
      } catch (IOException e) {
        offered.add(identity.getFileName() + " (unreadable: " + e.getMessage() + ")");
      }
    }
    AgentClient agent = agent(offered);
    try {
      if (agent != null) {
        for (AgentClient.Identity identity : agent.identities()) {
          methods.add(new AgentAuth(agent, identity));
        }
        offered.add("ssh-agent (" + (methods.size() - host.identities().size()) + " keys)");
      }
      if (methods.isEmpty()) {
        throw new ConnectFailure(
            "no key to log in with: set 'identity:' for "
                + host.name()
                + " in hosts.yaml, or create ~/.ssh/id_ed25519, or start ssh-agent",
            null);
      }
      client.auth(host.user(), methods);
    } catch (ConnectFailure e) {
      closeQuietly(client);
      throw e;
    } catch (UserAuthException e) {
      closeQuietly(client);
      throw new ConnectFailure(
          "login as "
              + host.user()
              + " refused (offered "
              + String.join(", ", offered)
              + "); add the public key to the host's "
              + "~/.ssh/authorized_keys",
          e);
    } catch (IOException e) {
      closeQuietly(client);
      throw new ConnectFailure("login failed: " + e.getMessage(), e);
    } finally {
      if (agent != null) {
        closeQuietly(agent);
      }
    }
  }

  private AgentClient agent(List<String> offered) {
    String socket = env.get("SSH_AUTH_SOCK");
    if (socket == null || socket.isEmpty()) {
      return null;
    }
    try {
      return AgentClient.connect(Path.of(socket));
    } catch (IOException e) {
      offered.add("ssh-agent (" + e.getMessage() + ")");
      return null;
    }
  }

  private static String describe(Host host, IOException e, Duration timeout) {
    String where = host.address() + ":" + host.port();
    if (e instanceof UnknownHostException) {
      return "cannot resolve address '" + host.address() + "'";
    }
    if (e instanceof ConnectException) {
      return "connection refused by " + where + " (is sshd running?)";
    }
    if (e instanceof NoRouteToHostException) {
      return "no route to " + where;
    }
    if (e instanceof SocketTimeoutException) {
      return "no answer from " + where + " within " + timeout.toMillis() / 1000.0 + "s";
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return "ssh to " + where + " failed: " + message;
  }

  static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Closing after a failure: the failure is what gets reported.
    }
  }
}
