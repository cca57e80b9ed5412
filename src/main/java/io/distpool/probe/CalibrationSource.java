package io.distpool.probe;

/**
 * The C file every host compiles to measure its speed: generated, so it needs no file in the jar,
 * and fixed, so every host and every release compiles exactly the same text. Chains of small
 * functions with loops and switches keep gcc's optimiser busy for about half a second on a current
 * x86-64 core at {@code -O2}; C89 with no header, so every host's compiler takes it.
 */
final class CalibrationSource {
  static final int FUNCTIONS = 60;

  /** The line after the source in the script's here-document; the source never contains it. */
  static final String DELIMITER = "DISTPOOL_CALIBRATION_SOURCE_END";

  static final String TEXT = generate();

  private CalibrationSource() {}

  private static String generate() {
    StringBuilder c = new StringBuilder();
    c.append("/* distpool calibration: compile time measures a host's speed. */\n");
    c.append("typedef unsigned long u64;\n");
    for (int i = 0; i < FUNCTIONS; i++) {
      c.append("static u64 step").append(i).append("(u64 x, u64 y) {\n");
      c.append("  u64 acc = x ^ ").append((i * 2654435761L) % 4294967296L).append("UL;\n");
      c.append("  int k;\n");
      c.append("  for (k = 0; k < (int)(y & 63); k++) {\n");
      c.append("    switch ((acc + k) % 5) {\n");
      for (int k = 0; k < 5; k++) {
        c.append("    case ").append(k).append(": acc = acc * ").append(i + k + 3);
        c.append("UL + (acc >> ").append((i + k) % 13 + 1).append(") + k; break;\n");
      }
      c.append("    }\n");
      c.append("    if (acc & ").append(1L << (i % 17)).append("UL) acc ^= y << ");
      c.append(i % 7 + 1).append("; else acc += y * ").append(i + 11).append("UL;\n");
      c.append("  }\n");
      c.append("  return acc + ");
      c.append(i > 0 && i % 4 != 0 ? "step" + (i - 1) + "(acc, y + " + i + ")" : "acc");
      c.append(";\n}\n");
    }
    c.append("u64 distpool_calibration(u64 x) {\n  u64 r = 0;\n");
    for (int i = 0; i < FUNCTIONS; i++) {
      c.append("  r += step").append(i).append("(x + ").append(i).append(", r);\n");
    }
    c.append("  return r;\n}\n");
    return c.toString();
  }
}
