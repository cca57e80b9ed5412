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

  @Test
  void theCompilerIsAskedOnceAndRememberedByPathMtimeAndSize() throws Exception {
    fakeCompiler("gcc", "x86_64-linux-gnu", "12.2.0");
    List<String> command = List.of("distcc", "gcc", "-c", "x.c");

    Optional<Request.Compiler> first = CompilerIdentity.identify(command, env());
    Optional<Request.Compiler> second = CompilerIdentity.identify(command, env());

    assertThat(first).contains(new Request.Compiler("gcc", "x86_64-linux-gnu", "12.2.0"));
    assertThat(second).isEqualTo(first);
    assertThat(Files.readAllLines(tmp.resolve("asked")))
        .containsExactly("-dumpmachine", "-dumpfullversion -dumpversion");
    assertThat(Files.readString(tmp.resolve("cache/distpool/compilers"), StandardCharsets.UTF_8))
        .startsWith(tmp.resolve("bin/gcc") + "\t")
        .contains("\tx86_64-linux-gnu\t12.2.0");
  }

  @Test
  void aChangedCompilerIsAskedAgain() throws Exception {
    Path gcc = fakeCompiler("gcc", "x86_64-linux-gnu", "12.2.0");
    CompilerIdentity.identify(List.of("distcc", "gcc", "-c", "x.c"), env());

    fakeCompiler("gcc", "x86_64-linux-gnu", "13.1.0");
    Files.setLastModifiedTime(gcc, java.nio.file.attribute.FileTime.fromMillis(1_000_000));

    assertThat(CompilerIdentity.identify(List.of("distcc", "gcc", "-c", "x.c"), env()))
        .contains(new Request.Compiler("gcc", "x86_64-linux-gnu", "13.1.0"));
  }

  @Test
  void distccWithoutACompilerWordRunsCc() throws Exception {
    fakeCompiler("cc", "x86_64-linux-gnu", "12.2.0");

    assertThat(CompilerIdentity.identify(List.of("distcc", "-c", "x.c"), env()))
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

    Optional<Request.Compiler> gcc =
        CompilerIdentity.identify(List.of("distcc", "gcc", "-c", "x.c"), env);

    assertThat(gcc)
        .hasValueSatisfying(
            c -> {
              assertThat(c.target()).isEqualTo(machine);
              assertThat(c.version()).matches("\\d+\\.\\d+\\.\\d+");
            });
  }
}
