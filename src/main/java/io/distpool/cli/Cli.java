package io.distpool.cli;

import io.distpool.daemon.DaemonException;
import io.distpool.inventory.InventoryException;
import io.distpool.inventory.Problem;
import java.io.IOException;
import picocli.CommandLine;

/** Builds the picocli command tree and maps every exception to an exit code, in one place. */
final class Cli {
  private Cli() {}

  static CommandLine commandLine(Context context) {
    CommandLine cli = new CommandLine(new DistpoolCommand(context));
    cli.setOut(context.out());
    cli.setErr(context.err());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) ->
            handle(
                e,
                context,
                parseResult.originalArgs().contains("-v")
                    || parseResult.originalArgs().contains("--verbose")));
    return cli;
  }

  private static int handle(Exception e, Context context, boolean verbose) {
    if (verbose) {
      e.printStackTrace(context.err());
    }
    if (e instanceof InventoryException) {
      for (Problem problem : ((InventoryException) e).problems()) {
        context.err().println(problem);
      }
      return ExitCodes.USAGE;
    }
    if (e instanceof UsageError) {
      context.err().println("distpool: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (e instanceof DaemonException || e instanceof OperationFailed) {
      context.err().println("distpool: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    if (e instanceof IOException) {
      context.err().println("distpool: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    context
        .err()
        .println(
            "distpool: internal error: "
                + e
                + (verbose ? "" : " (run with --verbose for details)"));
    return ExitCodes.FAILED;
  }

  /** Bad arguments or input the user must fix: exit 2. */
  static final class UsageError extends Exception {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
      super(message);
    }
  }

  /** The operation could not be done: exit 1. */
  static final class OperationFailed extends IOException {
    private static final long serialVersionUID = 1L;

    OperationFailed(String message) {
      super(message);
    }
  }

  /** {@code --version}: the jar's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"distpool " + version()};
    }
  }

  static String version() {
    String version = Cli.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
