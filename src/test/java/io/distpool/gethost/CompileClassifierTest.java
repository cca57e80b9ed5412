package io.distpool.gethost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which compiler calls distcc would send out, so only those take a slot. */
class CompileClassifierTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "distcc gcc -c x.c",
        "distcc gcc -c x.c -o x.o",
        "distcc gcc -O2 -g -Wall -Iinclude -DNDEBUG -c src/x.c -o build/x.o",
        "distcc g++ -std=c++17 -c widget.cpp -o widget.o",
        "distcc c++ -c a.cc -obuild/a.o",
        "distcc gcc -S x.c",
        "distcc gcc -MD -MF dep.d -c x.c",
        "distcc gcc -MMD -MP -MT x.o -MQ x.o -c x.c -o x.o",
        "distcc gcc -c x.i",
        "distcc clang -c Foo.C",
        "distcc gcc -c view.m",
        "distcc -c x.c",
        "distcc x.c -c",
        "/usr/lib/distcc/bin/distcc /usr/bin/gcc -c x.c",
        "distcc x86_64-linux-gnu-gcc-12 -march=x86-64-v3 -c x.c",
      })
  void aRealCompileGetsASlot(String command) {
    assertThat(CompileClassifier.localReason(words(command))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "make -j8",
        "ccache gcc -E x.c",
        "sh -c true",
        "gcc -c x.c",
      })
  void aCommandThatIsNotDistccAlwaysGetsASlot(String command) {
    assertThat(CompileClassifier.localReason(words(command))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "distcc gcc -E x.c                  | -E only preprocesses: distcc runs it here",
        "distcc gcc -M x.c                  | -M only lists dependencies: distcc runs it here",
        "distcc gcc -MM -c x.c              | -MM only lists dependencies: distcc runs it here",
        "distcc gcc --version               | not a compile (no -c or -S): distcc runs it here",
        "distcc gcc -dumpversion            | not a compile (no -c or -S): distcc runs it here",
        "distcc gcc a.o b.o -o prog         | two outputs (a link?): distcc runs it here",
        "distcc gcc x.c -o prog             | not a compile (no -c or -S): distcc runs it here",
        "distcc gcc -x c -c /dev/null       | distcc keeps -x local: it runs here",
        "distcc gcc -xc -c x.c              | distcc keeps -xc local: it runs here",
        "distcc gcc -c /dev/null            | no source file it distributes: distcc runs it here",
        "distcc gcc -c start.S              | no source file it distributes: distcc runs it here",
        "distcc gcc -c conftest.c           | autoconf test: distcc runs it here",
        "distcc gcc -c sub/conftest.cpp -o conftest.o | autoconf test: distcc runs it here",
        "distcc gcc -c a.c b.c              | two source files: distcc runs it here",
        "distcc gcc -c x.c -o -             | output to stdout: distcc runs it here",
        "distcc gcc -c x.c -o x.o -o y.o    | two outputs (a link?): distcc runs it here",
        "distcc gcc -march=native -c x.c    | distcc keeps -march=native local: it runs here",
        "distcc gcc -mtune=native -c x.c    | distcc keeps -mtune=native local: it runs here",
        "distcc gcc --coverage -c x.c       | distcc keeps --coverage local: it runs here",
        "distcc gcc -fprofile-arcs -c x.c   | distcc keeps -fprofile-arcs local: it runs here",
        "distcc gcc -specs=my.specs -c x.c  | distcc keeps -specs=my.specs local: it runs here",
        "distcc gcc -Wa,-adhln -c x.c       | distcc keeps -Wa,-adhln local: it runs here",
        "distcc                             | no compiler arguments: distcc runs it here",
        "distcc gcc                         | not a compile (no -c or -S): distcc runs it here",
      })
  void whatDistccWouldRunHereTakesNoSlotAndSaysWhy(String command, String reason) {
    assertThat(CompileClassifier.localReason(words(command))).contains(reason);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "distcc gcc -c x.c                  | x.c",
        "distcc gcc -c src/x.c -o x.i       | src/x.c",
        "distcc gcc -MF a.c -c x.cpp        | x.cpp",
        "distcc -c x.c                      | x.c",
        "distcc x.c -c                      | x.c",
        "distcc gcc -c x.i                  | x.i",
      })
  void theSourceDistccSendsOutIsTheOneTheScanFound(String command, String source) {
    assertThat(CompileClassifier.classify(words(command)).source()).contains(source);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"distcc gcc -E x.c", "distcc gcc a.o b.o -o prog", "gcc -c x.c"})
  void aCommandDistccRunsHereSendsNoSource(String command) {
    assertThat(CompileClassifier.classify(words(command)).source()).isEmpty();
  }

  private static List<String> words(String command) {
    return Arrays.asList(command.trim().split("\\s+"));
  }
}
