package io.distpool.cli;

import io.distpool.daemon.Daemon;
import io.distpool.daemon.DaemonSettings;
import io.distpool.probe.SshConnector;
import io.distpool.probe.SshProber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code distpool daemon}: the scheduler in the foreground, logging to stderr. */
@Command(
    name = "daemon",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = {
      "Run the scheduler in the foreground (for systemd, or a terminal), logging to stderr.",
      "SIGHUP re-reads hosts.yaml; SIGTERM and SIGINT stop it cleanly."
    })
final class DaemonCommand implements Callable<Integer> {
  @ParentCommand DistpoolCommand top;

  @Override
  public Integer call() throws Exception {
    DaemonSettings settings = settings(top);
    java.util.Set<String> wanted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Daemon daemon =
        Daemon.start(
            settings,
            new SshProber(new SshConnector(top.context.env()), () -> java.util.Set.copyOf(wanted)),
            InstantSource.system(),
            wanted);
    Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "shutdown"));
    Signals.onHangup(daemon::reloadFromSignal);
    daemon.awaitStop();
    return ExitCodes.OK;
  }

  static DaemonSettings settings(DistpoolCommand top) {
    return new DaemonSettings(
        top.socketPath(),
        top.inventoryPath(),
        findOnPath("ssh", top.context.env().get("PATH")),
        Cli.version(),
        java.util.Optional.of(StatePaths.stateDirectory(top.context.env())),
        true);
  }

  /** The absolute path of {@code program} on {@code path}, or the bare name if none is found. */
  static String findOnPath(String program, String path) {
    if (path != null) {
      for (String dir : path.split(":")) {
        if (!dir.isEmpty()) {
          Path candidate = Path.of(dir, program);
          if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
            return candidate.toAbsolutePath().toString();
          }
        }
      }
    }
    return program;
  }
}
