package io.distpool.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code who -u} from Linux (coreutils) and Solaris: who is at the machine, and how idle. */
class WhoParserTest {

  @Test
  void linuxRemoteLoginIsNotLocal() {
    assertThat(
            WhoParser.parse("bob      pts/0        2024-05-01 10:00 00:05        2345 (10.0.0.1)"))
        .contains(
            new Session(
                "bob",
                "pts/0",
                Optional.of(Duration.ofMinutes(5)),
                Optional.of("10.0.0.1"),
                false));
  }

  @Test
  void linuxRemoteLoginFromAHostNameIsNotLocal() {
    assertThat(
            WhoParser.parse(
                "carol    pts/3        2024-05-01 08:15   .          3456 (ws12.example.com)"))
        .contains(
            new Session(
                "carol",
                "pts/3",
                Optional.of(Duration.ZERO),
                Optional.of("ws12.example.com"),
                false));
  }

  @Test
  void linuxTextConsoleIsLocal() {
    assertThat(WhoParser.parse("alice    tty1         2024-05-01 09:00   old          812"))
        .contains(
            new Session("alice", "tty1", Optional.of(Duration.ofDays(1)), Optional.empty(), true));
  }

  @Test
  void xDisplayWithUnknownIdleIsLocalWithIdleUnknown() {
    assertThat(WhoParser.parse("alice    :0           2024-05-01 09:00   ?          1500 (:0)"))
        .contains(new Session("alice", ":0", Optional.empty(), Optional.of(":0"), true));
  }

  @Test
  void terminalOnTheLocalDisplayIsLocal() {
    assertThat(WhoParser.parse("alice    pts/1        2024-05-01 09:01   .          1600 (:0.0)"))
        .map(Session::local)
        .contains(true);
  }

  @Test
  void idleInHoursAndMinutes() {
    assertThat(
            WhoParser.parse("dave     pts/4        2024-05-01 07:00  2:17        4567 (10.1.2.3)"))
        .flatMap(Session::idle)
        .contains(Duration.ofMinutes(137));
  }

  @Test
  void solarisConsoleIsLocal() {
    assertThat(WhoParser.parse("root       console      May  1 09:12  0:05   1234"))
        .contains(
            new Session(
                "root", "console", Optional.of(Duration.ofMinutes(5)), Optional.empty(), true));
  }

  @Test
  void solarisRemoteLoginIsNotLocal() {
    assertThat(
            WhoParser.parse("jdoe       pts/2        May  1 10:00   .     4567       (10.0.0.7)"))
        .contains(
            new Session(
                "jdoe", "pts/2", Optional.of(Duration.ZERO), Optional.of("10.0.0.7"), false));
  }

  @Test
  void plainWhoWithoutIdleIsReadWithIdleUnknown() {
    // 'who' is the fallback where 'who -u' fails: no idle, no pid.
    assertThat(WhoParser.parse("alice    tty2         2024-05-01 09:00"))
        .contains(new Session("alice", "tty2", Optional.empty(), Optional.empty(), true));
  }

  @Test
  void pseudoTerminalWithoutAFromHostIsNotLocal() {
    assertThat(WhoParser.parse("erin     pts/7        2024-05-01 09:00 00:01        7777"))
        .map(Session::local)
        .contains(false);
  }

  @Test
  void bsdVirtualTerminalIsLocal() {
    assertThat(WhoParser.parse("frank    ttyv0        May  1 09:00"))
        .map(Session::local)
        .contains(true);
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "",
        "who: cannot open /var/run/utmp",
        "alice tty1",
        "alice tty1 yesterday morning",
      })
  void givesNothingForLinesWithoutALoginTime(String line) {
    assertThat(WhoParser.parse(line)).isEmpty();
  }

  @Test
  void givesNothingForAnEndlessLine() {
    assertThat(WhoParser.parse("alice tty1 2024-05-01 09:00 " + "x ".repeat(400))).isEmpty();
  }
}
