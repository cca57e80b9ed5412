package io.distpool.probe;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Reads the probe's {@code cpuquota} section: the CPU bandwidth limit of the cgroup the probe ran
 * in and of every cgroup above it, one line each: {@code "cpu.max 25000 100000"} (cgroup v2, {@code
 * max} for none) or {@code "cfs 25000 100000"} (v1, {@code -1} for none).
 *
 * <p>The limit that binds is the tightest on the path, in cores: 25000 µs of every 100000 is a
 * quarter of a core, whatever {@code nproc} says.
 */
final class CpuQuotaParser {
  /** Microseconds: a period is at most 1 s, a quota a thousand such periods (a thousand cores). */
  private static final int MAX_MICROS = 1_000_000_000;

  private CpuQuotaParser() {}

  /** Cores the tightest quota allows; empty when no line sets one. */
  static OptionalDouble parse(List<String> lines, Consumer<String> unreadable) {
    double tightest = Double.POSITIVE_INFINITY;
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length != 3 || !(f[0].equals("cpu.max") || f[0].equals("cfs"))) {
        unreadable.accept(line);
        continue;
      }
      if (f[1].equals("max") || f[1].equals("-1")) {
        continue;
      }
      OptionalInt quota = Decimal.count(f[1], MAX_MICROS);
      OptionalInt period = Decimal.count(f[2], MAX_MICROS);
      if (quota.isEmpty() || period.isEmpty() || quota.getAsInt() <= 0 || period.getAsInt() <= 0) {
        unreadable.accept(line);
        continue;
      }
      tightest = Math.min(tightest, quota.getAsInt() / (double) period.getAsInt());
    }
    return tightest < Double.POSITIVE_INFINITY
        ? OptionalDouble.of(tightest)
        : OptionalDouble.empty();
  }
}
