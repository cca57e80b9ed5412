package io.distpool.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The client end of a connection to the daemon: whole lines out, whole lines in, every read with a
 * deadline so a stuck daemon can never hang the caller. Not thread-safe.
 */
public final class LineChannel implements AutoCloseable {
  private final SocketChannel channel;
  private final Selector selector;
  private final ByteBuffer buffer = ByteBuffer.allocate(8192);
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  private LineChannel(SocketChannel channel, Selector selector) {
    this.channel = channel;
    this.selector = selector;
  }

  /** How long a connect may take when the daemon's backlog is full. */
  static final Duration CONNECT_LIMIT = Duration.ofSeconds(2);

  /**
   * Connects to the daemon's socket; fails at once when nobody listens, and within {@link
   * #CONNECT_LIMIT} when the daemon is too busy to accept (a blocking connect would wait forever).
   */
  public static LineChannel connect(Path socket) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.configureBlocking(false);
      Selector selector = Selector.open();
      if (!channel.connect(UnixDomainSocketAddress.of(socket))) {
        channel.register(selector, SelectionKey.OP_CONNECT);
        if (selector.select(CONNECT_LIMIT.toMillis()) == 0 || !channel.finishConnect()) {
          selector.close();
          throw new java.net.SocketTimeoutException(
              "the daemon did not accept within " + CONNECT_LIMIT.toMillis() + " ms");
        }
        selector.selectedKeys().clear();
      }
      channel.register(selector, SelectionKey.OP_READ);
      return new LineChannel(channel, selector);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  public void send(String line) throws IOException {
    ByteBuffer out = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    while (out.hasRemaining()) {
      if (channel.write(out) == 0) {
        Thread.onSpinWait();
      }
    }
  }

  /**
   * The next line without its newline.
   *
   * @throws java.net.SocketTimeoutException when none arrives within {@code timeout}
   * @throws java.io.EOFException when the daemon closed the connection
   */
  public String readLine(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = takeLine();
      if (line != null) {
        return line;
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new java.net.SocketTimeoutException("no answer within " + timeout.toMillis() + " ms");
      }
      selector.select(left);
      selector.selectedKeys().clear();
      buffer.clear();
      int read = channel.read(buffer);
      if (read < 0) {
        throw new java.io.EOFException("the daemon closed the connection");
      }
      buffer.flip();
      pending.write(buffer.array(), 0, buffer.limit());
      if (pending.size() > Codec.MAX_LINE) {
        throw new ProtocolException("answer longer than " + Codec.MAX_LINE + " bytes");
      }
    }
  }

  /** Blocks until the daemon closes its end (used by {@code stop}), at most {@code timeout}. */
  public boolean awaitClose(Duration timeout) throws IOException {
    try {
      while (true) {
        readLine(timeout);
      }
    } catch (java.io.EOFException e) {
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    }
  }

  private String takeLine() {
    byte[] bytes = pending.toByteArray();
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        String line = new String(bytes, 0, i, StandardCharsets.UTF_8);
        pending.reset();
        pending.write(bytes, i + 1, bytes.length - i - 1);
        return line;
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    try {
      selector.close();
    } finally {
      channel.close();
    }
  }
}
