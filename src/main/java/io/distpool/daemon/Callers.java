package io.distpool.daemon;

import io.distpool.pool.Requester;
import io.distpool.protocol.Request;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who is on the other end of a connection, for fair shares and {@code status}.
 *
 * <p>The kernel names the peer of a Unix socket (its user). A peer that is not the daemon's own
 * user is that user, whatever it states. A peer that is the daemon's own user is either its owner
 * or someone who reached the socket through an ssh forward into the daemon's account (a shared
 * daemon's clients all arrive that way): then the user and client machine the request states are
 * taken, since only holders of a key that account accepts can send them.
 */
final class Callers {
  private final String ownUser;
  private final String thisMachine;

  Callers(String ownUser, String thisMachine) {
    this.ownUser = ownUser;
    this.thisMachine = thisMachine;
  }

  /** The daemon's user and this machine's name, as the running process sees them. */
  static Callers ofThisProcess() {
    return new Callers(System.getProperty("user.name", "?"), HostName.ofThisMachine());
  }

  String thisMachine() {
    return thisMachine;
  }

  /** The peer's user name, or empty where the platform does not say. */
  static Optional<String> peerUser(SocketChannel channel) {
    try {
      UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
      return Optional.of(peer.user().getName());
    } catch (java.io.IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /** Who sent {@code lease} over a connection whose peer is {@code peerUser}. */
  Requester identify(Optional<String> peerUser, Request.Lease lease) {
    if (peerUser.isPresent() && !peerUser.get().equals(ownUser)) {
      return new Requester(peerUser.get(), thisMachine);
    }
    return new Requester(
        lease.user().orElse(peerUser.orElse(ownUser)), lease.client().orElse(thisMachine));
  }
}
