package io.distpool.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The real daemon, started the way a user starts it ({@code scripts/distpool daemon}), and the real
 * CLI to look at it.
 */
final class DaemonProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path socket;
  final Path log;
  final Map<String, String> env;
  private final Path workDir;
  private Process process;

  private DaemonProcess(Path workDir, Path socket, Path inventory) {
    this.workDir = workDir;
    this.socket = socket;
    this.log = workDir.resolve("daemon.log");
    Map<String, String> e = new HashMap<>(System.getenv());
    e.put("DISTPOOL_SOCKET", socket.toString());
    e.put("DISTPOOL_HOSTS", inventory.toString());
    e.put("XDG_STATE_HOME", workDir.resolve("state").toString()); // speeds.json, kept per test
    e.remove("SSH_AUTH_SOCK");
    this.env = Map.copyOf(e);
  }

  static DaemonProcess start(Path workDir, Path inventory) throws Exception {
    DaemonProcess daemon = new DaemonProcess(workDir, workDir.resolve("run/socket"), inventory);
    daemon.launch();
    return daemon;
  }

  private void launch() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(Repo.distpool().toString(), "daemon")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().clear();
    builder.environment().putAll(env);
    process = builder.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(socket) && cli("status", "--json").exitCode() == 0) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("daemon exited: " + Files.readString(log));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("daemon did not come up: " + Files.readString(log));
  }

  long pid() {
    return process.pid();
  }

  Run.Result cli(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Repo.distpool().toString());
    command.addAll(List.of(args));
    return Run.run(workDir, env, Duration.ofSeconds(60), command);
  }

  JsonNode status() throws IOException, InterruptedException {
    Run.Result result = cli("status", "--json");
    if (result.exitCode() != 0) {
      throw new AssertionError("status failed: " + result);
    }
    return JSON.readTree(result.stdout());
  }

  JsonNode host(String name) throws IOException, InterruptedException {
    for (JsonNode host : status().get("hosts")) {
      if (host.get("name").asText().equals(name)) {
        return host;
      }
    }
    return null;
  }

  /** Polls status until {@code condition} holds; fails with the last status after {@code limit}. */
  JsonNode await(Duration limit, Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    JsonNode last = status();
    while (!condition.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "condition not met within "
                + limit
                + "; last status: "
                + last.toPrettyString()
                + "\nlog:\n"
                + Files.readString(log));
      }
      Thread.sleep(100);
      last = status();
    }
    return last;
  }

  static Predicate<JsonNode> hostState(String name, String state) {
    return status -> {
      for (JsonNode host : status.get("hosts")) {
        if (host.get("name").asText().equals(name)) {
          return host.get("state").asText().equals(state);
        }
      }
      return false;
    };
  }

  static Predicate<JsonNode> allUp(int count) {
    return status -> {
      int up = 0;
      for (JsonNode host : status.get("hosts")) {
        up += host.get("state").asText().equals("up") ? 1 : 0;
      }
      return up == count;
    };
  }

  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      cli("stop");
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
