package io.distpool.daemon;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's Unix-domain socket: one selector thread serves every client, reading lines and
 * writing whatever other threads queued. A client that misbehaves is dropped; the loop goes on.
 *
 * <p>A client's connection closing, for any reason including the client being killed, is reported
 * to the handler at once, which is what frees a lease.
 */
final class SocketServer implements Runnable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SocketServer.class);
  static final int MAX_REQUEST = 64 * 1024;

  private final ServerSocketChannel server;
  private final Selector selector;
  private final ConnectionHandler handler;
  private final Queue<Connection> ready = new ConcurrentLinkedQueue<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocate(16 * 1024);
  private volatile boolean running = true;
  private long nextId = 1;

  private SocketServer(ServerSocketChannel server, Selector selector, ConnectionHandler handler) {
    this.server = server;
    this.selector = selector;
    this.handler = handler;
  }

  /** Binds {@code socket}, which must not exist. */
  static SocketServer bind(Path socket, ConnectionHandler handler) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket), 1024);
      server.configureBlocking(false);
      Selector selector = Selector.open();
      server.register(selector, SelectionKey.OP_ACCEPT);
      return new SocketServer(server, selector, handler);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  void wakeFor(Connection connection) {
    ready.add(connection);
    selector.wakeup();
  }

  @Override
  public void run() {
    while (running) {
      try {
        selector.select();
        flushReady();
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          serve(key);
        }
      } catch (ClosedSelectorException e) {
        break;
      } catch (IOException | RuntimeException e) {
        log.error("socket loop error; continuing", e);
      } catch (LinkageError e) {
        // A class that cannot be loaded now: almost always distpool's jar replaced under the
        // running daemon. Keep serving what still works, and say how to recover.
        log.error(
            "cannot load {}; was distpool reinstalled while the daemon ran? restart it "
                + "(distpool stop; distpool start)",
            e.getMessage(),
            e);
      }
    }
    closeAll();
  }

  private void serve(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    if (key.isAcceptable()) {
      accept();
      return;
    }
    Connection connection = (Connection) key.attachment();
    try {
      if (key.isReadable()) {
        read(key, connection);
      }
      if (key.isValid() && key.isWritable()) {
        write(key, connection);
      }
    } catch (IOException | RuntimeException | LinkageError e) {
      log.debug("dropping {}: {}", connection, e.toString());
      drop(key, connection);
    }
  }

  private void accept() {
    try {
      SocketChannel channel;
      while ((channel = server.accept()) != null) {
        channel.configureBlocking(false);
        Connection connection = new Connection(nextId++, channel, this);
        channel.register(selector, SelectionKey.OP_READ, connection);
      }
    } catch (IOException e) {
      log.warn("accept failed: {}", e.toString());
    }
  }

  private void read(SelectionKey key, Connection connection) throws IOException {
    readBuffer.clear();
    int n = connection.channel.read(readBuffer);
    if (n < 0) {
      drop(key, connection);
      return;
    }
    byte[] bytes = readBuffer.array();
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (bytes[i] == '\n') {
        connection.input.write(bytes, start, i - start);
        String line = connection.input.toString(StandardCharsets.UTF_8);
        connection.input.reset();
        start = i + 1;
        handler.line(connection, line);
      }
    }
    connection.input.write(bytes, start, n - start);
    if (connection.input.size() > MAX_REQUEST) {
      throw new IOException("request longer than " + MAX_REQUEST + " bytes");
    }
  }

  private void flushReady() {
    Connection connection;
    while ((connection = ready.poll()) != null) {
      SelectionKey key = connection.channel.keyFor(selector);
      if (key == null || !key.isValid()) {
        continue;
      }
      try {
        write(key, connection);
      } catch (IOException | RuntimeException e) {
        log.debug("dropping {}: {}", connection, e.toString());
        drop(key, connection);
      }
    }
  }

  private void write(SelectionKey key, Connection connection) throws IOException {
    ByteBuffer next;
    while ((next = connection.outbox.poll()) != null) {
      connection.output.add(next);
    }
    while (!connection.output.isEmpty()) {
      ByteBuffer head = connection.output.peek();
      connection.channel.write(head);
      if (head.hasRemaining()) {
        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        return;
      }
      connection.output.poll();
    }
    key.interestOps(SelectionKey.OP_READ);
    if (connection.closeAfterWrite && connection.outbox.isEmpty()) {
      drop(key, connection);
    }
  }

  private void drop(SelectionKey key, Connection connection) {
    key.cancel();
    try {
      connection.channel.close();
    } catch (IOException e) {
      log.debug("closing {}: {}", connection, e.toString());
    }
    try {
      handler.closed(connection);
    } catch (RuntimeException e) {
      log.error("cleaning up {} failed", connection, e);
    }
  }

  /** Stops the loop and closes every connection (which releases their leases). */
  @Override
  public void close() throws IOException {
    running = false;
    selector.wakeup();
  }

  private void closeAll() {
    flushReady(); // last answers, such as STOP's "OK", still go out
    for (SelectionKey key : selector.keys()) {
      if (key.attachment() instanceof Connection) {
        drop(key, (Connection) key.attachment());
      }
    }
    try {
      selector.close();
      server.close();
    } catch (IOException e) {
      log.debug("closing the socket: {}", e.toString());
    }
  }
}
