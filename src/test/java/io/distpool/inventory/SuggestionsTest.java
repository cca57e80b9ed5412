package io.distpool.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SuggestionsTest {

  @ParameterizedTest(name = "{0} suggests {1}")
  @CsvSource({
    "prot, port",
    "porrt, port",
    "Port, port",
    "adress, address",
    "knwon_hosts, known_hosts",
    "known-hosts, known_hosts",
    "poll-interval, poll_interval",
    "desktopidle, desktop_idle",
    "identities, identity",
    "tag, tags",
    "slot, slots",
  })
  void typoSuggestsTheKeyItWasMeantToBe(String typed, String suggested) {
    assertThat(Suggestions.closest(typed, HostKeys.HOST_KEYS)).contains(suggested);
  }

  @ParameterizedTest(name = "{0} suggests nothing")
  @ValueSource(strings = {"colour", "hostname_of_the_machine", "x", "cpus", "timeout"})
  void unrelatedWordSuggestsNothing(String typed) {
    assertThat(Suggestions.closest(typed, HostKeys.HOST_KEYS)).isEmpty();
  }

  @Test
  void shortWordsAllowOnlyOneEdit() {
    assertThat(Suggestions.closest("pt", java.util.Set.of("port"))).isEmpty();
    assertThat(Suggestions.closest("prt", java.util.Set.of("port"))).contains("port");
  }

  @Test
  void nothingKnownSuggestsNothing() {
    assertThat(Suggestions.closest("port", java.util.Set.of())).isEmpty();
  }

  @ParameterizedTest(name = "distance({0}, {1}) = {2}")
  @CsvSource({
    "port, port, 0",
    "prot, port, 1",
    "port, ports, 1",
    "port, pot, 1",
    "port, fort, 1",
    "kitten, sitting, 3",
    "'', abc, 3",
    "abc, '', 3",
    "ab, ba, 1",
  })
  void editDistanceCountsAnAdjacentSwapAsOneEdit(String a, String b, int distance) {
    assertThat(Suggestions.distance(a, b)).isEqualTo(distance);
    assertThat(Suggestions.distance(b, a)).isEqualTo(distance);
  }
}
