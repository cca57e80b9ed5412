package io.distpool.probe;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One logged-in user as {@code who -u} shows it.
 *
 * @param idle how long since the terminal was last used; empty when the system cannot tell (X
 *     displays often show {@code ?})
 * @param from the remote host or display in parentheses, empty when none was shown
 * @param local whether the session is at the machine itself: the console, a local display such as
 *     {@code :0}, or a virtual terminal. Remote logins never count as someone at the desk.
 */
public record Session(
    String user, String tty, Optional<Duration> idle, Optional<String> from, boolean local) {

  public Session {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(tty, "tty");
    Objects.requireNonNull(idle, "idle");
    Objects.requireNonNull(from, "from");
  }
}
