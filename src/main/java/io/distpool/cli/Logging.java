package io.distpool.cli;

import java.util.Arrays;

/**
 * Sets up slf4j-simple before the first logger exists: timestamps, INFO by default, DEBUG with
 * {@code -v}/{@code --verbose}, and quiet third-party libraries.
 */
final class Logging {
  private Logging() {}

  static void configure(String[] args) {
    boolean verbose =
        Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose");
    setDefault("org.slf4j.simpleLogger.logFile", "System.err");
    setDefault("org.slf4j.simpleLogger.showDateTime", "true");
    setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    setDefault("org.slf4j.simpleLogger.showThreadName", "true");
    setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "info");
    // sshj logs each failed connection at ERROR; the daemon reports the same failure itself,
    // once per change of a host's state, with the reason in words.
    setDefault("org.slf4j.simpleLogger.log.net.schmizz", verbose ? "info" : "off");
    setDefault("org.slf4j.simpleLogger.log.com.hierynomus", verbose ? "info" : "off");
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
