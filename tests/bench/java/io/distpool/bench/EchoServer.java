package io.distpool.bench;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * The baseline: a one-thread selector server on a Unix socket that answers every line with a fixed
 * GRANT and does nothing else. The daemon cannot beat it; the ratio shows what the scheduling adds.
 * Usage: {@code EchoServer SOCKET}.
 */
public final class EchoServer {
  private static final byte[] ANSWER =
      "GRANT host=h1 hosts=@h1/64 ssh=/tmp/ssh\n".getBytes(StandardCharsets.UTF_8);

  private EchoServer() {}

  public static void main(String[] args) throws Exception {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(Path.of(args[0])), 4096);
    server.configureBlocking(false);
    Selector selector = Selector.open();
    server.register(selector, SelectionKey.OP_ACCEPT);
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    while (true) {
      selector.select();
      Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
      while (keys.hasNext()) {
        SelectionKey key = keys.next();
        keys.remove();
        if (key.isAcceptable()) {
          SocketChannel client;
          while ((client = server.accept()) != null) {
            client.configureBlocking(false);
            client.register(selector, SelectionKey.OP_READ);
          }
        } else if (key.isReadable()) {
          SocketChannel client = (SocketChannel) key.channel();
          buffer.clear();
          int n;
          try {
            n = client.read(buffer);
          } catch (java.io.IOException e) {
            n = -1;
          }
          if (n < 0) {
            key.cancel();
            client.close();
          } else if (n > 0 && buffer.get(n - 1) == '\n' && buffer.get(0) == 'L') {
            client.write(ByteBuffer.wrap(ANSWER));
          }
        }
      }
    }
  }
}
