package io.distpool.gethost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Who asks for a lease and from which machine, stated in every LEASE as {@code user=} and {@code
 * client=}: a daemon shared over ssh forwards sees every workstation as its own account, so only
 * the client can say. Only that account can reach the daemon's socket, so the daemon takes these as
 * stated.
 *
 * <p>Runs in gethost's short-lived JVM: no lambdas, no {@code InetAddress} (a name lookup could
 * take seconds); the native client reads the same values with getpwuid and gethostname.
 */
final class Caller {
  /** The longest name the daemon accepts, in UTF-8 bytes ({@code Codec.MAX_NAME}). */
  static final int MAX_NAME_BYTES = 128;

  private Caller() {}

  /**
   * {@code $DISTPOOL_USER} (an account that builds for someone else, such as a nightly job), else
   * the login name of the user running gethost, else {@code $USER}, else {@code $LOGNAME}.
   */
  static Optional<String> user(Map<String, String> env) {
    if (usable(env.get("DISTPOOL_USER"))) {
      return Optional.of(env.get("DISTPOOL_USER"));
    }
    // The JVM takes user.name from getpwuid and says "?" when the uid has no passwd entry.
    String name = System.getProperty("user.name");
    if (usable(name) && !name.equals("?")) {
      return Optional.of(name);
    }
    if (usable(env.get("USER"))) {
      return Optional.of(env.get("USER"));
    }
    return usable(env.get("LOGNAME")) ? Optional.of(env.get("LOGNAME")) : Optional.empty();
  }

  /** This machine's host name as the kernel has it (gethostname(2)), else {@code $HOSTNAME}. */
  static Optional<String> host(Map<String, String> env) {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
      if (usable(name)) {
        return Optional.of(name);
      }
    } catch (IOException | RuntimeException e) {
      // No /proc (BSD, macOS, Solaris): the native client is the one built there anyway.
    }
    String fromEnv = env.get("HOSTNAME");
    return usable(fromEnv) ? Optional.of(fromEnv) : Optional.empty();
  }

  /** A name the daemon accepts: 1 to 128 bytes, no control characters; else it is left out. */
  static boolean usable(String name) {
    if (name == null
        || name.isEmpty()
        || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
