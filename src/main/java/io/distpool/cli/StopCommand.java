package io.distpool.cli;

import io.distpool.protocol.Codec;
import io.distpool.protocol.LineChannel;
import io.distpool.protocol.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code distpool stop}: asks the daemon to end and waits until it has. */
@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description =
        "Stop the daemon cleanly: running compiles keep going; new ones compile "
            + "locally until it is started again.")
final class StopCommand implements Callable<Integer> {
  static final Duration LIMIT = Duration.ofSeconds(15);

  @ParentCommand DistpoolCommand top;

  @Override
  public Integer call() throws Exception {
    Path socket = top.socketPath();
    try (LineChannel channel = top.client().open()) {
      channel.send(Codec.encode(new Request.Stop()));
      channel.awaitClose(LIMIT);
    } catch (IOException e) {
      top.context.out().println("no distpool daemon running on " + socket);
      return ExitCodes.OK;
    }
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (Files.exists(socket) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    if (Files.exists(socket)) {
      throw new Cli.OperationFailed(
          "the daemon did not stop within "
              + LIMIT.toSeconds()
              + "s; its socket "
              + socket
              + " is still there");
    }
    top.context.out().println("distpool daemon stopped");
    return ExitCodes.OK;
  }
}
