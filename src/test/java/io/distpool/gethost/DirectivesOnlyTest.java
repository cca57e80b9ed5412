package io.distpool.gethost;

import static org.assertj.core.api.Assertions.assertThat;

import io.distpool.protocol.Request;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which jobs sent to a build host are preprocessed with -fdirectives-only, and how. */
class DirectivesOnlyTest {
  static final Placement REMOTE = Placement.remote("h1", "@h1/64", "/run/distpool/ssh");
  static final Optional<CompilerIdentity.Identified> TAKES_IT = compiler(true);

  private static Optional<CompilerIdentity.Identified> compiler(boolean directivesOnly) {
    return Optional.of(
        new CompilerIdentity.Identified(
            new Request.Compiler("gcc", "x86_64-linux-gnu", "12.2.0"), directivesOnly));
  }

  /** As gethost asks: with the source the classifier found in {@code command}. */
  private static boolean appliesTo(
      Placement placement,
      List<String> command,
      Optional<CompilerIdentity.Identified> compiler,
      Map<String, String> env) {
    return DirectivesOnly.applies(
        placement, command, CompileClassifier.classify(command).source(), compiler, env);
  }

  private static boolean applies(String command) {
    return appliesTo(REMOTE, words(command), TAKES_IT, Map.of());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "distcc gcc -c x.c                   | distcc gcc -fdirectives-only -c x.c",
        "distcc gcc -O2 -c x.c -o x.o        | distcc gcc -fdirectives-only -O2 -c x.c -o x.o",
        "distcc -c x.c                       | distcc -fdirectives-only -c x.c",
        "distcc x.c -c                       | distcc -fdirectives-only x.c -c",
        "/usr/bin/distcc /usr/bin/g++ -c a.cpp | /usr/bin/distcc /usr/bin/g++ -fdirectives-only -c a.cpp",
        "distcc g++ -c widget.cc -o w.o      | distcc g++ -fdirectives-only -c widget.cc -o w.o",
        "distcc gcc -S x.c                   | distcc gcc -fdirectives-only -S x.c",
        "distcc gcc -c view.m                | distcc gcc -fdirectives-only -c view.m",
        "distcc g++ -c view.mm               | distcc g++ -fdirectives-only -c view.mm",
        "distcc gcc -c Foo.C                 | distcc gcc -fdirectives-only -c Foo.C",
        "distcc gcc -MD -MF x.d -c x.c       | distcc gcc -fdirectives-only -MD -MF x.d -c x.c",
        "distcc gcc -c x.c -o x.i            | distcc gcc -fdirectives-only -c x.c -o x.i",
      })
  void aRemoteCompileGetsTheFlagRightAfterTheCompilerWord(String command, String expected) {
    assertThat(applies(command)).isTrue();
    assertThat(DirectivesOnly.insert(words(command))).isEqualTo(words(expected));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        // already preprocessed
        "distcc gcc -c x.i",
        "distcc g++ -c x.ii",
        "distcc gcc -c x.mi",
        "distcc g++ -c x.mii",
        // options that decide preprocessing themselves, or that distcc runs here
        "distcc gcc -fdirectives-only -c x.c",
        "distcc gcc -traditional -c x.c",
        "distcc gcc -traditional-cpp -c x.c",
        "distcc gcc -fpreprocessed -c x.c",
        "distcc gcc -E -c x.c",
        "distcc gcc -M -c x.c",
        "distcc gcc -MM -c x.c",
        "distcc gcc -save-temps -c x.c",
        "distcc gcc -save-temps=obj -c x.c",
        // what distcc runs here anyway
        "distcc gcc -c start.S",
        "distcc gcc a.o b.o -o prog",
        "distcc gcc -c a.c b.c",
        "distcc gcc -x c -c x.c",
        "distcc gcc --version",
        "distcc",
        // not distcc: gethost cannot know what it runs
        "gcc -c x.c",
        "sh -c true",
      })
  void otherCommandsAreLeftAsTheyAre(String command) {
    assertThat(applies(command)).isFalse();
  }

  @Test
  void neverForAJobThatRunsHere() {
    assertThat(
            appliesTo(Placement.local("no daemon"), words("distcc gcc -c x.c"), TAKES_IT, Map.of()))
        .isFalse();
  }

  @Test
  void onlyWithACompilerKnownToTakeTheFlag() {
    List<String> command = words("distcc gcc -c x.c");

    assertThat(appliesTo(REMOTE, command, compiler(false), Map.of())).isFalse();
    assertThat(appliesTo(REMOTE, command, Optional.empty(), Map.of())).isFalse();
  }

  @Test
  void distpoolDirectivesOnlyZeroTurnsItOffAndNothingElseDoes() {
    List<String> command = words("distcc gcc -c x.c");

    assertThat(appliesTo(REMOTE, command, TAKES_IT, Map.of(DirectivesOnly.SWITCH, "0"))).isFalse();
    for (String value : List.of("1", "", "yes", "00")) {
      assertThat(appliesTo(REMOTE, command, TAKES_IT, Map.of(DirectivesOnly.SWITCH, value)))
          .as("DISTPOOL_DIRECTIVES_ONLY=%s", value)
          .isTrue();
    }
  }

  @Test
  void aGrantFromTheSharedDaemonCountsAsRemote() {
    Placement shared = REMOTE.viaShared(java.nio.file.Path.of("/run/user/1/shared.socket"));

    assertThat(appliesTo(shared, words("distcc gcc -c x.c"), TAKES_IT, Map.of())).isTrue();
  }

  private static List<String> words(String command) {
    return Arrays.asList(command.trim().split("\\s+"));
  }
}
