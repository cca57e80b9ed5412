package io.distpool.cli;

import io.distpool.inventory.Host;
import io.distpool.inventory.Inventory;
import io.distpool.inventory.InventoryLoader;
import io.distpool.probe.HostReport;
import io.distpool.probe.ProbeResult;
import io.distpool.probe.SshConnector;
import io.distpool.probe.SshProber;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code distpool hosts check}: validate hosts.yaml, then try every host over SSH. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = {
      "Validate hosts.yaml (problems as file:line:column, exit 2), then log in to every host "
          + "the way the daemon does and print one line per host: ok, or why not (exit 1)."
    })
final class CheckCommand implements Callable<Integer> {
  @ParentCommand HostsCommand hosts;

  @Override
  public Integer call() throws Exception {
    DistpoolCommand top = hosts.top;
    if (!Files.exists(top.inventoryPath())) {
      throw new Cli.UsageError(
          "no inventory at "
              + top.inventoryPath()
              + "; copy hosts.example.yaml there, or name one with --hosts");
    }
    Inventory inventory = InventoryLoader.load(top.inventoryPath());
    top.context
        .out()
        .println(top.inventoryPath() + ": " + inventory.hosts().size() + " host(s), valid");
    List<CompletableFuture<String>> lines = new ArrayList<>();
    boolean[] failed = new boolean[1];
    try (SshProber prober = new SshProber(new SshConnector(top.context.env()))) {
      int width = inventory.hosts().stream().mapToInt(h -> h.name().length()).max().orElse(4);
      for (Host host : inventory.hosts()) {
        lines.add(CompletableFuture.supplyAsync(() -> line(prober, host, width, failed)));
      }
      for (CompletableFuture<String> line : lines) {
        top.context.out().println(line.get());
      }
    }
    return failed[0] ? ExitCodes.FAILED : ExitCodes.OK;
  }

  private static String line(SshProber prober, Host host, int width, boolean[] failed) {
    String name = String.format(Locale.ROOT, "%-" + width + "s", host.name());
    if (!host.enabled()) {
      return name + "  disabled";
    }
    ProbeResult result;
    try {
      result = prober.probe(host);
    } catch (RuntimeException e) {
      result = new ProbeResult.Unreachable(e.toString());
    }
    if (result instanceof ProbeResult.Reachable) {
      return name + "  ok      " + summary(((ProbeResult.Reachable) result).report());
    }
    synchronized (failed) {
      failed[0] = true;
    }
    String reason =
        result instanceof ProbeResult.Untrusted
            ? ((ProbeResult.Untrusted) result).reason()
            : ((ProbeResult.Unreachable) result).reason();
    return name + "  FAILED  " + reason;
  }

  private static String summary(HostReport r) {
    StringBuilder s = new StringBuilder();
    s.append(r.os().orElse("?"))
        .append(' ')
        .append(r.osRelease().orElse(""))
        .append(' ')
        .append(r.arch().orElse(""))
        .append(", ");
    s.append(r.cpus().isPresent() ? r.cpus().getAsInt() + " cpus" : "cpus unknown");
    if (r.load1().isPresent()) {
      s.append(String.format(Locale.ROOT, ", load %.2f", r.load1().getAsDouble()));
    }
    if (!r.unparsed().isEmpty()) {
      s.append("; could not read: ").append(String.join("; ", r.unparsed()));
    }
    return s.toString().replaceAll(" +", " ");
  }
}
