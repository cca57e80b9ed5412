package io.distpool.daemon;

import io.distpool.inventory.Host;
import io.distpool.inventory.Inventory;
import io.distpool.protocol.SocketPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * The ssh config and wrapper that make distcc's ssh mode reach each host exactly as the probe does:
 * {@code DISTCC_SSH} names a program, not a command line, so per-host address, port, user, identity
 * and known_hosts travel in a generated config ({@code ssh -F}), one {@code Host} block per
 * inventory host, named like the host.
 *
 * <p>Jobs to a host share OpenSSH connections (ControlMaster) unless {@code ssh_multiplex: false}.
 * sshd refuses more than MaxSessions (10 by default) sessions on one connection, so a host has
 * several lanes: aliases {@code name}, {@code name+2}, {@code name+3}... each with its own master
 * and at most {@link #LANE_SESSIONS} jobs, chosen by {@link ConnectionLanes}.
 *
 * <p>Every value is validated by the inventory; paths are written in double quotes with {@code %}
 * doubled, since ssh expands {@code %} tokens in them. Host keys are checked strictly, never added.
 * Files are replaced atomically, so a running ssh never reads half a file.
 */
final class SshConfigFile {
  static final String CONFIG = "ssh_config";
  static final String WRAPPER = "ssh";

  /** Control sockets; a short name, since a socket path holds at most 103 bytes. */
  static final String MUX = "m";

  /** Jobs per shared connection, below sshd's default MaxSessions of 10. */
  static final int LANE_SESSIONS = 8;

  /** Lanes of a host whose slots the inventory leaves to the probe: enough for 256 slots. */
  static final int UNKNOWN_SLOTS_LANES = 32;

  /** How long an idle shared connection stays up after its last job. */
  static final Duration CONTROL_PERSIST = Duration.ofSeconds(60);

  /** What ssh appends to a control socket's path while creating it. */
  private static final int SSH_TEMP_SUFFIX = 17;

  private final Path directory;
  private final String sshProgram;

  SshConfigFile(Path directory, String sshProgram) {
    this.directory = directory;
    this.sshProgram = sshProgram;
  }

  /** The program to put in {@code DISTCC_SSH}. */
  Path wrapper() {
    return directory.resolve(WRAPPER);
  }

  Path config() {
    return directory.resolve(CONFIG);
  }

  Path muxDirectory() {
    return directory.resolve(MUX);
  }

  void write(Inventory inventory) throws IOException {
    if (!Files.isDirectory(muxDirectory())) {
      Files.createDirectory(
          muxDirectory(),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    replace(config(), render(inventory), "rw-------");
    replace(wrapper(), wrapperScript(), "rwx------");
  }

  String render(Inventory inventory) {
    StringBuilder out = new StringBuilder();
    out.append("# Written by distpool for distcc's ssh mode; regenerated on every change.\n");
    for (Host host : inventory.hosts()) {
      out.append("\nHost");
      for (int lane = 0; lane < lanes(host); lane++) {
        out.append(' ').append(alias(host.name(), lane));
      }
      out.append('\n');
      out.append("  HostName ").append(host.address().replace("%", "%%")).append('\n');
      out.append("  Port ").append(host.port()).append('\n');
      out.append("  User ").append(host.user()).append('\n');
      for (Path identity : host.identities()) {
        out.append("  IdentityFile ").append(quote(identity)).append('\n');
      }
      out.append("  UserKnownHostsFile ").append(quote(host.knownHosts())).append('\n');
      if (multiplexes(host)) {
        // A fresh handshake per job costs ~0.3 s and tens of ms of client CPU. ssh unlinks a
        // stale socket and connects directly, so a dead master never fails a job. %n is the
        // alias, so each lane has its own master.
        out.append("  ControlMaster auto\n");
        out.append("  ControlPath \"")
            .append(muxDirectory().toString().replace("%", "%%"))
            .append("/%n\"\n");
        out.append("  ControlPersist ").append(CONTROL_PERSIST.toSeconds()).append('\n');
      } else {
        out.append("  ControlMaster no\n");
        out.append("  ControlPath none\n");
      }
    }
    out.append("\nHost *\n");
    out.append("  StrictHostKeyChecking yes\n");
    out.append("  BatchMode yes\n");
    out.append("  ConnectTimeout ").append(Duration.ofSeconds(10).toSeconds()).append('\n');
    out.append("  ServerAliveInterval 15\n");
    out.append("  ServerAliveCountMax 4\n");
    out.append("  ForwardAgent no\n");
    out.append("  ForwardX11 no\n");
    out.append("  LogLevel ERROR\n");
    return out.toString();
  }

  /** How many lanes the host has: one when its jobs do not share connections. */
  int lanes(Host host) {
    if (!multiplexes(host)) {
      return 1;
    }
    int slots = host.slots().orElse(UNKNOWN_SLOTS_LANES * LANE_SESSIONS);
    return (slots + LANE_SESSIONS - 1) / LANE_SESSIONS;
  }

  /** The ssh destination of a host's lane: its name, then {@code name+2}, {@code name+3}... */
  static String alias(String name, int lane) {
    return lane == 0 ? name : name + "+" + (lane + 1);
  }

  /**
   * Whether jobs to this host share connections: asked for, and the longest control socket path
   * fits in a socket address. When the runtime directory is too deep, jobs connect directly.
   */
  boolean multiplexes(Host host) {
    if (!host.sshMultiplex()) {
      return false;
    }
    String longest = muxDirectory() + "/" + alias(host.name(), UNKNOWN_SLOTS_LANES * 100);
    return longest.getBytes(StandardCharsets.UTF_8).length + SSH_TEMP_SUFFIX
        <= SocketPaths.MAX_PATH_BYTES;
  }

  private String wrapperScript() {
    return "#!/bin/sh\n"
        + "# distcc's DISTCC_SSH: ssh with distpool's per-host config.\n"
        + "exec "
        + ShellQuote.quote(sshProgram)
        + " -F "
        + ShellQuote.quote(config().toString())
        + " \"$@\"\n";
  }

  /** A path for ssh_config: in double quotes, with ssh's {@code %} tokens neutralised. */
  static String quote(Path path) {
    String text = path.toString();
    if (text.indexOf('"') >= 0 || text.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException("path unusable in ssh_config: '" + text + "'");
    }
    return "\"" + text.replace("%", "%%") + "\"";
  }

  private static void replace(Path target, String content, String mode) throws IOException {
    Path temp =
        Files.createTempFile(
            target.getParent(),
            "." + target.getFileName(),
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(mode));
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
