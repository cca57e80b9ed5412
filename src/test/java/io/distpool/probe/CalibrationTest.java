package io.distpool.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading what the calibration script printed. */
class CalibrationTest {
  @Test
  void theBestOfTheRunsCountsAndALoginBannerIsSkipped() {
    String output =
        "Welcome to build7!\ncompiler /opt/gcc/bin/gcc\nrun 100.25 101.00\nrun 101.00 101.50\n";

    assertThat(Calibration.parse(output, 3))
        .isEqualTo(new Calibration.Timed(0.5, "/opt/gcc/bin/gcc", true));
  }

  @Test
  void runsWithoutAClockAreTimedHereOverTheWholeExec() {
    assertThat(Calibration.parse("compiler /usr/bin/cc\nrun - -\nrun - -\n", 2.4))
        .isEqualTo(new Calibration.Timed(1.2, "/usr/bin/cc", false));
  }

  @Test
  void anErrorLineIsTheReason() {
    assertThat(Calibration.parse("compiler /usr/bin/cc\nerror /usr/bin/cc failed: x\n", 1))
        .isEqualTo(new Calibration.Failed("/usr/bin/cc failed: x"));
  }

  @Test
  void garbageIsAFailureThatQuotesIt() {
    assertThat(Calibration.parse("sh: 1: Syntax error: \"(\" unexpected\n", 1))
        .isEqualTo(
            new Calibration.Failed("no calibration output: sh: 1: Syntax error: \"(\" unexpected"));
    assertThat(Calibration.parse("", 1)).isEqualTo(new Calibration.Failed("no calibration output"));
  }

  @Test
  void aClockThatRunsBackwardsIsNotBelieved() {
    assertThat(Calibration.parse("compiler /usr/bin/cc\nrun 10.0 9.0\n", 0.7))
        .isEqualTo(new Calibration.Timed(0.7, "/usr/bin/cc", false));
  }
}
