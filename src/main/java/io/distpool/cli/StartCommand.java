package io.distpool.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code distpool start}: runs the daemon in the background with a log file. */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = {
      "Start the daemon in the background; its log goes to $XDG_STATE_HOME/distpool/daemon.log.",
      "Does nothing if a daemon already answers on the socket."
    })
final class StartCommand implements Callable<Integer> {
  static final Duration STARTUP_LIMIT = Duration.ofSeconds(20);

  @ParentCommand DistpoolCommand top;

  @Option(
      names = "--log",
      paramLabel = "FILE",
      description =
          "Log file (default: $XDG_STATE_HOME/distpool/daemon.log,"
              + " ~/.local/state/distpool/daemon.log).")
  Path log;

  @Override
  public Integer call() throws Exception {
    Path socket = top.socketPath();
    if (DaemonProbe.answers(top.client())) {
      top.context.out().println("distpool daemon already running on " + socket);
      return ExitCodes.OK;
    }
    Path logFile = log != null ? log : StatePaths.logFile(top.context.env());
    createPrivateDirectory(logFile.toAbsolutePath().getParent());
    Process process = launch(logFile);
    long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (DaemonProbe.answers(top.client())) {
        top.context.out().println("distpool daemon started (pid " + process.pid() + ")");
        top.context.out().println("  socket: " + socket);
        top.context.out().println("  hosts:  " + top.inventoryPath());
        top.context.out().println("  log:    " + logFile);
        return ExitCodes.OK;
      }
      if (!process.isAlive()) {
        top.context.err().println("distpool: the daemon did not start; from " + logFile + ":");
        tail(logFile, 15).forEach(line -> top.context.err().println("  " + line));
        return process.exitValue() == ExitCodes.USAGE ? ExitCodes.USAGE : ExitCodes.FAILED;
      }
      Thread.sleep(100);
    }
    throw new Cli.OperationFailed(
        "the daemon (pid "
            + process.pid()
            + ") did not answer on "
            + socket
            + " within "
            + STARTUP_LIMIT.toSeconds()
            + "s; see "
            + logFile);
  }

  private Process launch(Path logFile) throws IOException {
    List<String> command = new ArrayList<>();
    String setsid = DaemonCommand.findOnPath("setsid", top.context.env().get("PATH"));
    if (setsid.startsWith("/")) {
      command.add(setsid); // its own session: no terminal hangup reaches the daemon
    }
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-XX:+UseSerialGC");
    command.add("-Xss512k");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.add("daemon");
    command.add("--socket=" + top.socketPath());
    command.add("--hosts=" + top.inventoryPath().toAbsolutePath());
    if (top.verbose) {
      command.add("--verbose");
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    builder.environment().clear();
    builder.environment().putAll(top.context.env());
    return builder.start();
  }

  static void createPrivateDirectory(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(
          directory,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
  }

  private static List<String> tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return all.subList(Math.max(0, all.size() - lines), all.size());
    } catch (IOException e) {
      return List.of("(cannot read the log: " + e.getMessage() + ")");
    }
  }
}
