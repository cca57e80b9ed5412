package io.distpool.protocol;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the daemon's socket is: {@code --socket PATH}, else {@code $DISTPOOL_SOCKET}, else {@code
 * $XDG_RUNTIME_DIR/distpool/socket}, else {@code /tmp/distpool-<uid>/socket}.
 */
public final class SocketPaths {
  /** sun_path holds 104 bytes on the BSDs and macOS, 108 on Linux; keep to the smaller. */
  public static final int MAX_PATH_BYTES = 103;

  private SocketPaths() {}

  public static Path resolve(Optional<Path> option, Map<String, String> env) {
    if (option.isPresent()) {
      return option.get().toAbsolutePath();
    }
    String fromEnv = env.get("DISTPOOL_SOCKET");
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return Path.of(fromEnv).toAbsolutePath();
    }
    String runtime = env.get("XDG_RUNTIME_DIR");
    if (runtime != null && runtime.startsWith("/")) {
      return Path.of(runtime, "distpool", "socket");
    }
    return Path.of("/tmp", "distpool-" + uid(), "socket");
  }

  /** The shared socket's name: the forward {@code distpool connect} keeps to a team's daemon. */
  public static final String SHARED = "shared.socket";

  /**
   * The shared socket that goes with the daemon's own {@code socket}: in the same directory, so
   * that {@code --socket} and {@code $DISTPOOL_SOCKET} move both, and one check covers both.
   */
  public static Path shared(Path socket) {
    return socket.toAbsolutePath().resolveSibling(SHARED);
  }

  /** Null when the path fits in a socket address, else the reason it does not. */
  public static String checkLength(Path socket) {
    int bytes = socket.toString().getBytes(StandardCharsets.UTF_8).length;
    return bytes <= MAX_PATH_BYTES
        ? null
        : "socket path "
            + socket
            + " is "
            + bytes
            + " bytes long; Unix sockets allow "
            + MAX_PATH_BYTES
            + ": choose a shorter --socket or $DISTPOOL_SOCKET";
  }

  static long uid() {
    return new com.sun.security.auth.module.UnixSystem().getUid();
  }
}
