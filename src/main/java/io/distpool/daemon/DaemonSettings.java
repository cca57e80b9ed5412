package io.distpool.daemon;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a daemon is run.
 *
 * @param sshProgram the OpenSSH client distcc's ssh wrapper executes
 * @param stateDirectory where measured and learned speeds are kept across restarts; empty keeps
 *     nothing
 * @param probeLocalMachine whether this machine is probed and calibrated as a candidate for jobs
 */
public record DaemonSettings(
    Path socket,
    Path inventoryFile,
    String sshProgram,
    String version,
    Optional<Path> stateDirectory,
    boolean probeLocalMachine) {
  public DaemonSettings {
    Objects.requireNonNull(socket, "socket");
    Objects.requireNonNull(inventoryFile, "inventoryFile");
    Objects.requireNonNull(sshProgram, "sshProgram");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(stateDirectory, "stateDirectory");
  }

  /** A daemon that keeps no state and never compiles on this machine by choice (for tests). */
  public DaemonSettings(Path socket, Path inventoryFile, String sshProgram, String version) {
    this(socket, inventoryFile, sshProgram, version, Optional.empty(), false);
  }
}
