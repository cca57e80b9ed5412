package io.distpool.cli;

import io.distpool.inventory.Host;
import io.distpool.inventory.Inventory;
import io.distpool.inventory.InventoryLoader;
import io.distpool.probe.KnownHostsFile;
import io.distpool.probe.SshConnector;
import io.distpool.protocol.Request;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code distpool hosts trust NAME}: show a host's key and, once confirmed, trust it. */
@Command(
    name = "trust",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = {
      "Fetch the host key NAME offers, show its fingerprint, and after confirmation (or --yes) "
          + "add it to the host's known_hosts file. Compare the fingerprint with "
          + "'ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub' on the host before you say yes."
    })
final class TrustCommand implements Callable<Integer> {
  @ParentCommand HostsCommand hosts;

  @Parameters(paramLabel = "NAME", description = "The host's name in hosts.yaml.")
  String name;

  @Option(
      names = {"-y", "--yes"},
      description = "Trust without asking.")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    DistpoolCommand top = hosts.top;
    Inventory inventory = InventoryLoader.load(top.inventoryPath());
    Host host =
        inventory
            .host(name)
            .orElseThrow(
                () -> new Cli.UsageError("no host named '" + name + "' in " + top.inventoryPath()));
    SshConnector.KeyScan scan =
        new SshConnector(top.context.env()).scanHostKey(host, host.pollTimeout());
    String where = host.user() + "@" + host.address() + ":" + host.port();
    if (scan.trusted()) {
      top.context
          .out()
          .println(
              host.name()
                  + " ("
                  + where
                  + ") is already trusted: "
                  + scan.key().type()
                  + " "
                  + scan.key().fingerprint());
      return ExitCodes.OK;
    }
    if (scan.changed()) {
      top.context
          .err()
          .println(
              "WARNING: "
                  + host.name()
                  + " now offers a DIFFERENT key than "
                  + host.knownHosts()
                  + " lists. Unless the host was reinstalled, someone may be "
                  + "intercepting the connection. Remove the old line yourself if the change is expected.");
      return ExitCodes.FAILED;
    }
    top.context.out().println(host.name() + " (" + where + ") offers:");
    top.context.out().println("  " + scan.key().type() + " " + scan.key().fingerprint());
    if (!yes && !confirm(top)) {
      top.context.out().println("not trusted");
      return ExitCodes.FAILED;
    }
    KnownHostsFile.trust(host, scan.key());
    top.context.out().println("added to " + host.knownHosts());
    refreshDaemon(top);
    return ExitCodes.OK;
  }

  private static boolean confirm(DistpoolCommand top) throws IOException {
    top.context.out().print("Trust this key? [y/N] ");
    top.context.out().flush();
    String answer = top.context.in().readLine();
    return answer != null && List.of("y", "yes").contains(answer.trim().toLowerCase(Locale.ROOT));
  }

  /** Lets a running daemon use the host at once instead of at its next poll. */
  private void refreshDaemon(DistpoolCommand top) {
    try {
      top.client().call(new Request.Refresh(List.of(name)), Duration.ofSeconds(20));
    } catch (IOException e) {
      // No daemon running: it reads known_hosts afresh when it starts.
    }
  }
}
