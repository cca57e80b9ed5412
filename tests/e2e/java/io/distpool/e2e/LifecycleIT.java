package io.distpool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code distpool start} and {@code stop} as a user runs them. */
@Timeout(120)
class LifecycleIT {
  @TempDir Path tmp;

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("DISTPOOL_SOCKET", tmp.resolve("run/socket").toString());
    env.put("DISTPOOL_HOSTS", tmp.resolve("hosts.yaml").toString());
    env.put("XDG_STATE_HOME", tmp.resolve("state").toString());
    return env;
  }

  private Run.Result distpool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Repo.distpool().toString()));
    command.addAll(List.of(args));
    return Run.run(tmp, env(), Duration.ofSeconds(60), command);
  }

  @Test
  void startDetachesWithALogAndStopEndsItCleanly() throws Exception {
    Run.Result start = distpool("start");

    assertThat(start.exitCode()).as(start.toString()).isZero();
    assertThat(start.stdout())
        .contains("distpool daemon started")
        .contains(tmp.resolve("state/distpool/daemon.log").toString());
    assertThat(distpool("start").stdout()).contains("already running");
    Run.Result status = distpool("status");
    assertThat(status.stdout()).contains("No inventory at " + tmp.resolve("hosts.yaml"));
    assertThat(Files.readString(tmp.resolve("state/distpool/daemon.log")))
        .contains("listening on " + tmp.resolve("run/socket"));

    Run.Result stop = distpool("stop");

    assertThat(stop.exitCode()).isZero();
    assertThat(stop.stdout()).isEqualTo("distpool daemon stopped\n");
    assertThat(tmp.resolve("run/socket")).doesNotExist();
    assertThat(distpool("status").exitCode()).isEqualTo(1);
  }

  @Test
  void startWithABrokenInventoryFailsWithTheProblemsFromTheLog() throws Exception {
    Files.writeString(tmp.resolve("hosts.yaml"), "hosts:\n  - nmae: x\n");

    Run.Result start = distpool("start");

    assertThat(start.exitCode()).isEqualTo(2);
    assertThat(start.stderr())
        .contains("the daemon did not start")
        .contains("hosts[0].nmae: unknown key 'nmae'; did you mean 'name'?");
    assertThat(tmp.resolve("run/socket")).doesNotExist();
  }

  @Test
  void reloadAppliesAnEditAtOnce() throws Exception {
    Files.writeString(tmp.resolve("hosts.yaml"), "hosts: []\n");
    assertThat(distpool("start").exitCode()).isZero();
    try {
      Files.writeString(
          tmp.resolve("hosts.yaml"), "hosts:\n  - name: a\n    address: 127.0.0.1\n    port: 1\n");

      Run.Result reload = distpool("reload");

      assertThat(reload.exitCode()).isZero();
      assertThat(reload.stdout()).contains("loaded 1 host(s)");
      assertThat(distpool("status", "--json").stdout()).contains("\"name\":\"a\"");
    } finally {
      distpool("stop");
    }
  }
}
