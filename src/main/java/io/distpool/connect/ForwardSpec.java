package io.distpool.connect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code distpool connect} forwards: the shared socket here to the daemon's socket on {@code
 * destination}, through {@code ssh}. Every part goes to ssh as its own argv entry, never through a
 * shell.
 *
 * @param ssh the ssh program
 * @param config an ssh config file for {@code -F}
 * @param destination {@code [USER@]HOST} or a {@code Host} alias of the ssh config
 * @param local the shared socket on this machine
 * @param remote the daemon's socket on the destination; empty: ask it with {@code distpool socket}
 */
public record ForwardSpec(
    String ssh, Optional<Path> config, String destination, Path local, Optional<Path> remote) {

  /** Keeps the forward honest: exits when it cannot bind, notices a dead connection in 30 s. */
  static final List<String> FORWARD_OPTIONS =
      List.of(
          "-N",
          "-o",
          "ExitOnForwardFailure=yes",
          "-o",
          "StreamLocalBindUnlink=yes",
          "-o",
          "ServerAliveInterval=10",
          "-o",
          "ServerAliveCountMax=3",
          "-o",
          "BatchMode=yes");

  public ForwardSpec {
    Objects.requireNonNull(ssh, "ssh");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(remote, "remote");
    if (ssh.isEmpty()) {
      throw new IllegalArgumentException("empty ssh program");
    }
    String problem = destinationProblem(destination);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    forwardable(local);
    if (remote.isPresent()) {
      forwardable(remote.get());
    }
  }

  /** Null when {@code destination} may be handed to ssh, else why not. */
  public static String destinationProblem(String destination) {
    if (destination == null || destination.isEmpty()) {
      return "no destination given: distpool connect [USER@]HOST";
    }
    if (destination.startsWith("-")) {
      return "'" + destination + "' is not a destination (it would be read as an ssh option)";
    }
    for (int i = 0; i < destination.length(); i++) {
      char c = destination.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return "'" + destination + "' is not a destination (space or control character)";
      }
    }
    return null;
  }

  /** ssh's {@code -L LOCAL:REMOTE} cannot carry a colon in either path, nor a relative path. */
  static Path forwardable(Path socket) {
    if (!socket.isAbsolute() || socket.toString().contains(":")) {
      throw new IllegalArgumentException(
          "socket path must be absolute and without ':' for ssh -L: " + socket);
    }
    return socket;
  }

  /** {@code ssh [-F FILE] OPTIONS... -- DESTINATION REMOTE-COMMAND...}. */
  List<String> exec(List<String> options, List<String> remoteCommand) {
    List<String> command = new ArrayList<>();
    command.add(ssh);
    if (config.isPresent()) {
      command.add("-F");
      command.add(config.get().toString());
    }
    command.addAll(options);
    command.add("--");
    command.add(destination);
    command.addAll(remoteCommand);
    return command;
  }

  /** The command that asks the destination where its daemon's socket is. */
  List<String> socketQuery() {
    return exec(List.of("-o", "BatchMode=yes", "-T"), List.of("distpool", "socket"));
  }

  /** The command that keeps the forward from {@link #local} to {@code remoteSocket}. */
  List<String> forward(Path remoteSocket) {
    List<String> options = new ArrayList<>(FORWARD_OPTIONS);
    options.add("-L");
    options.add(local + ":" + forwardable(remoteSocket));
    return exec(options, List.of());
  }
}
