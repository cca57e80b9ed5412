package io.distpool.pool;

import io.distpool.inventory.Host;
import io.distpool.probe.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether someone is using a desktop host, with hysteresis: it is in use from the first probe that
 * sees a counted session idle less than {@code desktop_idle}, and stays in use until every counted
 * session has been idle at least {@link #MARGIN} longer than that (or they all logged out). A host
 * whose user hovers around the threshold does not flip between busy and up on every poll.
 *
 * <p>Counted sessions are local ones (console, local display, virtual terminal), and remote ones
 * too with {@code desktop_remote: true}. A local session whose idle time the host cannot tell
 * counts as active: the cost of guessing wrong falls on the person at the desk. Not thread-safe.
 */
final class DesktopWatch {
  static final Duration MARGIN = Duration.ofMinutes(1);

  private boolean inUse;
  private Instant since;
  private String user;

  void observe(Host host, List<Session> sessions, Instant at) {
    Optional<Session> active = activeSession(host, sessions, host.desktopIdle());
    if (active.isPresent()) {
      if (!inUse) {
        since = at;
      }
      inUse = true;
      user = active.get().user();
    } else if (inUse && activeSession(host, sessions, host.desktopIdle().plus(MARGIN)).isEmpty()) {
      inUse = false;
      since = null;
      user = null;
    }
  }

  /** A counted session idle less than {@code limit}, if any. */
  static Optional<Session> activeSession(Host host, List<Session> sessions, Duration limit) {
    for (Session session : sessions) {
      boolean counted = session.local() || host.desktopRemote();
      boolean recent =
          session.idle().map(idle -> idle.compareTo(limit) < 0).orElse(session.local());
      if (counted && recent) {
        return Optional.of(session);
      }
    }
    return Optional.empty();
  }

  boolean inUse() {
    return inUse;
  }

  /** Who was last seen active, while the desktop is in use. */
  Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /** When the current spell of use began. */
  Optional<Instant> since() {
    return Optional.ofNullable(since);
  }

  /** Slots to keep free for the person: all of them unless {@code desktop_reserve} says. */
  int reserved(Host host, int slots) {
    if (!inUse || !host.isDesktop()) {
      return 0;
    }
    return Math.min(slots, host.desktopReserve().orElse(slots));
  }
}
