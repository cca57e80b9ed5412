package io.distpool.cli;

import io.distpool.protocol.Request;
import io.distpool.protocol.Response;
import io.distpool.protocol.StatusJson;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code distpool status [--json]}: the pool as a table, or as JSON for scripts. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = "Show every host: state, OS, CPUs, load, desktop use, free slots, rank.")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand DistpoolCommand top;

  @Option(names = "--json", description = "One JSON object (the format in distpool(1)).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Response response = AdminCall.call(top, new Request.Status(), Duration.ofSeconds(10));
    if (!(response instanceof Response.Status)) {
      return AdminCall.report(top, response, ExitCodes.FAILED);
    }
    String text = ((Response.Status) response).json();
    if (json) {
      top.context.out().println(text);
    } else {
      top.context.out().print(StatusTable.render(StatusJson.read(text)));
    }
    return ExitCodes.OK;
  }
}
