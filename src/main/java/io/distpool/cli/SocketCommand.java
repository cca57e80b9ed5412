package io.distpool.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code distpool socket}: the daemon's socket path, resolved as every command resolves it; {@code
 * distpool connect} runs it on the central machine to learn where to forward to.
 */
@Command(
    name = "socket",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = "Print the path of the daemon's socket (whether or not a daemon runs).")
final class SocketCommand implements Callable<Integer> {
  @ParentCommand DistpoolCommand top;

  @Override
  public Integer call() {
    top.context.out().println(top.socketPath());
    return ExitCodes.OK;
  }
}
