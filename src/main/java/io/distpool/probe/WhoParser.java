package io.distpool.probe;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one line of {@code who -u} (or plain {@code who}) into a {@link Session}, whichever Unix
 * printed it. Every layout is read around the login time, found by its shape:
 *
 * <pre>
 * coreutils: bob    pts/0    2024-05-01 10:00 00:05   2345 (192.168.1.5)
 * Solaris:   root   console  May  1 09:12  0:05   1234            (also AIX, HP-UX: host bare)
 * BSD:       alice  ttyv0    May  1 09:12  .   (host)              (FreeBSD, OpenBSD; macOS adds a
 *                                                                   pid, NetBSD a pid and tab)
 * BusyBox:   root   tty1     00:05   May  1 09:12:33 10.0.0.1      (idle before the time)
 * </pre>
 *
 * The login time is an ISO date and clock, or month, day and clock in either order. Idle is {@code
 * .} (active in the last minute), {@code old} (over a day), {@code H:MM}, or {@code ?} (unknown, as
 * for most X displays).
 */
final class WhoParser {
  static final Duration OLD = Duration.ofDays(1);
  static final int MAX_LINE = 500;

  private static final Pattern CLOCK = Pattern.compile("\\d{1,2}:\\d{2}(:\\d{2})?");
  private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern DAY = Pattern.compile("\\d{1,2}");
  private static final Set<String> MONTHS =
      Set.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
  private static final Pattern IDLE = Pattern.compile("\\.|old|\\?|\\d{1,4}:\\d{2}");
  private static final Pattern PID = Pattern.compile("\\d{1,10}");

  /**
   * Lines at the machine itself: the console (Solaris, AIX, HP-UX, macOS), X displays ({@code :0}),
   * Linux virtual terminals tty1..tty63, FreeBSD's ttyv*, OpenBSD's wscons ttyC*, NetBSD's ttyE*,
   * illumos' vt/N.
   */
  static final Pattern LOCAL_TTY =
      Pattern.compile(
          "console|:\\d+(\\.\\d+)?|tty([1-9]|[1-5]\\d|6[0-3])|ttyv[0-9a-v]|ttyC[0-9a-f]|ttyE\\d+"
              + "|vt/?\\d+");

  /** Where a line comes from when it is the machine itself: a local display or a VT (GDM). */
  static final Pattern LOCAL_FROM =
      Pattern.compile(":\\d+(\\.\\d+)?|tty([1-9]|[1-5]\\d|6[0-3])|console");

  private WhoParser() {}

  static Optional<Session> parse(String line) {
    if (line.length() > MAX_LINE) {
      return Optional.empty();
    }
    String[] t = line.trim().split("\\s+");
    if (t.length < 4) {
      return Optional.empty();
    }
    int date = -1;
    int length = 0;
    for (int i = 2; i <= 3 && i < t.length && date < 0; i++) {
      length = dateLength(t, i);
      if (length > 0) {
        date = i;
      }
    }
    if (date < 0) {
      return Optional.empty();
    }
    Optional<Duration> idle = Optional.empty();
    if (date == 3) {
      // BusyBox puts the idle time between the line and the login time.
      if (!IDLE.matcher(t[2]).matches()) {
        return Optional.empty();
      }
      idle = idle(t[2]);
    }
    int next = date + length;
    if (date == 2 && next < t.length && IDLE.matcher(t[next]).matches()) {
      idle = idle(t[next]);
      next++;
    }
    if (next < t.length && PID.matcher(t[next]).matches()) {
      next++;
    }
    String rest = String.join(" ", Arrays.copyOfRange(t, next, t.length));
    Optional<String> from = Optional.empty();
    boolean local = LOCAL_TTY.matcher(t[1]).matches();
    if (rest.length() > 2 && rest.startsWith("(") && rest.endsWith(")")) {
      // A host in parentheses decides: a remote host is never someone at the desk.
      from = Optional.of(rest.substring(1, rest.length() - 1));
      local = LOCAL_FROM.matcher(from.get()).matches();
    } else if (!rest.isEmpty() && next == t.length - 1) {
      // One bare word: BusyBox's and HP-UX's host, or an inittab comment (Solaris).
      from = Optional.of(rest);
      local = local || LOCAL_FROM.matcher(rest).matches();
    }
    return Optional.of(new Session(t[0], t[1], idle, from, local));
  }

  // w's LOGIN@ column: "10:00" or "10:25am" today, "Tue10am"/"Thu18" this week, "12Mar91" older.
  private static final Pattern LOGIN_AT =
      Pattern.compile(
          "\\d{1,2}:\\d{2}([ap]m)?|[A-Z][a-z]{2}\\d{1,2}([ap]m)?|\\d{1,2}[A-Z][a-z]{2}\\d{2}");

  /**
   * One line of {@code w -h}, the last resort where there is no {@code who}: user, line, then an
   * optional FROM and the login time. Idle is left unknown: procps prints it as seconds, m:ss or
   * h:mm, the BSDs as minutes or h:mm, and the same text means different times.
   */
  static Optional<Session> parseW(String line) {
    if (line.length() > MAX_LINE) {
      return Optional.empty();
    }
    String[] t = line.trim().split("\\s+");
    if (t.length < 3) {
      return Optional.empty();
    }
    boolean hasFrom = t.length > 3 && LOGIN_AT.matcher(t[3]).matches();
    if (!hasFrom && !LOGIN_AT.matcher(t[2]).matches()) {
      return Optional.empty();
    }
    Optional<String> from = hasFrom && !t[2].equals("-") ? Optional.of(t[2]) : Optional.empty();
    boolean local =
        from.map(f -> LOCAL_FROM.matcher(f).matches()).orElse(LOCAL_TTY.matcher(t[1]).matches());
    return Optional.of(new Session(t[0], t[1], Optional.empty(), from, local));
  }

  /** How many tokens the login time at {@code i} takes, or 0 if there is none. */
  private static int dateLength(String[] t, int i) {
    if (i + 1 < t.length && ISO_DATE.matcher(t[i]).matches() && CLOCK.matcher(t[i + 1]).matches()) {
      return 2;
    }
    if (i + 2 < t.length && CLOCK.matcher(t[i + 2]).matches()) {
      boolean monthDay = isMonth(t[i]) && DAY.matcher(t[i + 1]).matches();
      boolean dayMonth = DAY.matcher(t[i]).matches() && isMonth(t[i + 1]);
      return monthDay || dayMonth ? 3 : 0;
    }
    return 0;
  }

  private static boolean isMonth(String token) {
    return token.length() == 3 && MONTHS.contains(token.toLowerCase(Locale.ROOT));
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
}
