package io.distpool.probe;

import java.util.OptionalInt;

/**
 * Reads the probe's CPU line: the source that answered first ({@code nproc}, {@code getconf},
 * {@code psrinfo}, {@code sysctl}) and its count of online CPUs.
 */
final class CpuCountParser {
  static final int MAX_CPUS = 65_536;

  private CpuCountParser() {}

  static OptionalInt parse(String line) {
    String[] f = line.trim().split("\\s+");
    if (f.length != 2 || !f[0].matches("nproc|getconf|psrinfo|sysctl")) {
      return OptionalInt.empty();
    }
    OptionalInt count = Decimal.count(f[1], MAX_CPUS);
    return count.isPresent() && count.getAsInt() > 0 ? count : OptionalInt.empty();
  }
}
