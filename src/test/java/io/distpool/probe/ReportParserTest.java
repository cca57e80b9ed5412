package io.distpool.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whole probe outputs, as the script prints them on real hosts and as they go wrong. */
class ReportParserTest {
  static final String LINUX =
      String.join(
          "\n",
          "@@distpool-probe 1",
          "@@uname",
          "Linux",
          "6.1.0-18-amd64",
          "x86_64",
          "@@cpus",
          "nproc 16",
          "@@loadavg",
          "3.41 2.98 2.10 4/1021 88123",
          "@@uptime",
          " 10:00:00 up 5 days,  3:04,  2 users,  load average: 3.41, 2.98, 2.10",
          "@@who",
          "alice    :0           2024-05-01 09:00   ?          1500 (:0)",
          "bob      pts/0        2024-05-01 10:00 00:05        2345 (10.0.0.1)",
          "@@procs",
          "compilers 3",
          "distccd 5",
          "distccd_inetd 4",
          "@@end",
          "");

  static final String SOLARIS_10 =
      String.join(
          "\n",
          "@@distpool-probe 1",
          "@@uname",
          "SunOS",
          "5.10",
          "sun4v",
          "@@cpus",
          "psrinfo 32",
          "@@loadavg",
          "@@uptime",
          "  9:47am  up 3 day(s), 21:28,  2 users,  load average: 0.04, 0.05, 0.05",
          "@@who",
          "root       console      May  1 09:12  0:05   1234",
          "jdoe       pts/2        May  1 10:00   .     4567       (10.0.0.7)",
          "@@procs",
          "compilers 0",
          "distccd 1",
          "@@end",
          "");

  @Test
  void readsEverySectionOfALinuxHost() {
    HostReport report = ReportParser.parse(LINUX);

    assertThat(report.os()).contains("Linux");
    assertThat(report.osRelease()).contains("6.1.0-18-amd64");
    assertThat(report.arch()).contains("x86_64");
    assertThat(report.cpus()).hasValue(16);
    assertThat(report.load1()).hasValue(3.41);
    assertThat(report.load5()).hasValue(2.98);
    assertThat(report.load15()).hasValue(2.10);
    assertThat(report.runQueue()).hasValue(3);
    assertThat(report.sessions())
        .extracting(Session::user, Session::local)
        .containsExactly(tuple("alice", true), tuple("bob", false));
    assertThat(report.compilers()).hasValue(3);
    assertThat(report.sshJobs()).hasValue(4);
    assertThat(report.unparsed()).isEmpty();
  }

  @Test
  void readsASolaris10HostFromUptimeWhenThereIsNoProcLoadavg() {
    HostReport report = ReportParser.parse(SOLARIS_10);

    assertThat(report.os()).contains("SunOS");
    assertThat(report.osRelease()).contains("5.10");
    assertThat(report.arch()).contains("sun4v");
    assertThat(report.cpus()).hasValue(32);
    assertThat(report.load1()).hasValue(0.04);
    assertThat(report.load15()).hasValue(0.05);
    assertThat(report.runQueue()).isEmpty();
    assertThat(report.sessions())
        .containsExactly(
            new Session(
                "root", "console", Optional.of(Duration.ofMinutes(5)), Optional.empty(), true),
            new Session(
                "jdoe", "pts/2", Optional.of(Duration.ZERO), Optional.of("10.0.0.7"), false));
    assertThat(report.compilers()).hasValue(0);
    assertThat(report.unparsed()).isEmpty();
  }

  @Test
  void loginScriptNoiseBeforeTheStartMarkerIsIgnored() {
    String noisy =
        "Welcome to build7!\r\nYou have new mail.\n@@uname\nfortune: not found\n" + LINUX;

    assertThat(ReportParser.parse(noisy)).isEqualTo(ReportParser.parse(LINUX));
  }

  @Test
  void windowsLineEndsAreRead() {
    assertThat(ReportParser.parse(LINUX.replace("\n", "\r\n")))
        .isEqualTo(ReportParser.parse(LINUX));
  }

  @Test
  void truncatedOutputKeepsWhatArrivedAndSaysItWasCut() {
    String cut = LINUX.substring(0, LINUX.indexOf("@@who"));

    HostReport report = ReportParser.parse(cut);

    assertThat(report.cpus()).hasValue(16);
    assertThat(report.load1()).hasValue(3.41);
    assertThat(report.compilers()).isEmpty();
    assertThat(report.unparsed()).containsExactly("output: truncated before @@end");
  }

  @Test
  void outputWithoutTheStartMarkerIsKeptWhole() {
    HostReport report = ReportParser.parse("sh: 1: /bin/sh: Permission denied\n");

    assertThat(report.os()).isEmpty();
    assertThat(report.cpus()).isEmpty();
    assertThat(report.load1()).isEmpty();
    assertThat(report.unparsed()).containsExactly("output: sh: 1: /bin/sh: Permission denied");
  }

