package io.distpool.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest(name = "{0} is {1} ms")
  @CsvSource({
    "500ms, 500",
    "5s, 5000",
    "1.5s, 1500",
    "15m, 900000",
    "1h, 3600000",
    "0.25h, 900000",
    "2.125s, 2125",
    "'5 s', 5000",
    "5S, 5000",
    "' 10m ', 600000",
    "0s, 0",
  })
  void readsANumberWithAUnit(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest(name = "{0} is refused")
  @ValueSource(
      strings = {
        "15",
        "",
        "s",
        "5 sec",
        "5d",
        "-5s",
        "1.2345s",
        "1,5s",
        "5s5",
        "1e3ms",
        "ten seconds",
        "9999999999s"
      })
  void refusesAnythingButANumberWithAKnownUnit(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'"
                + text
                + "' is not a duration;"
                + " write a number with a unit: 500ms, 5s, 15m or 1h");
  }

  @ParameterizedTest(name = "{1} ms is written {0}")
  @CsvSource({
    "1h, 3600000",
    "15m, 900000",
    "90s, 90000",
    "5s, 5000",
    "1500ms, 1500",
    "1ms, 1",
    "0s, 0",
    "25h, 90000000",
  })
  void formatsInTheLargestUnitThatIsExact(String text, long millis) {
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0} survives format and parse")
  @ValueSource(
      longs = {
        0,
        1,
        99,
        100,
        999,
        1000,
        1001,
        59_999,
        60_000,
        61_000,
        3_599_999,
        3_600_000,
        7_260_000,
        86_400_000
      })
  void whatFormatWritesParseReadsBack(long millis) {
    Duration duration = Duration.ofMillis(millis);

    assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
  }

  @ParameterizedTest(name = "{0} reads back as itself after a round trip")
  @ValueSource(strings = {"500ms", "5s", "15m", "1h", "90s"})
  void canonicalTextRoundTripsUnchanged(String text) {
    assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
  }
}
