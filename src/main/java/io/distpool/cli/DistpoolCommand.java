package io.distpool.cli;

import io.distpool.inventory.InventoryLocation;
import io.distpool.protocol.DaemonClient;
import io.distpool.protocol.SocketPaths;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top command: global options only; the work is in the subcommands. */
@Command(
    name = "distpool",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = "SSH-only, agentless scheduler for distcc build farms.",
    subcommands = {
      DaemonCommand.class,
      StartCommand.class,
      StopCommand.class,
      StatusCommand.class,
      RefreshCommand.class,
      ReloadCommand.class,
      HostsCommand.class,
      ConnectCommand.class,
      SocketCommand.class
    },
    footer = {
      "",
      "Compile with:  make -j12 CC=\"gethost distcc gcc\"",
      "Exit codes: 0 ok, 1 the operation failed, 2 bad usage or bad input.",
      "See distpool(1), gethost(1) and hosts.yaml(5)."
    })
final class DistpoolCommand implements Runnable {
  final Context context;

  @Option(
      names = "--socket",
      paramLabel = "PATH",
      scope = ScopeType.INHERIT,
      description =
          "The daemon's socket (default: $DISTPOOL_SOCKET, "
              + "$XDG_RUNTIME_DIR/distpool/socket, /tmp/distpool-UID/socket).")
  Path socket;

  @Option(
      names = "--hosts",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description =
          "The inventory (default: $DISTPOOL_HOSTS, " + "$XDG_CONFIG_HOME/distpool/hosts.yaml).")
  Path hosts;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Say more; show stack traces of errors.")
  boolean verbose;

  DistpoolCommand(Context context) {
    this.context = context;
  }

  Path socketPath() {
    return SocketPaths.resolve(Optional.ofNullable(socket), context.env());
  }

  Path inventoryPath() {
    return InventoryLocation.resolve(Optional.ofNullable(hosts), context.env());
  }

  DaemonClient client() {
    return new DaemonClient(socketPath());
  }

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(context.out());
  }
}
