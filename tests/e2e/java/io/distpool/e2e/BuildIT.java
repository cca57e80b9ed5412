package io.distpool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real build through real sshd hosts, the real daemon, gethost, distcc and gcc. */
@Timeout(300)
class BuildIT {
  @TempDir Path tmp;

  @Test
  void makeCompilesEveryObjectOnThePoolAndTheProgramRuns() throws Exception {
    String expected = Builds.expectedOutput(tmp.resolve("local"));
    try (Farm farm = Farm.start(tmp.resolve("farm"), 3)) {
      farm.writeInventory(farm.inventoryText(farm.hosts));
      try (DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory)) {
        daemon.await(Duration.ofSeconds(30), DaemonProcess.allUp(3));
        Path src = Builds.copyFixture(tmp.resolve("src"));

        Run.Result build = Builds.make(src, daemon.env, 6, "20");

        assertThat(build.exitCode()).as(build.toString()).isZero();
        assertThat(Run.ok(src, Map.of(), Duration.ofSeconds(10), List.of("./hello")).stdout())
            .isEqualTo(expected);
        assertThat(farm.compilesOnFarm())
            .as(
                "objects compiled by the hosts' distccd\n%s\n%s",
                build, java.nio.file.Files.readString(daemon.log))
            .isEqualTo(Builds.OBJECTS);
        assertThat(farm.hosts.stream().filter(h -> compiles(h) > 0).count())
            .as("hosts that compiled something")
            .isGreaterThanOrEqualTo(2);
        JsonNode after = daemon.status();
        assertThat(after.get("leased").asInt()).isZero();
        assertThat(after.get("waiting").asInt()).isZero();
      }
    }
  }

  private static long compiles(SshdHost host) {
    try {
      return host.compiles();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
