package io.distpool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A desktop whose user is at the keyboard gives no slots; an idle one does. */
@Timeout(120)
class DesktopIT {
  @TempDir Path tmp;

  @Test
  void activeConsoleUserMakesADesktopBusyUntilIdle() throws Exception {
    try (Farm farm = Farm.start(tmp.resolve("farm"), 2)) {
      SshdHost desktop = farm.host("h2");
      desktop.fakeWho(
          "alice    tty2         2026-11-25 09:00   .          1100 (tty2)\n"
              + "bob      pts/3        2026-11-25 09:30 00:01        1200 (10.1.2.3)\n");
      farm.writeInventory(farm.inventoryText(farm.hosts, "desktop: true", "desktop_idle: 10m"));
      try (DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory)) {
        daemon.await(Duration.ofSeconds(30), DaemonProcess.hostState("h2", "busy"));
        JsonNode busy = daemon.host("h2");
        assertThat(busy.get("desktop_active").asBoolean()).isTrue();
        assertThat(busy.get("free").asInt()).isZero();
        assertThat(busy.get("error").asText()).contains("desktop in use");
        assertThat(daemon.cli("status").stdout()).contains("in use: alice");

        desktop.fakeWho(
            "alice    tty2         2026-11-25 09:00 00:25        1100 (tty2)\n"
                + "bob      pts/3        2026-11-25 09:30   .          1200 (10.1.2.3)\n");

        daemon.await(Duration.ofSeconds(10), DaemonProcess.hostState("h2", "up"));
        assertThat(daemon.host("h2").get("idle_minutes").asInt()).isEqualTo(25);
      }
    }
  }
}
