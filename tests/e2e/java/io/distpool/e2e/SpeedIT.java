package io.distpool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host speeds measured by a calibration compile over real ssh, kept across restarts, measured again
 * on request; and this machine as a candidate for jobs.
 */
@Timeout(300)
class SpeedIT {
  @TempDir Path tmp;

  @Test
  void hostsWithoutASpeedAreCalibratedOnceAndRememberedAcrossRestarts() throws Exception {
    try (Farm farm = Farm.start(tmp.resolve("farm"), 2)) {
      String port = "    port: " + farm.host("h2").port + "\n";
      farm.writeInventory(farm.inventoryText(farm.hosts).replace(port, port + "    speed: 3.0\n"));
      JsonNode calibrated;
      try (DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory)) {
        calibrated =
            daemon.await(
                Duration.ofSeconds(60),
                status ->
                    host(status, "h1").path("calibration_seconds").isNumber()
                        && host(status, "h2").path("calibration_seconds").isNumber());

        JsonNode h1 = host(calibrated, "h1");
        assertThat(h1.get("speed_source").asText()).isEqualTo("calibrated");
        assertThat(h1.get("calibration_seconds").asDouble()).isBetween(0.01, 60.0);
        // h2's own speed stays as configured; its calibration puts h1 on the same scale.
        JsonNode h2 = host(calibrated, "h2");
        assertThat(h2.get("speed_source").asText()).isEqualTo("hosts.yaml");
        assertThat(h2.get("speed").asDouble()).isEqualTo(3.0);
        double expected =
            3.0
                * h2.get("calibration_seconds").asDouble()
                / h1.get("calibration_seconds").asDouble();
        assertThat(h1.get("speed").asDouble())
            .isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(60));
      }
      Path speeds = tmp.resolve("state/distpool/speeds.json");
      assertThat(speeds).exists();
      assertThat(Files.readString(speeds)).contains("\"name\" : \"h1\"");

      try (DaemonProcess again = DaemonProcess.start(tmp, farm.inventory)) {
        JsonNode restarted = again.await(Duration.ofSeconds(30), DaemonProcess.allUp(2));

        assertThat(host(restarted, "h1").get("speed_source").asText()).isEqualTo("calibrated");
        assertThat(host(restarted, "h1").get("speed").asDouble())
            .isEqualTo(host(calibrated, "h1").get("speed").asDouble());
        Thread.sleep(3000); // a few polls: no host is calibrated again by itself
        assertThat(calibrations(again, "h1")).isEqualTo(1);

        Run.Result refresh = again.cli("refresh", "--calibrate", "h1");

        assertThat(refresh.exitCode()).as(refresh.toString()).isZero();
        assertThat(refresh.stdout()).contains("probed and calibrated 1 host(s)");
        assertThat(calibrations(again, "h1")).isEqualTo(2);
        assertThat(again.host("h1").get("calibration_seconds").isNumber()).isTrue();
      }
    }
  }

  @Test
  void aJobGoesToThisMachineWhenItWouldFinishSoonerThanOnTheFarm() throws Exception {
    try (Farm farm = Farm.start(tmp.resolve("farm"), 1)) {
      // A host a hundred times slower than this machine; this machine may take two jobs.
      String yaml =
          farm.inventoryText(farm.hosts, "speed: 0.01")
              .replace("local:\n  slots: 0\n", "local:\n  slots: 2\n  speed: 1.0\n");
      farm.writeInventory(yaml);
      try (DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory)) {
        daemon.await(
            Duration.ofSeconds(30),
            status ->
                status.path("local").path("cpus").isNumber()
                    && DaemonProcess.allUp(1).test(status));
        Run.Result here = gethostUntilLocal(daemon);

        assertThat(here.exitCode()).isZero();
        assertThat(here.stderr()).startsWith("gethost: local: faster here: about");

        farm.writeInventory(yaml.replace("local:\n  slots: 2\n", "local:\n  slots: 0\n"));
        daemon.await(
            Duration.ofSeconds(10), status -> status.path("local").path("slots").asInt() == 0);
        Run.Result remote = gethost(daemon);

        assertThat(remote.stderr()).startsWith("gethost: h1 (DISTCC_HOSTS=@h1");
        assertThat(daemon.cli("status").stdout())
            .contains("this machine: never chosen for jobs (local: slots: 0)");
      }
    }
  }

  private static Run.Result gethost(DaemonProcess daemon) throws Exception {
    return Run.run(
        Path.of("."),
        daemon.env,
        Duration.ofSeconds(30),
        List.of(Repo.gethost().toString(), "-v", "--wait", "5", "true"));
  }

  /**
   * The daemon compiles here only with a spare core: on a machine that other work keeps busy, asks
   * again after its next probes of this machine (every 5 s), for a minute at most.
   */
  private static Run.Result gethostUntilLocal(DaemonProcess daemon) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Run.Result result = gethost(daemon);
    while (!result.stderr().startsWith("gethost: local:") && System.nanoTime() < deadline) {
      Thread.sleep(2000);
      result = gethost(daemon);
    }
    return result;
  }

  private static int calibrations(DaemonProcess daemon, String name) throws Exception {
    Matcher m =
        Pattern.compile("calibration of " + Pattern.quote(name) + ": ")
            .matcher(Files.readString(daemon.log));
    int count = 0;
    while (m.find()) {
      count++;
    }
    return count;
  }

  private static JsonNode host(JsonNode status, String name) {
    for (JsonNode host : status.get("hosts")) {
      if (host.get("name").asText().equals(name)) {
        return host;
      }
    }
    throw new AssertionError("no host " + name + " in " + status);
  }
}
