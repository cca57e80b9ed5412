package io.distpool.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Linux's {@code /proc/loadavg}; the run queue counts the {@code cat} that read it. */
class LoadavgParserTest {

  @Test
  void readsLoadsAndTheRunQueueWithoutTheReader() {
    assertThat(LoadavgParser.parse("0.52 0.58 0.59 3/345 12345"))
        .contains(new Loads(0.52, 0.58, 0.59, OptionalInt.of(2)));
  }

  @Test
  void anIdleHostHasAnEmptyRunQueue() {
    assertThat(LoadavgParser.parse("0.00 0.01 0.05 1/104 27218"))
        .map(Loads::runQueue)
        .contains(OptionalInt.of(0));
  }

  @Test
  void runQueueIsNeverNegative() {
    // Should the reader not be counted (a /proc view that hides it), -1 would be nonsense.
    assertThat(LoadavgParser.parse("0.00 0.00 0.00 0/12 1"))
        .map(Loads::runQueue)
        .contains(OptionalInt.of(0));
  }

  @Test
  void aBusyHostShowsItsRunnableTasks() {
    assertThat(LoadavgParser.parse("31.87 29.02 25.44 33/1290 998877"))
        .map(Loads::runQueue)
        .contains(OptionalInt.of(32));
  }

  @Test
  void withoutTheFourthFieldTheLoadsStillCount() {
    assertThat(LoadavgParser.parse("0.52 0.58 0.59"))
        .contains(new Loads(0.52, 0.58, 0.59, OptionalInt.empty()));
  }

  @Test
  void anUnreadableRunQueueLeavesOnlyItUnknown() {
    assertThat(LoadavgParser.parse("0.52 0.58 0.59 x/345 12345"))
        .contains(new Loads(0.52, 0.58, 0.59, OptionalInt.empty()));
    assertThat(LoadavgParser.parse("0.52 0.58 0.59 /345 12345"))
        .contains(new Loads(0.52, 0.58, 0.59, OptionalInt.empty()));
  }

  @Test
  void toleratesSurroundingWhitespace() {
    assertThat(LoadavgParser.parse("  0.52   0.58 0.59  2/345 12345 \t"))
        .contains(new Loads(0.52, 0.58, 0.59, OptionalInt.of(1)));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "",
        "cat: /proc/loadavg: No such file or directory",
        "0.52 0.58",
        "0.52 abc 0.59 1/2 3",
        "-0.52 0.58 0.59 1/2 3",
        "999999.0 0.58 0.59 1/2 3",
      })
  void givesNothingForGarbage(String line) {
    assertThat(LoadavgParser.parse(line)).isEmpty();
  }
}
