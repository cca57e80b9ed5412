package io.distpool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** hosts.yaml edited while the daemon runs. */
@Timeout(120)
class InventoryIT {
  @TempDir Path tmp;

  @Test
  void addedHostIsProbedAndServedWithinAPollInterval() throws Exception {
    try (Farm farm = Farm.start(tmp.resolve("farm"), 2)) {
      farm.writeInventory(farm.inventoryText(List.of(farm.host("h1"))));
      try (DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory)) {
        daemon.await(Duration.ofSeconds(30), DaemonProcess.allUp(1));

        farm.writeInventory(farm.inventoryText(farm.hosts));

        JsonNode status = daemon.await(Duration.ofSeconds(10), DaemonProcess.allUp(2));
        assertThat(status.get("hosts")).hasSize(2);
        assertThat(status.get("inventory_error").isNull()).isTrue();
      }
    }
  }

  @Test
  void brokenEditIsRefusedAndTheOldInventoryKeepsServing() throws Exception {
    try (Farm farm = Farm.start(tmp.resolve("farm"), 1)) {
      farm.writeInventory(farm.inventoryText(farm.hosts));
      try (DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory)) {
        daemon.await(Duration.ofSeconds(30), DaemonProcess.allUp(1));

        farm.writeInventory(farm.inventoryText(farm.hosts) + "    prot: 22\n");

        JsonNode status =
            daemon.await(Duration.ofSeconds(10), s -> !s.get("inventory_error").isNull());
        assertThat(status.get("inventory_error").asText())
            .contains("hosts.yaml:")
            .contains("unknown key 'prot'; did you mean 'port'?");
        assertThat(status.get("hosts").get(0).get("state").asText()).isEqualTo("up");
        Run.Result lease =
            Run.run(
                tmp,
                daemon.env,
                Duration.ofSeconds(30),
                List.of(Repo.gethost().toString(), "sh", "-c", "echo \"$DISTCC_HOSTS\""));
        assertThat(lease.stdout().trim()).startsWith("@h1/");
        Run.Result table = daemon.cli("status");
        assertThat(table.stdout()).contains("still using the previous version");

        Run.Result reload = daemon.cli("reload");
        assertThat(reload.exitCode()).isEqualTo(2);
        assertThat(reload.stderr()).contains("did you mean 'port'?");
      }
    }
  }

  @Test
  void daemonRefusesToStartOnABrokenInventoryAndSaysWhere() throws Exception {
    try (Farm farm = Farm.start(tmp.resolve("farm"), 1)) {
      farm.writeInventory("hosts:\n  - name: h1\n    port: 70000\n    speed: fast\n");
      java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
      env.put("DISTPOOL_HOSTS", farm.inventory.toString());
      env.put("DISTPOOL_SOCKET", tmp.resolve("run/socket").toString());

      Run.Result result =
          Run.run(tmp, env, Duration.ofSeconds(30), List.of(Repo.distpool().toString(), "daemon"));

      assertThat(result.exitCode()).isEqualTo(2);
      assertThat(result.stderr())
          .contains(farm.inventory + ":3:11: hosts[0].port: 70000 is out of range (1 to 65535)")
          .contains(farm.inventory + ":4:12: hosts[0].speed: expected a number")
          .doesNotContain("Exception");
    }
  }
}
