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
}
