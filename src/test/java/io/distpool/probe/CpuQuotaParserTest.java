package io.distpool.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe's cpuquota section: cgroup v1 and v2 limits along the path to the root. */
class CpuQuotaParserTest {
  private final List<String> unreadable = new ArrayList<>();

  @Test
  void aV2LimitIsItsQuotaOverItsPeriod() {
    assertThat(parse("cpu.max 25000 100000").getAsDouble()).isCloseTo(0.25, within(1e-9));
  }

  @Test
  void aV1LimitIsItsQuotaOverItsPeriod() {
    assertThat(parse("cfs 150000 100000").getAsDouble()).isCloseTo(1.5, within(1e-9));
  }

  @Test
  void theTightestLimitOnThePathBinds() {
    assertThat(parse("cfs -1 100000", "cfs 50000 100000", "cfs 200000 100000").getAsDouble())
        .isCloseTo(0.5, within(1e-9));
  }

  @Test
  void noLimitAnywhereMeansNoQuota() {
    assertThat(parse("cpu.max max 100000", "cfs -1 100000")).isEmpty();
    assertThat(unreadable).isEmpty();
  }

  @Test
  void anEmptySectionMeansNoQuota() {
    assertThat(parse()).isEmpty();
  }

  @Test
  void garbageIsKeptForStatusAndIgnored() {
    assertThat(
            parse("cpu.max lots 100000", "cfs 0 100000", "weird line", "cfs 50000 100000")
                .getAsDouble())
        .isCloseTo(0.5, within(1e-9));
    assertThat(unreadable).containsExactly("cpu.max lots 100000", "cfs 0 100000", "weird line");
  }

  @Test
  void theReportUsesTheQuotaWhereItIsBelowTheCpuCount() {
    HostReport quarter = HostReport.of(2, 0.0).withCpuQuota(0.25);
    HostReport generous = HostReport.of(2, 0.0).withCpuQuota(8);

    assertThat(quarter.usableCpus().getAsDouble()).isEqualTo(0.25);
    assertThat(generous.usableCpus().getAsDouble()).isEqualTo(2.0);
    assertThat(HostReport.of(2, 0.0).usableCpus().getAsDouble()).isEqualTo(2.0);
  }

  @Test
  void theWholeProbeOutputCarriesTheQuota() {
    HostReport report =
        ReportParser.parse(
            String.join(
                "\n",
                "@@distpool-probe 1",
                "@@uname",
                "Linux",
                "6.1.0",
                "x86_64",
                "@@cpus",
                "nproc 2",
                "@@cpuquota",
                "cfs 25000 100000",
                "cfs -1 100000",
                "@@loadavg",
                "0.10 0.20 0.30 1/100 123",
                "@@end"));

    assertThat(report.cpuQuota().getAsDouble()).isEqualTo(0.25);
    assertThat(report.cpus().getAsInt()).isEqualTo(2);
    assertThat(report.unparsed()).isEmpty();
  }

  private java.util.OptionalDouble parse(String... lines) {
    return CpuQuotaParser.parse(List.of(lines), unreadable::add);
  }
}
