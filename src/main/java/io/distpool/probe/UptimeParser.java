package io.distpool.probe;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the load averages out of {@code uptime}, whatever the system around them.
 *
 * <p>Covers procps 3.3 and 4.x ({@code load average: 0.52, 0.58, 0.59}), Solaris ({@code up 3
 * day(s), ...}), the BSDs and macOS ({@code load averages: 1.52 1.70 1.80}) and locales with a
 * decimal comma ({@code 0,52, 0,58, 0,59}): only the text after {@code load average(s):} matters.
 */
final class UptimeParser {
  private static final String NUMBER = "(\\d+(?:[.,]\\d+)?)";
  private static final Pattern LOADS =
      Pattern.compile(
          "load averages?:\\s*" + NUMBER + ",?\\s+" + NUMBER + ",?\\s+" + NUMBER,
          Pattern.CASE_INSENSITIVE);

  private UptimeParser() {}

  static Optional<Loads> parse(String line) {
    if (line.length() > 1_000) {
      return Optional.empty();
    }
    Matcher m = LOADS.matcher(line);
    if (!m.find()) {
      return Optional.empty();
    }
    OptionalDouble one = Decimal.load(m.group(1));
    OptionalDouble five = Decimal.load(m.group(2));
    OptionalDouble fifteen = Decimal.load(m.group(3));
    if (one.isEmpty() || five.isEmpty() || fifteen.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Loads(
            one.getAsDouble(), five.getAsDouble(), fifteen.getAsDouble(), OptionalInt.empty()));
  }
}
