package io.distpool.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * No text a host can send makes a parser throw or hang: empty, binary, megabyte lines, outputs cut
 * anywhere, absurd numbers. Garbage becomes unknown, with its raw text kept, bounded, in {@code
 * unparsed}.
 */
class ParserPropertiesTest {
  /** Far more than a parse takes (about a millisecond); a regex gone quadratic blows it. */
  private static final Duration BOUND = Duration.ofSeconds(2);

  private static final int MAX_UNPARSED = 20;

  /** The longest section name, the text's 160 characters and an ellipsis. */
  /** The longest section name, the text's 160 characters and an ellipsis. */
  private static final int MAX_KEPT = "release: ".length() + 160 + "...".length();

  private static final List<String> PIECES =
      List.of(
          "@@distpool-probe 1\n",
          "@@uname\n",
          "@@release\n",
          "@@cpus\n",
          "@@loadavg\n",
          "@@runq\n",
          "@@uptime\n",
          "@@who\n",
          "@@w\n",
          "@@procs\n",
          "@@end\n",
          "nproc ",
          "machinfo ",
          "Number of CPUs = ",
          " logical processors (",
          "compilers ",
          "load average: ",
          "load averages: ",
          "(RUNQ: ",
          "May  1 ",
          "2024-05-01 ",
          "09:12 ",
          "(:0)",
          "(",
          ")",
          ":0",
          "/",
          ".",
          ",",
          " ",
          "\n",
          "\r\n",
          "\t",
          "?",
          "old",
          "9",
          "-1",
          "1e308",
          "NaN",
          "Infinity",
          "99999999999",
          "0.5",
          "\u0000",
          "\u00e9",
          "\ud83d\ude00",
          "\uffff");

  private static final List<String> FIXTURES = fixtureTexts();

