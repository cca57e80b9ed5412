package io.distpool.cli;

import io.distpool.protocol.DaemonClient;
import io.distpool.protocol.Request;
import io.distpool.protocol.Response;
import java.io.IOException;
import java.time.Duration;

/** Whether a daemon answers on a socket. */
final class DaemonProbe {
  private DaemonProbe() {}

  static boolean answers(DaemonClient client) {
    try {
      return client.call(new Request.Status(), Duration.ofSeconds(5)) instanceof Response.Status;
    } catch (IOException e) {
      return false;
    }
  }
}
