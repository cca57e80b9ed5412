package io.distpool.probe;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Talks to a running ssh-agent over its Unix socket ({@code $SSH_AUTH_SOCK}): lists its keys and
 * has it sign. Private keys never leave the agent.
 *
 * <p>Only the two requests public-key authentication needs are implemented (draft-miller-ssh-agent
 * sections 4.4 and 4.5). Not thread-safe: use one instance per authentication.
 */
final class AgentClient implements AutoCloseable {
  private static final byte REQUEST_IDENTITIES = 11;
  private static final byte IDENTITIES_ANSWER = 12;
  private static final byte SIGN_REQUEST = 13;
  private static final byte SIGN_RESPONSE = 14;
  static final int RSA_SHA2_256 = 2;
  private static final int MAX_MESSAGE = 256 * 1024;

  /** A key the agent holds: its public blob in SSH wire format and its comment. */
  record Identity(byte[] blob, String comment) {
    Identity {
      blob = blob.clone();
    }

    /** The key type named inside the blob, e.g. {@code ssh-ed25519}. */
    String type() {
      ByteBuffer b = ByteBuffer.wrap(blob);
      int length = b.getInt();
      return new String(blob, 4, length, java.nio.charset.StandardCharsets.US_ASCII);
    }
  }

  private final SocketChannel channel;

  private AgentClient(SocketChannel channel) {
    this.channel = channel;
  }

  static AgentClient connect(Path socket) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      channel.close();
      throw new IOException("cannot reach ssh-agent at " + socket + ": " + e.getMessage(), e);
    }
    return new AgentClient(channel);
  }

  List<Identity> identities() throws IOException {
    ByteBuffer answer = call(new byte[] {REQUEST_IDENTITIES}, IDENTITIES_ANSWER);
    int count = answer.getInt();
    if (count < 0 || count > 1000) {
      throw new IOException("ssh-agent sent a bad key count: " + count);
    }
    List<Identity> identities = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] blob = string(answer);
      String comment = new String(string(answer), java.nio.charset.StandardCharsets.UTF_8);
      identities.add(new Identity(blob, comment));
    }
    return identities;
  }

  /** The agent's signature of {@code data}, as the SSH signature blob. */
  byte[] sign(Identity identity, byte[] data, int flags) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(SIGN_REQUEST);
    out.writeInt(identity.blob().length);
    out.write(identity.blob());
    out.writeInt(data.length);
    out.write(data);
    out.writeInt(flags);
    return string(call(bytes.toByteArray(), SIGN_RESPONSE));
  }

  private ByteBuffer call(byte[] message, byte expected) throws IOException {
    ByteBuffer request = ByteBuffer.allocate(4 + message.length);
    request.putInt(message.length).put(message).flip();
    while (request.hasRemaining()) {
      channel.write(request);
    }
    ByteBuffer length = readFully(4);
    int size = length.getInt();
    if (size < 1 || size > MAX_MESSAGE) {
      throw new IOException("ssh-agent sent a message of bad size " + size);
    }
    ByteBuffer reply = readFully(size);
    byte type = reply.get();
    if (type != expected) {
      throw new IOException("ssh-agent refused the request (answer type " + type + ")");
    }
    return reply;
  }

  private ByteBuffer readFully(int size) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(size);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("ssh-agent closed the connection");
      }
    }
    return buffer.flip();
  }

  private static byte[] string(ByteBuffer buffer) throws IOException {
    int length = buffer.getInt();
    if (length < 0 || length > buffer.remaining()) {
      throw new IOException("ssh-agent sent a malformed answer");
    }
    byte[] bytes = new byte[length];
    buffer.get(bytes);
    return bytes;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
