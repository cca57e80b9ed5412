package io.distpool.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A benchmark server in a JVM of its own, so it does not share a heap or JIT with the clients. */
final class ServerProcess implements AutoCloseable {
  final Path socket;
  private final Process process;

  private ServerProcess(Path socket, Process process) {
    this.socket = socket;
    this.process = process;
  }

  static ServerProcess start(String mainClass, Path socket, String... args) throws Exception {
    Files.deleteIfExists(socket);
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "io.distpool.bench." + mainClass,
                socket.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).inheritIO().start();
    for (int i = 0; i < 200; i++) {
      try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        probe.connect(UnixDomainSocketAddress.of(socket));
        Thread.sleep(300); // let the daemon's first probes land before measuring
        return new ServerProcess(socket, process);
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException(mainClass + " did not start");
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
