package io.distpool.cli;

import io.distpool.connect.ForwardPidFile;
import io.distpool.connect.ForwardSpec;
import io.distpool.connect.Forwarder;
import io.distpool.protocol.LineChannel;
import io.distpool.protocol.SocketDirectory;
import io.distpool.protocol.SocketPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code distpool connect [USER@]HOST}: a team's daemon on another machine, reached over an ssh
 * forward to the shared socket here, which gethost asks before the own daemon.
 */
@Command(
    name = "connect",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = {
      "Forward the shared socket (shared.socket next to the daemon's socket) to the daemon on"
          + " HOST over ssh, in the foreground; ssh is started again when it ends (1 s, doubling"
          + " to 60 s). gethost asks the daemon there first. No port is opened anywhere.",
      "SIGTERM and SIGINT end the forward and remove the shared socket."
    })
final class ConnectCommand implements Callable<Integer> {
  @ParentCommand DistpoolCommand top;

  @Parameters(paramLabel = "[USER@]HOST", description = "Where the team's daemon runs.")
  String destination;

  @Option(
      names = {"-F", "--ssh-config"},
      paramLabel = "FILE",
      description = "An ssh config file, passed to ssh as -F FILE.")
  Path sshConfig;

  @Option(
      names = "--ssh",
      paramLabel = "PROGRAM",
      description = "The ssh program (default: $DISTPOOL_SSH, else ssh).")
  String ssh;

  @Option(
      names = "--remote-socket",
      paramLabel = "PATH",
      description =
          "The daemon's socket on HOST (default: what 'distpool socket' prints there, asked at"
              + " each connect).")
  Path remoteSocket;

  @Option(names = "--once", description = "Do not start ssh again: exit 1 when it ends.")
  boolean once;

  @Override
  public Integer call() throws Exception {
    ForwardSpec spec = spec();
    Path directory = spec.local().getParent();
    if (SocketDirectory.prepare(directory)) {
      top.context.err().println("distpool: " + directory + " was open to others; set it to 0700");
    }
    endLeftoverForward(spec.local());
    refuseIfForwarded(spec.local());
    Forwarder forwarder = new Forwarder(spec);
    Signals.onTermination(forwarder::stop);
    Thread hook = new Thread(() -> stop(forwarder, spec.local()), "connect-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean stopped = forwarder.run(once);
    stop(forwarder, spec.local());
    Runtime.getRuntime().removeShutdownHook(hook);
    return stopped ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** The options as a forward; every mistake in them is a usage error. */
  ForwardSpec spec() throws Cli.UsageError, Cli.OperationFailed {
    String problem = ForwardSpec.destinationProblem(destination);
    if (problem != null) {
      throw new Cli.UsageError(problem);
    }
    if (sshConfig != null && !Files.isReadable(sshConfig)) {
      throw new Cli.UsageError("cannot read the ssh config file " + sshConfig);
    }
    if (remoteSocket != null && !remoteSocket.isAbsolute()) {
      throw new Cli.UsageError("--remote-socket must be an absolute path, not " + remoteSocket);
    }
    Path local = SocketPaths.shared(top.socketPath());
    String tooLong = SocketPaths.checkLength(local);
    if (tooLong != null) {
      throw new Cli.OperationFailed(tooLong);
    }
    String program = ssh != null ? ssh : top.context.env().getOrDefault("DISTPOOL_SSH", "ssh");
    try {
      return new ForwardSpec(
          program.isEmpty() ? "ssh" : program,
          Optional.ofNullable(sshConfig).map(Path::toAbsolutePath),
          destination,
          local,
          Optional.ofNullable(remoteSocket));
    } catch (IllegalArgumentException e) {
      throw new Cli.UsageError(e.getMessage());
    }
  }

  /** The ssh of a connect killed with SIGKILL would hold the shared socket: end it. */
  private void endLeftoverForward(Path local) throws InterruptedException {
    ForwardPidFile pids = new ForwardPidFile(local);
    try {
      pids.endLeftover()
          .ifPresent(
              pid ->
                  top.context
                      .err()
                      .println(
                          "distpool: ended ssh "
                              + pid
                              + ", the forward of an earlier distpool connect to "
                              + local));
    } catch (IOException e) {
      top.context
          .err()
          .println("distpool: cannot check for an earlier forward in " + pids.file() + ": " + e);
    }
  }

  /** Another {@code distpool connect} already answers on the shared socket: do not steal it. */
  private static void refuseIfForwarded(Path local) throws Cli.OperationFailed {
    if (!Files.exists(local)) {
      return;
    }
    try (LineChannel channel = LineChannel.connect(local)) {
      throw new Cli.OperationFailed(
          "something already listens on " + local + " (another distpool connect?); stop it first");
    } catch (Cli.OperationFailed e) {
      throw e;
    } catch (IOException e) {
      // A file left by a connect that was killed: ssh replaces it.
    }
  }

  private static void stop(Forwarder forwarder, Path local) {
    forwarder.stop();
    try {
      Files.deleteIfExists(local);
    } catch (IOException e) {
      System.err.println("distpool: cannot remove " + local + ": " + e.getMessage());
    }
  }
}
