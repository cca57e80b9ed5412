package io.distpool.probe;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Reads Linux's {@code /proc/loadavg}: {@code "0.52 0.58 0.59 2/345 12345"}.
 *
 * <p>The fourth field counts runnable tasks at that instant, including the {@code cat} that read
 * the file, so the run queue reported is one less.
 */
final class LoadavgParser {
  private LoadavgParser() {}

  static Optional<Loads> parse(String line) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 3) {
      return Optional.empty();
    }
    OptionalDouble one = Decimal.load(f[0]);
    OptionalDouble five = Decimal.load(f[1]);
    OptionalDouble fifteen = Decimal.load(f[2]);
    if (one.isEmpty() || five.isEmpty() || fifteen.isEmpty()) {
      return Optional.empty();
    }
    OptionalInt runQueue = OptionalInt.empty();
    if (f.length >= 4) {
      int slash = f[3].indexOf('/');
      if (slash > 0) {
        OptionalInt running = Decimal.count(f[3].substring(0, slash), 1_000_000);
        if (running.isPresent()) {
          runQueue = OptionalInt.of(Math.max(0, running.getAsInt() - 1));
        }
      }
    }
    return Optional.of(
        new Loads(one.getAsDouble(), five.getAsDouble(), fifteen.getAsDouble(), runQueue));
  }
}
