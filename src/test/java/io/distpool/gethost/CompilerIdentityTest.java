package io.distpool.gethost;

import static org.assertj.core.api.Assertions.assertThat;

import io.distpool.protocol.Request;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which compiler a job runs, asked once and then read from the cache. */
class CompilerIdentityTest {
  @TempDir Path tmp;

  private Path fakeCompiler(String name, String target, String version) throws Exception {
    return fakeCompiler(name, target, version, false);
  }

  /**
   * A compiler script that logs each question; {@code directivesOnly}: it preprocesses with the
   * flag as gcc does, keeping the command line's macro.
   */
  private Path fakeCompiler(String name, String target, String version, boolean directivesOnly)
      throws Exception {
    return fakeCompiler(
        name,
        target,
        version,
        directivesOnly
            ? "echo '#define __GNUC__ 12'; echo '#define DISTPOOL_DIRECTIVES_ONLY_PROBE 1'"
            : "exit 1");
  }

  private Path fakeCompiler(String name, String target, String version, String directivesOnly)
      throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path compiler = bin.resolve(name);
    Files.writeString(
        compiler,
        String.join(
            "\n",
            "#!/bin/sh",
            "echo \"$*\" >> " + tmp.resolve("asked"),
            "case $1 in -dumpmachine) echo "
                + target
                + " ;; -dumpfullversion) echo "
                + version
                + " ;; -fdirectives-only) "
                + directivesOnly
                + " ;; *) exit 1 ;; esac",
            ""));
    Files.setPosixFilePermissions(compiler, PosixFilePermissions.fromString("rwxr-xr-x"));
    return compiler;
  }

  private Map<String, String> env() {
    return Map.of(
        "PATH",
        tmp.resolve("bin") + ":/usr/bin:/bin",
        "XDG_CACHE_HOME",
        tmp.resolve("cache").toString());
  }

  private Optional<Request.Compiler> named(List<String> command) {
    Optional<CompilerIdentity.Identified> identified = CompilerIdentity.identify(command, env());
    return identified.map(CompilerIdentity.Identified::compiler);
  }

  private String cache() throws Exception {
    return Files.readString(tmp.resolve("cache/distpool/compilers"), StandardCharsets.UTF_8);
  }

  @Test
  void theCompilerIsAskedOnceAndRememberedByPathMtimeAndSize() throws Exception {
    fakeCompiler("gcc", "x86_64-linux-gnu", "12.2.0", true);
    List<String> command = List.of("distcc", "gcc", "-c", "x.c");

    Optional<CompilerIdentity.Identified> first = CompilerIdentity.identify(command, env());
    Optional<CompilerIdentity.Identified> second = CompilerIdentity.identify(command, env());

    assertThat(first)
        .contains(
            new CompilerIdentity.Identified(
                new Request.Compiler("gcc", "x86_64-linux-gnu", "12.2.0"), true));
    assertThat(second).isEqualTo(first);
    assertThat(Files.readAllLines(tmp.resolve("asked")))
        .containsExactly(
            "-dumpmachine",
            "-dumpfullversion -dumpversion",
            "-fdirectives-only -E -x c /dev/null -DDISTPOOL_DIRECTIVES_ONLY_PROBE");
    assertThat(cache())
        .startsWith(tmp.resolve("bin/gcc") + "\t")
        .endsWith("\tx86_64-linux-gnu\t12.2.0\tyes\n");
  }

  @Test
  void aCompilerThatFailsOnDirectivesOnlyIsRememberedAsNotTakingIt() throws Exception {
    fakeCompiler("gcc", "x86_64-linux-gnu", "12.2.0", false);
    List<String> command = List.of("distcc", "gcc", "-c", "x.c");

    assertThat(CompilerIdentity.identify(command, env()))
        .hasValueSatisfying(c -> assertThat(c.directivesOnly()).isFalse());
    assertThat(CompilerIdentity.identify(command, env()))
        .hasValueSatisfying(c -> assertThat(c.directivesOnly()).isFalse());
    assertThat(Files.readAllLines(tmp.resolve("asked"))).hasSize(3);
    assertThat(cache()).endsWith("\tx86_64-linux-gnu\t12.2.0\tno\n");
  }

  @Test
  void aCompilerThatTakesTheFlagButDropsTheCommandLinesMacrosIsRememberedAsNotTakingIt()
      throws Exception {
    // clang since 15: it takes -fdirectives-only, but leaves -D macros out of its output, and
    // distcc does not send them to the build host.
    fakeCompiler(
        "gcc", "x86_64-linux-gnu", "12.2.0", "echo '# 1 \"/dev/null\"'; echo '#define X 1'");

    assertThat(CompilerIdentity.identify(List.of("distcc", "gcc", "-c", "x.c"), env()))
        .hasValueSatisfying(c -> assertThat(c.directivesOnly()).isFalse());
    assertThat(cache()).endsWith("\tx86_64-linux-gnu\t12.2.0\tno\n");
  }

  @Test
  void theProbesMacroMustBeALineOfItsOwn() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path partial = bin.resolve("partial");
    Files.writeString(partial, "#!/bin/sh\necho '#define DISTPOOL_DIRECTIVES_ONLY_PROBE 12'\n");
    Path last = bin.resolve("last");
    Files.writeString(last, "#!/bin/sh\nprintf '#define DISTPOOL_DIRECTIVES_ONLY_PROBE 1'\n");
    Path first = bin.resolve("first");
    Files.writeString(
        first, "#!/bin/sh\nprintf '#define DISTPOOL_DIRECTIVES_ONLY_PROBE 1\\n# 2'\n");
    for (Path p : List.of(partial, last, first)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    assertThat(CompilerIdentity.takesDirectivesOnly(partial)).isFalse();
    assertThat(CompilerIdentity.takesDirectivesOnly(last)).isFalse();
    assertThat(CompilerIdentity.takesDirectivesOnly(first)).isTrue();
  }

  @Test
  void aLineWithoutTheDirectivesOnlyAnswerIsAskedAgainAndReplaced() throws Exception {
    Path gcc = fakeCompiler("gcc", "x86_64-linux-gnu", "12.2.0", true);
    java.nio.file.attribute.BasicFileAttributes attributes =
        Files.readAttributes(gcc, java.nio.file.attribute.BasicFileAttributes.class);
    String key = gcc + "\t" + attributes.lastModifiedTime().toMillis() + "\t" + attributes.size();
    Files.createDirectories(tmp.resolve("cache/distpool"));
    Files.writeString(
        tmp.resolve("cache/distpool/compilers"),
        "/usr/bin/other-cc\t1\t2\tx86_64-linux-gnu\t9.9.9\n"
            + key
            + "\tx86_64-linux-gnu\t12.2.0\n");

    Optional<CompilerIdentity.Identified> identified =
        CompilerIdentity.identify(List.of("distcc", "gcc", "-c", "x.c"), env());

    assertThat(identified).hasValueSatisfying(c -> assertThat(c.directivesOnly()).isTrue());
    assertThat(Files.readAllLines(tmp.resolve("asked"))).hasSize(3);
    // The line for this compiler is replaced; another compiler's old line stays until it is used.
    assertThat(cache())
        .isEqualTo(
            "/usr/bin/other-cc\t1\t2\tx86_64-linux-gnu\t9.9.9\n"
                + key
                + "\tx86_64-linux-gnu\t12.2.0\tyes\n");
  }

  @Test
  void aLineWhoseDirectivesOnlyAnswerIsNeitherYesNorNoIsAskedAgain() throws Exception {
    Path gcc = fakeCompiler("gcc", "x86_64-linux-gnu", "12.2.0", false);
    java.nio.file.attribute.BasicFileAttributes attributes =
        Files.readAttributes(gcc, java.nio.file.attribute.BasicFileAttributes.class);
    Files.createDirectories(tmp.resolve("cache/distpool"));
    Files.writeString(
        tmp.resolve("cache/distpool/compilers"),
        gcc
            + "\t"
            + attributes.lastModifiedTime().toMillis()
            + "\t"
            + attributes.size()
            + "\tx86_64-linux-gnu\t12.2.0\tmaybe\n");

    assertThat(CompilerIdentity.identify(List.of("distcc", "gcc", "-c", "x.c"), env()))
        .hasValueSatisfying(c -> assertThat(c.directivesOnly()).isFalse());
    assertThat(cache()).endsWith("\tx86_64-linux-gnu\t12.2.0\tno\n");
  }

  @Test
  void aChangedCompilerIsAskedAgain() throws Exception {
    Path gcc = fakeCompiler("gcc", "x86_64-linux-gnu", "12.2.0");
    CompilerIdentity.identify(List.of("distcc", "gcc", "-c", "x.c"), env());

    fakeCompiler("gcc", "x86_64-linux-gnu", "13.1.0");
    Files.setLastModifiedTime(gcc, java.nio.file.attribute.FileTime.fromMillis(1_000_000));

    assertThat(named(List.of("distcc", "gcc", "-c", "x.c")))
        .contains(new Request.Compiler("gcc", "x86_64-linux-gnu", "13.1.0"));
  }

  @Test
  void distccWithoutACompilerWordRunsCc() throws Exception {
    fakeCompiler("cc", "x86_64-linux-gnu", "12.2.0");

    assertThat(named(List.of("distcc", "-c", "x.c")))
        .contains(new Request.Compiler("cc", "x86_64-linux-gnu", "12.2.0"));
  }

  @Test
  void theCacheIsUnderXdgCacheHomeElseUnderHome() {
    assertThat(CompilerIdentity.cacheDirectory(Map.of("XDG_CACHE_HOME", "/c/", "HOME", "/h")))
        .isEqualTo(Path.of("/c/distpool"));
    assertThat(CompilerIdentity.cacheDirectory(Map.of("XDG_CACHE_HOME", "c", "HOME", "/h")))
        .isEqualTo(Path.of("/h/.cache/distpool"));
    assertThat(CompilerIdentity.cacheDirectory(Map.of("HOME", "h")))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".cache/distpool"));
  }

  @Test
  void aCompilerNotOnPathIsNotIdentified() {
    assertThat(CompilerIdentity.identify(List.of("distcc", "no-such-cc", "-c", "x.c"), env()))
        .isEmpty();
  }

  @Test
  void theRealGccOfThisMachineIsIdentifiedAsItDescribesItself() throws Exception {
    Map<String, String> env =
        Map.of("PATH", "/usr/bin:/bin", "XDG_CACHE_HOME", tmp.resolve("cache").toString());
    String machine =
        new String(
                new ProcessBuilder("gcc", "-dumpmachine").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8)
            .trim();

    Optional<CompilerIdentity.Identified> gcc =
        CompilerIdentity.identify(List.of("distcc", "gcc", "-c", "x.c"), env);

    assertThat(gcc)
        .hasValueSatisfying(
            c -> {
              assertThat(c.compiler().target()).isEqualTo(machine);
              assertThat(c.compiler().version()).matches("\\d+\\.\\d+\\.\\d+");
              // gcc has preprocessed with -fdirectives-only since 4.3.
              assertThat(c.directivesOnly()).isTrue();
            });
  }
}
