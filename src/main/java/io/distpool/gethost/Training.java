package io.distpool.gethost;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * The run scripts/gethost makes once to build a class-data archive: a whole lease against a
 * stand-in daemon on a private socket, so the archive holds every class a real compile loads.
 * Started with {@code DISTPOOL_GETHOST_TRAINING=1}; never part of a real build.
 */
final class Training {
  private Training() {}

  static void exercise() throws IOException, InterruptedException {
    Path dir =
        Files.createTempDirectory(
            "gethost-training",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path socket = dir.resolve("socket");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Thread daemon = new Thread(() -> answer(server), "training-daemon");
      daemon.setDaemon(true);
      daemon.start();
      List<String> compile = List.of("distcc", "gcc", "-O2", "-c", "x.c", "-o", "x.o");
      CompileClassifier.Scan job = CompileClassifier.classify(compile);
      try (LeaseClient client = new LeaseClient()) {
        java.util.Map<String, String> env = System.getenv();
        Placement placement =
            client.lease(
                socket,
                new io.distpool.protocol.Request.Lease(
                    Duration.ofSeconds(1),
                    java.util.Optional.empty(),
                    List.of(),
                    Caller.user(env),
                    Caller.host(env)));
        // As a compile on a build host by a gcc that takes -fdirectives-only goes.
        DirectivesOnly.applies(
            placement,
            compile,
            job.source(),
            java.util.Optional.of(
                new CompilerIdentity.Identified(
                    new io.distpool.protocol.Request.Compiler("gcc", "x86_64-linux-gnu", "12"),
                    true)),
            env);
        DirectivesOnly.insert(compile);
        int status = ChildProcess.run(List.of("true"), placement.environment());
        client.reportDone(status, Duration.ofMillis(1));
      }
      daemon.join(1000);
    } finally {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }

  private static void answer(ServerSocketChannel server) {
    try (SocketChannel client = server.accept()) {
      client.read(ByteBuffer.allocate(512));
      client.write(
          ByteBuffer.wrap(
              "GRANT host=h1 hosts=@h1/64 ssh=/bin/true\n".getBytes(StandardCharsets.US_ASCII)));
      client.read(ByteBuffer.allocate(512));
    } catch (IOException e) {
      // Training only: a failed exchange just leaves fewer classes in the archive.
    }
  }
}
