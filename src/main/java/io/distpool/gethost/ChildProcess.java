package io.distpool.gethost;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the command with the placement's environment and waits for it, passing on SIGINT, SIGTERM
 * and SIGHUP. Its exit status is returned the way a shell reports it: 128 + signal when killed.
 */
final class ChildProcess {
  private ChildProcess() {}

  static int run(List<String> command, Map<String, String> environment)
      throws IOException, InterruptedException {
    // Handlers go in before the child starts: a signal in between must not kill us, leaving
    // the child running without anyone to report its status.
    AtomicReference<Process> child = new AtomicReference<>();
    AtomicReference<String> early = new AtomicReference<>();
    for (String signal : List.of("INT", "TERM", "HUP")) {
      forward(signal, child, early);
    }
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().putAll(environment);
    Process process = builder.start();
    synchronized (child) {
      child.set(process);
      if (early.get() != null) {
        send(process, early.get());
      }
    }
    return process.waitFor();
  }

  private static void forward(
      String signal, AtomicReference<Process> child, AtomicReference<String> early) {
    try {
      // An anonymous class, not a lambda: gethost starts once per compile, and every lambda
      // costs the JVM a round of method-handle spinning at startup.
      sun.misc.Signal.handle(
          new sun.misc.Signal(signal),
          new sun.misc.SignalHandler() {
            @Override
            public void handle(sun.misc.Signal s) {
              synchronized (child) {
                Process process = child.get();
                if (process == null) {
                  early.set(signal);
                } else {
                  send(process, signal);
                }
              }
            }
          });
    } catch (IllegalArgumentException e) {
      // The JVM reserves this signal here; the child still gets it from its process group.
    }
  }

  /** The JDK can only send SIGTERM/SIGKILL itself; other signals go through kill(1). */
  private static void send(Process process, String signal) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .inheritIO()
          .start()
          .waitFor();
    } catch (IOException e) {
      process.destroy();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
    }
  }
}
