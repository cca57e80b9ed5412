package io.distpool.daemon;

import io.distpool.protocol.Codec;
import io.distpool.protocol.DaemonClient;
import io.distpool.protocol.LineChannel;
import io.distpool.protocol.Request;
import io.distpool.protocol.Response;
import io.distpool.protocol.StatusJson;
import io.distpool.protocol.StatusReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;

/** A real daemon on a real socket in a temporary directory, with a scripted prober. */
final class TestDaemon implements AutoCloseable {
  final Path dir;
  final Path socket;
  final Path inventory;
  final ScriptedProber prober = new ScriptedProber();
  final Daemon daemon;

  private TestDaemon(Path dir, String hostsYaml) throws IOException {
    this.dir = dir;
    this.socket = dir.resolve("run/socket");
    this.inventory = dir.resolve("hosts.yaml");
    if (hostsYaml != null) {
      Files.writeString(inventory, hostsYaml);
    }
    this.daemon =
        Daemon.start(
            new DaemonSettings(socket, inventory, "/usr/bin/ssh", "test"),
            prober,
            InstantSource.system());
  }

  static TestDaemon start(Path dir, String hostsYaml) throws IOException {
    return new TestDaemon(dir, hostsYaml);
  }

  /** hosts.yaml for hosts named {@code names}, each with {@code slots} slots, probed hourly. */
  static String hosts(int slots, String... names) {
    StringBuilder yaml =
        new StringBuilder(
            "defaults:\n  poll_interval: 1h\n  ssh_multiplex: false\n  slots: "
                + slots
                + "\nhosts:\n");
    for (String name : names) {
      yaml.append("  - name: ").append(name).append("\n    address: 127.0.0.1\n");
    }
    return yaml.toString();
  }

  LineChannel connect() throws IOException {
    return LineChannel.connect(socket);
  }

  /** Opens a connection, asks for a lease and returns the channel with the first answer. */
  Leased lease(Duration wait) throws IOException {
    LineChannel channel = connect();
    channel.send(Codec.encode(new Request.Lease(wait)));
    return new Leased(channel, Codec.decodeResponse(channel.readLine(wait.plusSeconds(5))));
  }

  record Leased(LineChannel channel, Response response) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  StatusReport status() throws IOException {
    Response response = new DaemonClient(socket).call(new Request.Status(), Duration.ofSeconds(5));
    return StatusJson.read(((Response.Status) response).json());
  }

  /** Waits until the daemon's status satisfies {@code condition}. */
  StatusReport await(java.util.function.Predicate<StatusReport> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    StatusReport status = status();
    while (!condition.test(status)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met; status: " + status);
      }
      Thread.sleep(20);
      status = status();
    }
    return status;
  }

  @Override
  public void close() {
    daemon.close();
  }
}
