package io.distpool.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Real {@code uptime} lines from the systems a build farm is made of. */
class UptimeParserTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // procps-ng 3.3 (Debian 10, RHEL 8)
        "' 10:00:00 up 5 days,  3:04,  2 users,  load average: 0.52, 0.58, 0.59' | 0.52 | 0.58 | 0.59",
        // procps-ng 4 (Debian 12): '0 user', minutes only
        "' 18:01:00 up 6 min,  0 user,  load average: 0.02, 0.06, 0.02' | 0.02 | 0.06 | 0.02",
        // Solaris 10
        "'  9:47am  up 3 day(s), 21:28,  2 users,  load average: 0.04, 0.05, 0.05' | 0.04 | 0.05 | 0.05",
        // Solaris 11.4
        "'  2:39pm  up 14 day(s), 22:48,  1 user,  load average: 1.03, 2.50, 12.75' | 1.03 | 2.50 | 12.75",
        // FreeBSD 13
        "' 3:04PM  up 12 days,  4:10, 2 users, load averages:  0.32,  0.25,  0.20' | 0.32 | 0.25 | 0.20",
        // macOS 14
        "'10:14  up 3 days, 18:27, 2 users, load averages: 1.52 1.70 1.80' | 1.52 | 1.70 | 1.80",
        // procps under a locale with a decimal comma (de_DE)
        "' 10:00:00 up 5 days,  3:04,  2 users,  load average: 0,52, 0,58, 0,59' | 0.52 | 0.58 | 0.59",
        // BusyBox: no user count
        "' 10:00:00 up 1 day,  2:03,  load average: 0.00, 0.01, 0.05' | 0.00 | 0.01 | 0.05",
        // AIX 7
        "'  10:00AM   up 12 days,   2:03,  3 users,  load average: 1.16, 1.24, 1.33' | 1.16 | 1.24 | 1.33",
        // a busy host with whole-number loads
        "' 12:00:00 up 40 days,  1:00,  9 users,  load average: 64, 48, 32' | 64 | 48 | 32",
      })
  void readsTheThreeLoadAverages(String line, double one, double five, double fifteen) {
    Optional<Loads> loads = UptimeParser.parse(line);

    assertThat(loads).contains(new Loads(one, five, fifteen, OptionalInt.empty()));
  }

  @Test
  void upTimeThatLooksLikeNumbersDoesNotConfuseIt() {
    // "up 1:05" and "3 users" are numbers with commas too; only what follows the label counts.
    assertThat(UptimeParser.parse(" 11:11:11 up  1:05,  3 users,  load average: 7.00, 8.00, 9.00"))
        .map(Loads::load1)
        .contains(7.0);
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "",
        "   ",
        "sh: uptime: not found",
        "uptime: /var/run/utmp: No such file or directory",
        " 10:00:00 up 5 days,  3:04,  2 users",
        "load average: 0.52, 0.58",
        "load average: a, b, c",
        "load average: -1.00, 0.58, 0.59",
        "load average: 123456.00, 0.58, 0.59",
        "load average: 0.52, 0.58, 99999999999999999999999.0",
        "load average: ٠.٥٢, ٠.٥٨, ٠.٥٩",
      })
  void givesNothingForGarbageOrAbsurdValues(String line) {
    assertThat(UptimeParser.parse(line)).isEmpty();
  }

  @Test
  void givesNothingForAnEndlessLine() {
    String endless = "x".repeat(5_000) + " load average: 0.52, 0.58, 0.59";

    assertThat(UptimeParser.parse(endless)).isEmpty();
  }
}
