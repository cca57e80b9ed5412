package io.distpool.probe;

import java.util.Optional;

/**
 * Reads the probe's {@code @@toolchains} lines: {@code toolchain NAME PATH TARGET VERSION} for
 * compilers that answer {@code -dumpmachine}, {@code banner NAME PATH PROCESSOR TEXT...} for those
 * that only print a {@code -V} banner (Sun/Oracle Studio, some vendor compilers).
 */
final class ToolchainParser {
  private static final int MAX_FIELD = 200;

  private ToolchainParser() {}

  static Optional<Toolchain> parse(String line) {
    if (line.length() > 4 * MAX_FIELD) {
      return Optional.empty();
    }
    String[] f = line.trim().split("\\s+", 5);
    if (f.length < 5 || !printable(line)) {
      return Optional.empty();
    }
    if (f[0].equals("toolchain")) {
      String version = f[4].trim();
      if (version.equals("-") || version.contains(" ")) {
        return Optional.empty();
      }
      return Optional.of(new Toolchain(f[1], f[2], f[3], version));
    }
    if (f[0].equals("banner")) {
      String banner = f[4].trim().replaceFirst("^[^ ]+: ", "");
      return banner.isEmpty()
          ? Optional.empty()
          : Optional.of(new Toolchain(f[1], f[2], f[3], banner));
    }
    return Optional.empty();
  }

  private static boolean printable(String line) {
    return line.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }
}
