package io.distpool.cli;

import java.nio.file.Path;
import java.util.Map;

/** Where {@code distpool start} writes its log: {@code $XDG_STATE_HOME/distpool/}. */
final class StatePaths {
  private StatePaths() {}

  static Path stateDirectory(Map<String, String> env) {
    String state = env.get("XDG_STATE_HOME");
    Path base =
        state != null && state.startsWith("/")
            ? Path.of(state)
            : Path.of(System.getProperty("user.home"), ".local", "state");
    return base.resolve("distpool");
  }

  static Path logFile(Map<String, String> env) {
    return stateDirectory(env).resolve("daemon.log");
  }
}
