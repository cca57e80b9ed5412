package io.distpool.inventory;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as hosts.yaml writes them: a number with a unit, e.g. {@code 500ms}, {@code 5s}. */
public final class Durations {
  private static final Pattern DURATION =
      Pattern.compile("(\\d{1,9}(?:\\.\\d{1,3})?)\\s*(ms|s|m|h)");

  private Durations() {}

  /**
   * Parses {@code text}; a bare number is refused because {@code desktop_idle: 15} could mean
   * seconds or minutes.
   *
   * @throws IllegalArgumentException with a message fit for the user
   */
  public static Duration parse(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; write a number with a unit: 500ms, 5s, 15m or 1h");
    }
    double amount = Double.parseDouble(m.group(1));
    double millis;
    switch (m.group(2)) {
      case "ms":
        millis = amount;
        break;
      case "s":
        millis = amount * 1_000;
        break;
      case "m":
        millis = amount * 60_000;
        break;
      default:
        millis = amount * 3_600_000;
        break;
    }
    return Duration.ofMillis(Math.round(millis));
  }

  /** The shortest form {@link #parse} reads back, e.g. {@code 15m} or {@code 1500ms}. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 3_600_000 == 0 && millis > 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0 && millis > 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1_000 == 0) {
      return millis / 1_000 + "s";
    }
    return millis + "ms";
  }
}
