package io.distpool.probe;

import io.distpool.inventory.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Appends trusted keys to an OpenSSH known_hosts file, creating it (0600) when needed. */
public final class KnownHostsFile {
  private KnownHostsFile() {}

  /** Adds the line that trusts {@code key} for {@code host}'s address and port. */
  public static void trust(Host host, HostKey key) throws IOException {
    Path file = host.knownHosts();
    Path directory = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(
          directory,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    if (!Files.exists(file)) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    String line = key.knownHostsLine(host.knownHostsName()) + "\n";
    byte[] existing = Files.readAllBytes(file);
    String prefix = existing.length > 0 && existing[existing.length - 1] != '\n' ? "\n" : "";
    Files.writeString(file, prefix + line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }
}
