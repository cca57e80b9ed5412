package io.distpool.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The probe's cpus line: whichever of nproc, getconf, psrinfo or sysctl answered first. */
class CpuCountParserTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "'nproc 16', 16",
    "'getconf 8', 8",
    "'psrinfo 64', 64",
    "'sysctl 10', 10",
    "'  nproc   4  ', 4",
    "'nproc 1', 1",
    "'nproc 65536', 65536",
  })
  void readsTheCountOfTheSourceThatAnswered(String line, int cpus) {
    assertThat(CpuCountParser.parse(line)).hasValue(cpus);
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "",
        "nproc",
        "16",
        "nproc 0",
        "nproc -4",
        "nproc 4.5",
        "nproc many",
        "nproc 65537",
        "nproc 99999999999",
        "lscpu 8",
        "getconf undefined",
        "nproc 8 extra",
      })
  void givesNothingForAnythingElse(String line) {
    assertThat(CpuCountParser.parse(line)).isEmpty();
  }
}
