package io.distpool.daemon;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a daemon is run.
 *
 * @param sshProgram the OpenSSH client distcc's ssh wrapper executes
 */
public record DaemonSettings(Path socket, Path inventoryFile, String sshProgram, String version) {
  public DaemonSettings {
    Objects.requireNonNull(socket, "socket");
    Objects.requireNonNull(inventoryFile, "inventoryFile");
    Objects.requireNonNull(sshProgram, "sshProgram");
    Objects.requireNonNull(version, "version");
  }
}
