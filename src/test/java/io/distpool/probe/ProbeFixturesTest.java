package io.distpool.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every probe output in {@code tests/fixtures/probe/}: each {@code NAME.probe} (a whole or partial
 * probe output whose {@code #} header says where its text comes from) is parsed and compared with
 * {@code NAME.expected}. Adding a fixture adds a test.
 *
 * <p>An expected file holds {@code key=value} lines; a key left out is not checked, an empty value
 * means unknown. Keys: {@code os release version arch cpus cpu_source load1 load5 load15 run_queue
 * users compilers unparsed}, {@code session.N=user tty idle-minutes|? local|remote [from]} and
 * {@code unparsed.N=text}.
 */
class ProbeFixturesTest {

  static Path directory() {
    return Path.of(System.getProperty("distpool.home", ".")).resolve("tests/fixtures/probe");
  }

  static List<Path> fixtures() throws IOException {
    try (Stream<Path> files = Files.list(directory())) {
      return files.filter(p -> p.toString().endsWith(".probe")).sorted().toList();
    }
  }

  @Test
  void theCorpusIsThereAndEveryFixtureSaysWhereItComesFrom() throws IOException {
    assertThat(fixtures()).hasSizeGreaterThan(20);
    for (Path fixture : fixtures()) {
      assertThat(Files.readString(fixture)).as(fixture.toString()).startsWith("# ");
      assertThat(expectedFile(fixture)).as("sidecar of " + fixture).exists();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyFixtureParsesToItsExpectedValues() throws IOException {
    return fixtures().stream()
        .map(
            fixture ->
                DynamicTest.dynamicTest(
                    fixture.getFileName().toString(), fixture.toUri(), () -> check(fixture)));
  }

  private static void check(Path fixture) throws IOException {
    HostReport report = ReportParser.parse(Files.readString(fixture, StandardCharsets.UTF_8));
    Map<String, String> expected = expected(expectedFile(fixture));
    SoftAssertions soft = new SoftAssertions();
    expected.forEach(
        (key, value) -> {
          String actual = actual(report, key);
          soft.assertThat(actual).as("%s in %s", key, fixture.getFileName()).isEqualTo(value);
        });
    soft.assertAll();
  }

  private static String actual(HostReport r, String key) {
    if (key.startsWith("session.")) {
      int i = Integer.parseInt(key.substring("session.".length()));
      return i < r.sessions().size() ? describe(r.sessions().get(i)) : "(none)";
    }
    if (key.startsWith("unparsed.")) {
      int i = Integer.parseInt(key.substring("unparsed.".length()));
      return i < r.unparsed().size() ? r.unparsed().get(i) : "(none)";
    }
    switch (key) {
      case "os":
        return text(r.os());
      case "release":
        return text(r.osRelease());
      case "version":
        return text(r.osVersion());
      case "arch":
        return text(r.arch());
      case "cpus":
        return text(r.cpus());
      case "cpu_source":
        return text(r.cpuSource());
      case "load1":
        return text(r.load1());
      case "load5":
        return text(r.load5());
      case "load15":
        return text(r.load15());
      case "run_queue":
        return text(r.runQueue());
      case "users":
        return String.valueOf(r.sessions().size());
      case "compilers":
        return text(r.compilers());
      case "unparsed":
        return String.valueOf(r.unparsed().size());
      default:
        throw new IllegalArgumentException("unknown key in an .expected file: " + key);
    }
  }

  private static String describe(Session s) {
    String idle = s.idle().map(d -> String.valueOf(d.toMinutes())).orElse("?");
    String where = s.local() ? "local" : "remote";
    return (s.user() + " " + s.tty() + " " + idle + " " + where + " " + s.from().orElse("")).trim();
  }

  private static String text(Optional<String> value) {
    return value.orElse("");
  }

  private static String text(OptionalInt value) {
    return value.isPresent() ? String.valueOf(value.getAsInt()) : "";
  }

  private static String text(OptionalDouble value) {
    return value.isPresent()
        ? String.format(java.util.Locale.ROOT, "%.2f", value.getAsDouble())
        : "";
  }

  private static Path expectedFile(Path fixture) {
    String name = fixture.getFileName().toString();
    return fixture.resolveSibling(
        name.substring(0, name.length() - ".probe".length()) + ".expected");
  }

  private static Map<String, String> expected(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(file + ": not key=value: " + line);
      }
      values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
    }
    return values;
  }
}
