package io.distpool.cli;

import io.distpool.protocol.Request;
import io.distpool.protocol.Response;
import java.io.IOException;
import java.time.Duration;

/** One admin request, with "no daemon" reported the same way by every command. */
final class AdminCall {
  private AdminCall() {}

  /**
   * Sends {@code request} and returns the daemon's answer.
   *
   * @throws Cli.OperationFailed when no daemon answers
   */
  static Response call(DistpoolCommand top, Request request, Duration timeout)
      throws Cli.OperationFailed {
    try {
      return top.client().call(request, timeout);
    } catch (IOException e) {
      throw new Cli.OperationFailed(
          "no distpool daemon answers on "
              + top.socketPath()
              + " ("
              + e.getMessage()
              + "); start it with: distpool start");
    }
  }

  /** Prints an OK's message and returns 0, or prints a failure and returns {@code failureCode}. */
  static int report(DistpoolCommand top, Response response, int failureCode) {
    if (response instanceof Response.Ok) {
      top.context.out().println(((Response.Ok) response).message());
      return ExitCodes.OK;
    }
    String message =
        response instanceof Response.Failure
            ? ((Response.Failure) response).message()
            : "unexpected answer: " + response;
    top.context.err().println("distpool: " + message);
    return failureCode;
  }
}