  @Test
  void emptyOutputSaysSo() {
    assertThat(ReportParser.parse("").unparsed()).containsExactly("output: (empty)");
  }

  @Test
  void garbageInASectionIsKeptWithTheSectionName() {
    String garbled =
        String.join(
            "\n",
            "@@distpool-probe 1",
            "@@cpus",
            "nproc lots",
            "@@loadavg",
            "@@uptime",
            "sh: uptime: not found",
            "@@who",
            "who: cannot open /var/adm/utmpx",
            "@@procs",
            "ps: illegal option -- o",
            "compilers x",
            "distccd_inetd -1",
            "@@end");

    HostReport report = ReportParser.parse(garbled);

    assertThat(report.cpus()).isEmpty();
    assertThat(report.load1()).isEmpty();
    assertThat(report.sessions()).isEmpty();
    assertThat(report.compilers()).isEmpty();
    assertThat(report.unparsed())
        .containsExactly(
            "cpus: nproc lots",
            "uptime: sh: uptime: not found",
            "who: who: cannot open /var/adm/utmpx",
            "procs: ps: illegal option -- o",
            "procs: compilers x",
            "procs: distccd_inetd -1");
    assertThat(report.sshJobs()).isEmpty();
  }

  @Test
  void loadFromProcLoadavgWinsSoGarbageInUptimeDoesNotMatter() {
    String both =
        LINUX.replace(
            " 10:00:00 up 5 days,  3:04,  2 users,  load average: 3.41," + " 2.98, 2.10",
            "garbage");

    assertThat(ReportParser.parse(both).unparsed()).isEmpty();
  }

  @Test
  void controlCharactersInKeptTextAreMadeHarmless() {
    String hostile = LINUX.replace("compilers 3", "\u001b[2J\u0007 compilers");

    assertThat(ReportParser.parse(hostile).unparsed()).containsExactly("procs: ?[2J? compilers");
  }

  @Test
  void keptTextIsBoundedInLengthAndCount() {
    StringBuilder flood = new StringBuilder("@@distpool-probe 1\n@@who\n");
    for (int i = 0; i < 100; i++) {
      flood.append("x".repeat(1_000)).append('\n');
    }

    HostReport report = ReportParser.parse(flood.append("@@end\n").toString());

    assertThat(report.unparsed())
        .hasSize(20)
        .allSatisfy(line -> assertThat(line).hasSize("who: ".length() + 160 + "...".length()));
  }

  @Test
  void unameLinesThatAreNotPlainTextAreNotBelieved() {
    HostReport report = ReportParser.parse(LINUX.replace("x86_64", "x86_64\u00e9"));

    assertThat(report.arch()).isEmpty();
    assertThat(report.os()).contains("Linux");
  }

  @Test
  void neverThrowsOnRandomText() {
    Random random = new Random(20240501);
    String[] pieces = {
      "@@distpool-probe 1",
      "@@uname",
      "@@cpus",
      "@@loadavg",
      "@@uptime",
      "@@who",
      "@@procs",
      "@@end",
      "@@",
      "nproc ",
      "compilers ",
      "distccd ",
      "load average: ",
      "load averages:",
      "(",
      ")",
      ":0",
      "/",
      ".",
      ",",
      " ",
      "  ",
      "\n",
      "\r\n",
      "\t",
      "?",
      "old",
      "10:00",
      "2024-05-01",
      "9",
      "99999999999",
      "0.5",
      "-",
      "%",
      "\u0000",
      "\u00e9",
      "\uffff"
    };
    for (int i = 0; i < 400; i++) {
      String text = i % 2 == 0 ? randomPieces(random, pieces) : randomChars(random);

      assertThatCode(
              () -> {
                HostReport report = ReportParser.parse(text);
                assertThat(report.unparsed()).hasSizeLessThanOrEqualTo(20);
              })
          .as("output %d: %s", i, text)
          .doesNotThrowAnyException();
    }
  }

  private static String randomPieces(Random random, String[] pieces) {
    StringBuilder text = new StringBuilder();
    int count = random.nextInt(200);
    for (int j = 0; j < count; j++) {
      text.append(pieces[random.nextInt(pieces.length)]);
    }
    return text.toString();
  }

  private static String randomChars(Random random) {
    char[] chars = new char[random.nextInt(2_000)];
    for (int j = 0; j < chars.length; j++) {
      chars[j] = (char) (random.nextBoolean() ? random.nextInt(128) : random.nextInt(0x10000));
    }
    return new String(chars);
  }
}
