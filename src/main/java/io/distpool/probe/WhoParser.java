package io.distpool.probe;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads one line of {@code who -u} (or plain {@code who}) into a {@link Session}.
 *
 * <p>Both families of layout are read by position relative to the login time:
 *
 * <pre>
 * Linux:   root  pts/0    2024-05-01 10:00 00:05   1234 (192.168.1.5)
 * Solaris: root  console  May  1 09:12      0:05   1234
 * </pre>
 *
 * Idle is {@code .} (active in the last minute), {@code old} (over a day), {@code H:MM}, or {@code
 * ?} (unknown).
 */
final class WhoParser {
  private static final Pattern CLOCK = Pattern.compile("\\d{1,2}:\\d{2}(:\\d{2})?");
  private static final Pattern IDLE = Pattern.compile("\\.|old|\\?|\\d{1,4}:\\d{2}");
  private static final Pattern LOCAL_TTY =
      Pattern.compile(
          "console|:\\d+(\\.\\d+)?|tty\\d+|ttyv[0-9a-f]+|ttyC\\d+|vt\\d+|tty[a-z]?\\d*c");
  private static final Pattern LOCAL_FROM = Pattern.compile(":\\d+(\\.\\d+)?|tty\\d+|console");
  static final Duration OLD = Duration.ofDays(1);

  private WhoParser() {}

  static Optional<Session> parse(String line) {
    String[] t = line.trim().split("\\s+");
    if (t.length < 3 || line.length() > 500) {
      return Optional.empty();
    }
    int clock = -1;
    for (int i = 2; i < t.length; i++) {
      if (CLOCK.matcher(t[i]).matches()) {
        clock = i;
        break;
      }
    }
    if (clock < 0) {
      return Optional.empty();
    }
    Optional<Duration> idle = Optional.empty();
    if (clock + 1 < t.length && IDLE.matcher(t[clock + 1]).matches()) {
      idle = idle(t[clock + 1]);
    }
    Optional<String> from = Optional.empty();
    String last = t[t.length - 1];
    if (t.length - 1 > clock && last.length() > 2 && last.startsWith("(") && last.endsWith(")")) {
      from = Optional.of(last.substring(1, last.length() - 1));
    }
    return Optional.of(new Session(t[0], t[1], idle, from, isLocal(t[1], from)));
  }

  private static Optional<Duration> idle(String text) {
    switch (text) {
      case ".":
        return Optional.of(Duration.ZERO);
      case "old":
        return Optional.of(OLD);
      case "?":
        return Optional.empty();
      default:
        int colon = text.indexOf(':');
        long hours = Long.parseLong(text.substring(0, colon));
        long minutes = Long.parseLong(text.substring(colon + 1));
        return Optional.of(Duration.ofHours(hours).plusMinutes(minutes));
    }
  }

  private static boolean isLocal(String tty, Optional<String> from) {
    if (from.isPresent()) {
      return LOCAL_FROM.matcher(from.get()).matches();
    }
    return LOCAL_TTY.matcher(tty).matches();
  }
}
