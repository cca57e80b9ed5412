package io.distpool.daemon;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One client connection. Lines can be sent from any thread; the server's selector thread does the
 * actual writing. A lease request's state lives in {@link #session}.
 */
final class Connection {
  final long id;
  final SocketChannel channel;
  final ByteArrayOutputStream input = new ByteArrayOutputStream();
  final ArrayDeque<ByteBuffer> output = new ArrayDeque<>();
  final Queue<ByteBuffer> outbox = new ConcurrentLinkedQueue<>();
  final LeaseSession session = new LeaseSession();
  private final SocketServer server;
  volatile boolean closeAfterWrite;

  Connection(long id, SocketChannel channel, SocketServer server) {
    this.id = id;
    this.channel = channel;
    this.server = server;
  }

  /** Queues a line for the client. Thread-safe; never blocks. */
  void send(String line) {
    outbox.add(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
    server.wakeFor(this);
  }

  /** Sends a last line, then closes. Thread-safe. */
  void sendAndClose(String line) {
    closeAfterWrite = true;
    send(line);
  }

  @Override
  public String toString() {
    return "client#" + id;
  }
}
