package io.distpool.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real OpenSSH sshd on a loopback address, standing in for one build host.
 *
 * <p>It has its own host key, accepts the farm's user key, and runs every session through a wrapper
 * that puts this host's {@code bin/} first on PATH: there a {@code distccd} logs each job to this
 * host's own log (so tests can tell which host compiled what), and an optional fake {@code who}
 * makes someone sit at the console.
 */
final class SshdHost implements AutoCloseable {
  static final Path SSHD = Path.of("/usr/sbin/sshd");

  final String name;
  final String address;
  final Path dir;
  final int port;
  private Process process;

  private SshdHost(String name, String address, Path dir, int port) {
    this.name = name;
    this.address = address;
    this.dir = dir;
    this.port = port;
  }

  static SshdHost create(Path base, String name, String address, Path authorizedKeys)
      throws IOException, InterruptedException {
    if (!Files.isExecutable(SSHD)) {
      throw new IllegalStateException(
          SSHD + " is missing: install openssh-server " + "(scripts/test does it)");
    }
    Path dir = Files.createDirectories(base.resolve(name));
    Files.createDirectories(dir.resolve("bin"));
    Path logs = Files.createDirectories(dir.resolve("logs"));
    // distccd drops root privileges to its own user, which must still reach and write its log.
    Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    for (Path up = dir.toAbsolutePath();
        up.startsWith(tmp) && !up.equals(tmp);
        up = up.getParent()) {
      var mode = Files.getPosixFilePermissions(up);
      mode.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
      Files.setPosixFilePermissions(up, mode);
    }
    Run.ok(
        dir,
        Map.of(),
        Duration.ofSeconds(30),
        List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "hostkey"));
    SshdHost host = new SshdHost(name, address, dir, freePort(address));
    host.writeFiles(authorizedKeys);
    host.start();
    return host;
  }

  private static int freePort(String address) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(address, 0));
      return socket.getLocalPort();
    }
  }

  private void writeFiles(Path authorizedKeys) throws IOException {
    // With root, each session may see its own /proc/loadavg (and so its own uptime): all
    // "hosts" share this machine's CPUs, and one host's jobs must not look like load on another.
    script(
        dir.resolve("session.sh"),
        String.join(
            "\n",
            "#!/bin/sh",
            "PATH=" + dir.resolve("bin") + ":/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
            "export PATH",
            "if [ -z \"$SSH_ORIGINAL_COMMAND\" ]; then SSH_ORIGINAL_COMMAND=/bin/sh; fi",
            "if [ -f " + dir.resolve("loadavg") + " ] && [ `id -u` = 0 ]; then",
            "  exec unshare --mount --propagation private /bin/sh -c \\",
            "    'mount --bind \"$0\" /proc/loadavg && exec /bin/sh -c \"$SSH_ORIGINAL_COMMAND\"' \\",
            "    " + dir.resolve("loadavg"),
            "fi",
            "exec /bin/sh -c \"$SSH_ORIGINAL_COMMAND\"",
            ""));
    script(
        dir.resolve("bin/distccd"),
        String.join(
            "\n",
            "#!/bin/sh",
            "exec "
                + realDistccd()
                + " --log-file="
                + dir.resolve("logs/distccd.log")
                + " --log-level=info \"$@\"",
            ""));
    Files.writeString(
        dir.resolve("sshd_config"),
        String.join(
            "\n",
            "ListenAddress " + address + ":" + port,
            "HostKey " + dir.resolve("hostkey"),
            "AuthorizedKeysFile " + authorizedKeys,
            "PidFile " + dir.resolve("sshd.pid"),
            "ForceCommand " + dir.resolve("session.sh"),
            // sshd runs the forced command with the user's shell; bash then reads ~/.bashrc (it
            // does when started by sshd at shell level 1). A slow one (pyenv's rehash takes a
            // lock, and probes of several hosts arrive at once) must not stand in for a dead
            // host: at level 2 bash skips it.
            "SetEnv SHLVL=1",
            "StrictModes no",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "MaxStartups 100",
            "MaxSessions 100",
            "LogLevel ERROR",
            ""));
  }

  private static String realDistccd() {
    for (String candidate : List.of("/usr/bin/distccd", "/usr/local/bin/distccd")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new IllegalStateException("distccd is missing: install distcc (scripts/test does it)");
  }

  private static void script(Path file, String text) throws IOException {
    replace(file, text, "rwxr-xr-x");
  }

  /**
   * Writes {@code text} to a new file beside {@code file} and renames it over {@code file}: the
   * daemon's probe may be running or reading the old one at this moment, and writing into a running
   * executable fails with "Text file busy" while a half-written file would be read as a garbled
   * report.
   */
  private static void replace(Path file, String text, String permissions) throws IOException {
    Path next = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".new");
    Files.writeString(next, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(next, PosixFilePermissions.fromString(permissions));
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Starts sshd and waits until it accepts connections. */
  void start() throws IOException, InterruptedException {
    if ("root".equals(System.getProperty("user.name"))) {
      Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege-separation directory
    }
    List<String> command = new java.util.ArrayList<>();
    if (canIsolate()) {
      // Its own PID namespace: ps on this host shows its own jobs only, as on a real machine.
      command.addAll(List.of("unshare", "--pid", "--fork", "--kill-child", "--mount-proc"));
    }
    command.addAll(
        List.of(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString()));
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket(address, port)) {
        return;
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "sshd for " + name + " exited: " + Files.readString(dir.resolve("sshd.log")));
        }
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("sshd for " + name + " did not listen on " + port);
  }

  /** Kills sshd and every session it started, as if the machine went away. */
  void stop() throws InterruptedException {
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      process = null;
    }
  }

  private static Boolean isolation;

  /**
   * Whether each host can run in its own PID namespace, so that {@code ps} there (which the probe
   * runs to count distcc jobs) sees that host's processes only: root and a kernel that allows it.
   */
  static synchronized boolean canIsolate() {
    if (isolation == null) {
      try {
        Process p =
            new ProcessBuilder("unshare", "--pid", "--fork", "--kill-child", "--mount-proc", "true")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        isolation = p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
      } catch (IOException e) {
        isolation = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        isolation = false;
      }
    }
    return isolation;
  }

  /** distcc jobs in ssh mode ({@code distccd --inetd}) running on this host now. */
  int sshJobs() {
    Process p = process;
    if (p == null) {
      return 0;
    }
    return (int)
        p.descendants()
            .filter(
                h -> {
                  var info = h.info();
                  return info.command().map(c -> c.endsWith("/distccd")).orElse(false)
                      && info.arguments().map(a -> List.of(a).contains("--inetd")).orElse(false);
                })
            .count();
  }

  /** Whether this host can be given a load of its own ({@link #fakeLoad}): needs root. */
  static boolean canFakeLoad() {
    return "root".equals(System.getProperty("user.name"));
  }

  /**
   * Makes this host's /proc/loadavg read {@code loadavg} (e.g. {@code "0.00 0.00 0.00 1/99 1"}), so
   * its probe sees this load rather than the whole machine's. Needs root.
   */
  void fakeLoad(String loadavg) throws IOException {
    replace(dir.resolve("loadavg"), loadavg + "\n", "rw-r--r--");
  }

  /** Makes {@code who -u} on this host print {@code lines}; null removes the fake. */
  void fakeWho(String lines) throws IOException {
    Path who = dir.resolve("bin/who");
    if (lines == null) {
      Files.deleteIfExists(who);
      return;
    }
    replace(dir.resolve("who.txt"), lines, "rw-r--r--");
    script(who, "#!/bin/sh\ncat " + dir.resolve("who.txt") + "\n");
  }

  /** The line a known_hosts file needs to trust this host. */
  String knownHostsLine() throws IOException {
    String[] key = Files.readString(dir.resolve("hostkey.pub")).trim().split(" ");
    return "[" + address + "]:" + port + " " + key[0] + " " + key[1];
  }

  /** How many compiles this host's distccd has logged. */
  long compiles() throws IOException {
    Path log = dir.resolve("logs/distccd.log");
    if (!Files.exists(log)) {
      return 0;
    }
    return Files.readAllLines(log).stream().filter(l -> l.contains("compile from")).count();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
