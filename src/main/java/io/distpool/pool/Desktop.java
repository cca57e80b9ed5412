package io.distpool.pool;

import io.distpool.probe.Session;
import java.util.List;
import java.util.OptionalInt;

/** Figures about the local (console, display, virtual terminal) sessions a probe saw. */
final class Desktop {
  private Desktop() {}

  /** The shortest known idle time of a local session, in whole minutes. */
  static OptionalInt idleMinutes(List<Session> sessions) {
    return sessions.stream()
        .filter(Session::local)
        .flatMap(s -> s.idle().stream())
        .mapToInt(d -> (int) Math.min(Integer.MAX_VALUE, d.toMinutes()))
        .min();
  }
}
