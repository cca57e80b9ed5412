package io.distpool.pool;

import io.distpool.probe.Session;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * Reads desktop activity from the sessions a probe saw: someone is at the machine when a local
 * session (console, local display, virtual terminal) has been idle less than {@code desktop_idle}.
 * A local session whose idle time the host cannot tell counts as active, since the cost of guessing
 * wrong falls on the person at the desk.
 */
final class Desktop {
  private Desktop() {}

  static boolean active(List<Session> sessions, Duration desktopIdle) {
    for (Session session : sessions) {
      if (session.local()
          && session.idle().map(idle -> idle.compareTo(desktopIdle) < 0).orElse(true)) {
        return true;
      }
    }
    return false;
  }

  /** The shortest known idle time of a local session, in whole minutes. */
  static OptionalInt idleMinutes(List<Session> sessions) {
    return sessions.stream()
        .filter(Session::local)
        .flatMap(s -> s.idle().stream())
        .mapToInt(d -> (int) Math.min(Integer.MAX_VALUE, d.toMinutes()))
        .min();
  }
}
