package io.distpool.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** This machine, probed and calibrated by the same scripts as any host. */
class LocalProberTest {
  @Test
  void probingThisMachineReadsItsCpusAndLoad() throws Exception {
    HostReport report = new LocalProber().probe();

    assertThat(report.cpus()).hasValue(Runtime.getRuntime().availableProcessors());
    assertThat(report.load1()).isPresent();
    assertThat(report.runQueue()).isPresent();
  }

  @Test
  void calibratingThisMachineTimesTheCompile() throws Exception {
    Calibration result = new LocalProber().calibrate();

    assertThat(result).isInstanceOf(Calibration.Timed.class);
    assertThat(((Calibration.Timed) result).seconds()).isPositive();
  }

  @Test
  void aShellThatCannotRunGivesAnUnknownReportAndAFailedCalibration() throws Exception {
    LocalProber broken = new LocalProber("/nonexistent/sh");

    assertThat(broken.probe()).isEqualTo(HostReport.unknown());
    assertThat(broken.calibrate()).isInstanceOf(Calibration.Failed.class);
  }
}
