package io.distpool.gethost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A daemon that answers every lease request as scripted, on a real Unix socket, and records what
 * each client sent and when it hung up. Thread-safe: connections are served on their own threads.
 */
final class FakeDaemon implements AutoCloseable {
  /** What the daemon does after reading a client's first line. */
  interface Answer {
    void respond(SocketChannel channel) throws IOException;
  }

  /** Answers with {@code line} and a newline, then listens for more. */
  static Answer line(String line) {
    return channel ->
        channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
  }

  /** Answers nothing and keeps the connection open. */
  static Answer silence() {
    return channel -> {};
  }

  /** Closes the connection without a word. */
  static Answer hangUp() {
    return SocketChannel::close;
  }

  /** One client connection: the lines it sent, and its end. */
  static final class Connection {
    final List<String> lines = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    /** {@link System#nanoTime()} when the first line arrived. */
    volatile long askedAt;

    boolean closesWithin(Duration limit) throws Exception {
      try {
        closed.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        return true;
      } catch (java.util.concurrent.TimeoutException e) {
        return false;
      }
    }
  }

  final Path socket;
  private final Answer answer;
  private final ServerSocketChannel server;
  private final BlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();
  private final List<SocketChannel> open = new CopyOnWriteArrayList<>();

  private FakeDaemon(Path socket, Answer answer) throws IOException {
    this.socket = socket;
    this.answer = answer;
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Thread acceptor = new Thread(this::acceptLoop, "fake-daemon");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static FakeDaemon start(Path socket, Answer answer) throws IOException {
    return new FakeDaemon(socket, answer);
  }

  /** The next client that connected, waiting at most {@code limit}; null if none did. */
  Connection awaitConnection(Duration limit) throws InterruptedException {
    return accepted.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether any client connected that was not yet taken with {@link #awaitConnection}. */
  boolean hasConnections() {
    return !accepted.isEmpty();
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try {
        SocketChannel channel = server.accept();
        open.add(channel);
        Connection connection = new Connection();
        // Recorded before it is answered: a client that got its answer has been seen.
        accepted.add(connection);
        Thread serve = new Thread(() -> serve(channel, connection), "fake-daemon-connection");
        serve.setDaemon(true);
        serve.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(SocketChannel channel, Connection connection) {
    try (channel) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
      String line = in.readLine();
      if (line != null) {
        connection.askedAt = System.nanoTime();
        connection.lines.add(line);
        answer.respond(channel);
        while (channel.isOpen() && (line = in.readLine()) != null) {
          connection.lines.add(line);
        }
      }
    } catch (IOException e) {
      // The daemon hung up itself, or the test is over: either way the connection has ended.
    } finally {
      connection.closed.complete(null);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (SocketChannel channel : open) {
      channel.close();
    }
  }
}
