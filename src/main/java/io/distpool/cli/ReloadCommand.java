package io.distpool.cli;

import io.distpool.protocol.Request;
import io.distpool.protocol.Response;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code distpool reload}: re-read hosts.yaml now (the daemon also notices edits itself). */
@Command(
    name = "reload",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description =
        "Make the daemon re-read hosts.yaml now. It also notices edits by itself "
            + "within a second; a file with errors is refused and the old inventory kept.")
final class ReloadCommand implements Callable<Integer> {
  @ParentCommand DistpoolCommand top;

  @Override
  public Integer call() throws Exception {
    Response response = AdminCall.call(top, new Request.Reload(), Duration.ofSeconds(10));
    return AdminCall.report(top, response, ExitCodes.USAGE);
  }
}
