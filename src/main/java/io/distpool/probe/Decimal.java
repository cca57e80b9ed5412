package io.distpool.probe;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Number parsing that tolerates what real hosts print: decimal commas, absurd values. */
final class Decimal {
  /** Loads above this are taken as garbage rather than as a real machine. */
  static final double MAX_LOAD = 100_000;

  private Decimal() {}

  /** {@code 0.52} or {@code 0,52} as a load average; empty for anything else. */
  static OptionalDouble load(String text) {
    if (text == null || text.length() > 20) {
      return OptionalDouble.empty();
    }
    String normalized = text.replace(',', '.');
    if (!normalized.matches("\\d+(\\.\\d+)?")) {
      return OptionalDouble.empty();
    }
    double value = Double.parseDouble(normalized);
    return value <= MAX_LOAD ? OptionalDouble.of(value) : OptionalDouble.empty();
  }

  /** A non-negative whole number no larger than {@code max}; empty otherwise. */
  static OptionalInt count(String text, int max) {
    if (text == null || !text.matches("\\d{1,9}")) {
      return OptionalInt.empty();
    }
    int value = Integer.parseInt(text);
    return value <= max ? OptionalInt.of(value) : OptionalInt.empty();
  }
}
