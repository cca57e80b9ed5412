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
 * <p>The socket's directory is 0700 and the daemon's own (it refuses any other), so every peer is
 * the daemon's own user or root: its owner, or someone who reached the socket through an ssh
 * forward into the daemon's account (a shared daemon's clients all arrive that way). So the user
 * and client machine a LEASE states are taken as they are: only holders of a key that account
 * accepts can send them. A LEASE that states no user is named by the kernel's peer credentials,
 * looked up only then: the lookup reads the user database, which every lease would pay for.
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

  /** Who sent {@code lease} over {@code channel}. */
  Requester identify(SocketChannel channel, Request.Lease lease) {
    String user = lease.user().isPresent() ? lease.user().get() : peerUser(channel).orElse(ownUser);
    return new Requester(user, lease.client().orElse(thisMachine));
  }
}
