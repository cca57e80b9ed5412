package io.distpool.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated C program of {@code units} files, each a few tenths of a second of gcc -O2, with a
 * Makefile: builds long enough that several schedulers' jobs overlap on the hosts.
 */
final class Projects {
  private Projects() {}

  static Path generate(Path dir, int units) throws IOException {
    Files.createDirectories(dir);
    StringBuilder objects = new StringBuilder();
    StringBuilder calls = new StringBuilder();
    for (int u = 0; u < units; u++) {
      StringBuilder c = new StringBuilder();
      for (int f = 0; f < 120; f++) {
        c.append("static int f")
            .append(f)
            .append("(int x) { int a[16]; for (int i = 0; i < 16; i++) a[i] = x * ")
            .append(f + u)
            .append(" + i; for (int i = 0; i < 16; i++) x += a[i] * (x ^ i); return x; }\n");
      }
      c.append("int unit_").append(u).append("(int x) { return 0");
      for (int f = 0; f < 120; f++) {
        c.append(" + f").append(f).append("(x)");
      }
      c.append("; }\n");
      Files.writeString(dir.resolve("unit_" + u + ".c"), c);
      objects.append(" unit_").append(u).append(".o");
      calls.append("  extern int unit_").append(u).append("(int); s += unit_").append(u);
      calls.append("(s);\n");
    }
    Files.writeString(
        dir.resolve("main.c"),
        "#include <stdio.h>\nint main(void) {\n  int s = 1;\n"
            + calls
            + "  printf(\"%d\\n\", s);\n"
            + "  return 0;\n}\n");
    Files.writeString(
        dir.resolve("Makefile"),
        "CFLAGS = -O2\nOBJECTS = main.o"
            + objects
            + "\n"
            + "program: $(OBJECTS)\n\t$(CC) -o $@ $(OBJECTS)\n"
            + "%.o: %.c\n\t$(CC) $(CFLAGS) -c $< -o $@\n");
    return dir;
  }
}
