package io.distpool.cli;

/**
 * Signal handling through {@code sun.misc.Signal}, the only JDK way to catch SIGHUP; it lives in
 * the jdk.unsupported module, which every JDK since 9 ships.
 */
final class Signals {
  private Signals() {}

  static void onHangup(Runnable action) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> action.run());
    } catch (IllegalArgumentException e) {
      // No SIGHUP on this platform (or the JVM reserves it): reload stays available by RELOAD.
      System.err.println("distpool: SIGHUP unavailable, use 'distpool reload': " + e.getMessage());
    }
  }

  /**
   * Runs {@code action} on SIGTERM and SIGINT instead of the JVM's exit, so that a foreground
   * command can clean up and end with its own status.
   */
  static void onTermination(Runnable action) {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> action.run());
      } catch (IllegalArgumentException e) {
        // The JVM keeps it (-Xrs): its shutdown hooks still run on it.
        System.err.println("distpool: cannot handle SIG" + name + ": " + e.getMessage());
      }
    }
  }
}
