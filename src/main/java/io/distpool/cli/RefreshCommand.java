package io.distpool.cli;

import io.distpool.protocol.Request;
import io.distpool.protocol.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code distpool refresh [HOST...]}: probe now instead of at the next poll. */
@Command(
    name = "refresh",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = "Probe the named hosts (default: all) now, and return once they answered.")
final class RefreshCommand implements Callable<Integer> {
  @ParentCommand DistpoolCommand top;

  @Parameters(paramLabel = "HOST", arity = "0..*", description = "Host names from hosts.yaml.")
  List<String> hosts = new ArrayList<>();

  @Option(
      names = "--calibrate",
      description = {
        "Also time the calibration compile again on each host (and on this machine when no host"
            + " is named), replacing the speeds measured before."
      })
  boolean calibrate;

  @Override
  public Integer call() throws Exception {
    Response response =
        AdminCall.call(top, new Request.Refresh(hosts, calibrate), Duration.ofSeconds(150));
    return AdminCall.report(top, response, ExitCodes.USAGE);
  }
}