  @Property(tries = 300)
  void noOutputMakesTheParserThrowOrHang(@ForAll("outputs") String output) {
    HostReport report = assertTimeoutPreemptively(BOUND, () -> ReportParser.parse(output));

    assertThat(report.unparsed()).hasSizeLessThanOrEqualTo(MAX_UNPARSED);
    assertThat(report.unparsed())
        .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(MAX_KEPT));
    assertSane(report);
  }

  @Property(tries = 200)
  void noLineMakesALineParserThrowOrHang(@ForAll("lines") String line) {
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          WhoParser.parse(line);
          WhoParser.parseW(line);
          UptimeParser.parse(line);
          LoadavgParser.parse(line);
          CpuCountParser.parse(line);
          CpuCountParser.parse(List.of(line, "machinfo " + line), ignored -> {});
        });
  }

  @Property(tries = 5)
  void aMegabyteLineInAnySectionIsKeptShort(
      @ForAll("sections") String section, @ForAll("fillers") char filler) {
    String output =
        "@@distpool-probe 1\n@@"
            + section
            + "\n"
            + String.valueOf(filler).repeat(1 << 20)
            + "\n@@end\n";

    HostReport report = assertTimeoutPreemptively(BOUND, () -> ReportParser.parse(output));

    assertThat(report.unparsed()).hasSizeLessThanOrEqualTo(1);
    assertThat(report.unparsed())
        .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(MAX_KEPT));
  }

  @Property(tries = 300)
  void absurdNumbersNeverBecomeValues(
      @ForAll("absurdNumbers") String a, @ForAll("absurdNumbers") String b) {
    String output =
        String.join(
            "\n",
            "@@distpool-probe 1",
            "@@cpus",
            "nproc " + a,
            "machinfo Number of CPUs = " + b,
            "@@loadavg",
            a + " " + b + " " + a + " " + b + "/100 1",
            "@@runq",
            "Processes:\t\t(RUNQ: " + a + " Disk Wait: 0 Page Wait: 0 Sleep: 1)",
            "@@uptime",
            " 10:00:00 up 1 day,  load average: " + a + ", " + b + ", " + a,
            "@@procs",
            "compilers " + b,
            "@@end");

    HostReport report = assertTimeoutPreemptively(BOUND, () -> ReportParser.parse(output));

    assertSane(report);
  }

  @Property(tries = 300)
  void garbageIsUnknownAndKeptWithItsSection(
      @ForAll("readSections") String section, @ForAll("garbage") String garbage) {
    HostReport report =
        ReportParser.parse("@@distpool-probe 1\n@@" + section + "\n" + garbage + "\n@@end\n");

    String kept = section + ": " + garbage.strip();
    assertThat(report.unparsed())
        .singleElement()
        .satisfies(line -> assertThat(kept).startsWith(line.replaceFirst("\\.\\.\\.$", "")));
    assertThat(report.cpus()).isEmpty();
    assertThat(report.load1()).isEmpty();
    assertThat(report.runQueue()).isEmpty();
    assertThat(report.sessions()).isEmpty();
    assertThat(report.compilers()).isEmpty();
  }

  @Property(tries = 300)
  void aRealOutputCutAnywhereStillParsesAndSaysSo(@ForAll("truncatedFixtures") String truncated) {
    HostReport report = assertTimeoutPreemptively(BOUND, () -> ReportParser.parse(truncated));

    if (!truncated.contains(ReportParser.END)) {
      assertThat(report.unparsed()).anySatisfy(line -> assertThat(line).startsWith("output: "));
    }
    assertSane(report);
  }

  private static void assertSane(HostReport report) {
    report.cpus().ifPresent(n -> assertThat(n).isBetween(1, CpuCountParser.MAX_CPUS));
    for (var load : List.of(report.load1(), report.load5(), report.load15())) {
      load.ifPresent(v -> assertThat(v).isBetween(0.0, Decimal.MAX_LOAD));
    }
    report.runQueue().ifPresent(n -> assertThat(n).isNotNegative());
    report.compilers().ifPresent(n -> assertThat(n).isNotNegative());
    report.os().ifPresent(os -> assertThat(os).hasSizeLessThanOrEqualTo(100));
  }

  @Provide
  Arbitrary<String> outputs() {
    Arbitrary<String> structured =
        Arbitraries.of(PIECES).list().ofMaxSize(300).map(parts -> String.join("", parts));
    Arbitrary<String> binary = Arbitraries.strings().all().ofMaxLength(4_000);
    Arbitrary<String> bytes =
        Arbitraries.bytes()
            .array(byte[].class)
            .ofMaxSize(4_000)
            .map(b -> new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
    return Arbitraries.oneOf(structured, binary, bytes, truncatedFixtures());
  }

  @Provide
  Arbitrary<String> lines() {
    Arbitrary<String> structured =
        Arbitraries.of(PIECES).list().ofMaxSize(60).map(parts -> String.join("", parts));
    Arbitrary<String> long_ =
        Combinators.combine(Arbitraries.of(PIECES), Arbitraries.integers().between(1, 20_000))
            .as((piece, times) -> piece.repeat(times));
    return Arbitraries.oneOf(structured, long_, Arbitraries.strings().all().ofMaxLength(2_000));
  }

  @Provide
  Arbitrary<String> sections() {
    return Arbitraries.of(
        "uname", "release", "cpus", "loadavg", "runq", "uptime", "who", "w", "procs");
  }

  /** The sections whose text is read rather than shown as is (uname and release are names). */
  @Provide
  Arbitrary<String> readSections() {
    return Arbitraries.of("cpus", "loadavg", "runq", "uptime", "who", "w", "procs");
  }

  @Provide
  Arbitrary<Character> fillers() {
    return Arbitraries.of('x', '9', ' ', ':', '(', '\u0000', '.');
  }

  @Provide
  Arbitrary<String> absurdNumbers() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "1e308",
            "-1e308",
            "NaN",
            "Infinity",
            "-0.5",
            "-4",
            "99999999999",
            "4294967297",
            "0x10",
            "1_000",
            "١٢",
            "0.0.1",
            "",
            "00000000000000000000001"),
        Arbitraries.doubles().map(d -> Double.toString(d)),
        Arbitraries.longs().map(n -> Long.toString(n)),
        Arbitraries.bigIntegers()
            .between(java.math.BigInteger.ZERO, java.math.BigInteger.TEN.pow(40))
            .map(n -> n.toString()));
  }

  /** Lines no parser reads: letters and punctuation, never a number or a marker. */
  @Provide
  Arbitrary<String> garbage() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withChars(" !%&*+;<>?|~")
        .ofMinLength(1)
        .ofMaxLength(400)
        .filter(s -> !s.isBlank());
  }

  @Provide
  Arbitrary<String> truncatedFixtures() {
    return Arbitraries.of(FIXTURES)
        .flatMap(
            text ->
                Arbitraries.integers().between(0, text.length()).map(n -> text.substring(0, n)));
  }

  private static List<String> fixtureTexts() {
    try {
      return ProbeFixturesTest.fixtures().stream().map(ParserPropertiesTest::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
