package io.distpool.protocol;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Sends one admin request to the daemon and returns its answer. */
public final class DaemonClient {
  private final Path socket;

  public DaemonClient(Path socket) {
    this.socket = socket;
  }

  public Path socket() {
    return socket;
  }

  /**
   * Connects, after checking that the socket's directory is this user's alone.
   *
   * @throws IOException when it is not, or nobody listens
   */
  public LineChannel open() throws IOException {
    String unsafe = SocketDirectory.problem(socket.toAbsolutePath().getParent());
    if (unsafe != null) {
      throw new IOException(unsafe);
    }
    return LineChannel.connect(socket);
  }

  /**
   * One request, one answer.
   *
   * @throws IOException when the daemon is not running or does not answer within {@code timeout}
   */
  public Response call(Request request, Duration timeout) throws IOException {
    try (LineChannel channel = open()) {
      channel.send(Codec.encode(request));
      return Codec.decodeResponse(channel.readLine(timeout));
    }
  }
}
