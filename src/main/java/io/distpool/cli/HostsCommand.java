package io.distpool.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code distpool hosts ...}: inventory checks and host keys. */
@Command(
    name = "hosts",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = "Check hosts.yaml and the hosts in it; trust host keys.",
    subcommands = {CheckCommand.class, TrustCommand.class})
final class HostsCommand implements Runnable {
  @ParentCommand DistpoolCommand top;

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(top.context.out());
  }
}
