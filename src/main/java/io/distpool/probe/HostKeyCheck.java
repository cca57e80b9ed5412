package io.distpool.probe;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Accepts a host key only if a known_hosts file lists it (plain or hashed entries); never adds one.
 * A refused key is remembered so the caller can show its fingerprint and how to trust it.
 *
 * <p>Reads the files afresh for each connection, so a key trusted meanwhile takes effect at the
 * next attempt. One instance per connection attempt; not thread-safe.
 */
final class HostKeyCheck implements HostKeyVerifier {
  /** Why a key was refused. */
  enum Verdict {
    UNKNOWN,
    CHANGED
  }

  private final List<OpenSSHKnownHosts> files = new ArrayList<>();
  private HostKey refused;
  private Verdict verdict;

  HostKeyCheck(List<Path> knownHostsFiles) throws IOException {
    for (Path path : knownHostsFiles) {
      if (Files.isRegularFile(path)) {
        files.add(new Recording(path.toFile()));
      }
    }
  }

  @Override
  public boolean verify(String hostname, int port, PublicKey key) {
    refused = null;
    verdict = Verdict.UNKNOWN;
    for (OpenSSHKnownHosts file : files) {
      if (file.verify(hostname, port, key)) {
        return true;
      }
    }
    refused = HostKey.of(key);
    return false;
  }

  @Override
  public List<String> findExistingAlgorithms(String hostname, int port) {
    LinkedHashSet<String> algorithms = new LinkedHashSet<>();
    for (OpenSSHKnownHosts file : files) {
      algorithms.addAll(file.findExistingAlgorithms(hostname, port));
    }
    return new ArrayList<>(algorithms);
  }

  /** The key refused by the last {@link #verify}, if it refused one. */
  Optional<HostKey> refused() {
    return Optional.ofNullable(refused);
  }

  Verdict verdict() {
    return verdict;
  }

  /** Notes a changed key instead of only logging it as sshj does. */
  private final class Recording extends OpenSSHKnownHosts {
    Recording(File file) throws IOException {
      super(file);
    }

    @Override
    protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
      verdict = Verdict.CHANGED;
      return false;
    }
  }
}
