package io.distpool.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the real calibration script the way a host runs it ({@code sh -s}, script on stdin) under
 * the shells we have, compiling with the real gcc, and reads it with the real parser.
 */
class CalibrationScriptTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} -s")
  @ValueSource(strings = {"/bin/sh", "/bin/dash", "/bin/bash", "/usr/bin/busybox sh", "/bin/mksh"})
  void theHostTimesTwoCompilesOfTheFileWithItsOwnCompiler(String shell) throws Exception {
    assumeTrue(Files.isExecutable(Path.of(shell.split(" ")[0])), shell + " is not installed");

    Calibration result = Calibration.parse(run(shell, System.getenv("PATH")), 99);

    assertThat(result).isInstanceOf(Calibration.Timed.class);
    Calibration.Timed timed = (Calibration.Timed) result;
    assertThat(timed.timedThere()).isTrue();
    assertThat(timed.seconds()).isBetween(0.01, 30.0);
    assertThat(timed.compiler()).endsWith("/gcc");
  }

  @Test
  void theScriptLeavesNothingBehind() throws Exception {
    Path scratch = Files.createDirectory(tmp.resolve("scratch"));

    run("/bin/sh", System.getenv("PATH"), Map.of("TMPDIR", scratch.toString()));

    try (var left = Files.list(scratch)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void withoutAClockFinerThanASecondTheTimeIsTakenHere() throws Exception {
    Path bin = tools("mkdir", "rm", "cat", "sed", "gcc", "as", "ld");
    fake(bin, "date", "echo 1700000000");
    fake(bin, "perl", "exit 127");

    Calibration result = Calibration.parse(run("/bin/sh", bin.toString()), 1.5);

    assertThat(result).isEqualTo(new Calibration.Timed(0.75, bin + "/gcc", false));
  }

  @Test
  void aCompilerThatFailsIsNamedWithItsFirstLine() throws Exception {
    Path bin = tools("mkdir", "rm", "cat", "sed", "date");
    fake(bin, "gcc", "echo \"gcc: fatal error: cannot execute 'cc1'\" >&2; echo more >&2; exit 1");

    Calibration result = Calibration.parse(run("/bin/sh", bin.toString()), 1);

    assertThat(result)
        .isEqualTo(
            new Calibration.Failed(bin + "/gcc failed: gcc: fatal error: cannot execute 'cc1'"));
  }

  @Test
  void aHostWithoutACCompilerSaysSo() throws Exception {
    Path bin = tools("mkdir", "rm", "cat", "sed", "date");

    Calibration result = Calibration.parse(run("/bin/sh", bin.toString()), 1);

    assertThat(result)
        .isEqualTo(new Calibration.Failed("no C compiler (gcc, cc or clang) on PATH"));
  }

  @Test
  void theSourceIsTheSameEveryTimeAndStrictC89() throws Exception {
    Path source = tmp.resolve("c.c");
    Files.writeString(source, CalibrationSource.TEXT);

    Process gcc =
        new ProcessBuilder(
                "gcc", "-std=c89", "-pedantic", "-Wall", "-Werror", "-fsyntax-only", "c.c")
            .directory(tmp.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(gcc.waitFor()).as(output).isZero();
    assertThat(CalibrationSource.TEXT).doesNotContain(CalibrationSource.DELIMITER);
    assertThat(new String(Calibration.SCRIPT, StandardCharsets.UTF_8))
        .contains(CalibrationSource.TEXT)
        .doesNotContain("@@SOURCE@@");
  }

  /** A directory of stand-ins that run the real tools named: a PATH with only those. */
  private Path tools(String... names) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    for (String name : names) {
      for (String dir : System.getenv("PATH").split(":")) {
        Path real = Path.of(dir, name);
        if (Files.isExecutable(real)) {
          fake(bin, name, "exec " + real + " \"$@\"");
          break;
        }
      }
    }
    return bin;
  }

  private static void fake(Path bin, String name, String body) throws Exception {
    Path program = bin.resolve(name);
    Files.deleteIfExists(program);
    Files.writeString(program, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
  }

  private String run(String shell, String path) throws Exception {
    return run(shell, path, Map.of());
  }

  private String run(String shell, String path, Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>(List.of(shell.split(" ")));
    command.add("-s");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PATH", path);
    builder.environment().putAll(env);
    Process process = builder.start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(Calibration.SCRIPT);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return output;
  }
}
