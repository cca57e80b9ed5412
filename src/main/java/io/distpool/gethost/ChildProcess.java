package io.distpool.gethost;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Runs the command with the placement's environment and waits for it, passing on SIGINT, SIGTERM
 * and SIGHUP. Its exit status is returned the way a shell reports it: 128 + signal when killed.
 */
final class ChildProcess {
  private ChildProcess() {}

  static int run(List<String> command, Map<String, String> environment)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().putAll(environment);
    Process process = builder.start();
    forward(process, "INT");
    forward(process, "TERM");
    forward(process, "HUP");
    return process.waitFor();
  }

  private static void forward(Process process, String signal) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> send(process, signal));
    } catch (IllegalArgumentException e) {
      // The JVM reserves this signal here; the child still gets it from its process group.
    }
  }

  /** The JDK can only send SIGTERM/SIGKILL itself; other signals go through kill(1). */
  private static void send(Process process, String signal) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .inheritIO().start().waitFor();
    } catch (IOException e) {
      process.destroy();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
    }
  }
}
