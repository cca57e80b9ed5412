package io.distpool.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Checks that a socket's directory belongs to this user and nobody else can write or enter it.
 *
 * <p>Both sides check: the daemon before binding, the clients before connecting, since a daemon
 * planted by another user could hand gethost a {@code DISTCC_SSH} of its choosing.
 */
public final class SocketDirectory {
  private SocketDirectory() {}

  /** Null when {@code directory} is safe to use, else what is wrong with it. */
  public static String problem(Path directory) {
    PosixFileAttributes attributes;
    try {
      attributes =
          Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return "cannot examine " + directory + ": " + e.getMessage();
    }
    if (attributes.isSymbolicLink()) {
      return directory + " is a symbolic link; refusing it";
    }
    if (!attributes.isDirectory()) {
      return directory + " is not a directory";
    }
    String me = System.getProperty("user.name");
    if (!attributes.owner().getName().equals(me)) {
      return directory
          + " belongs to "
          + attributes.owner().getName()
          + ", not to "
          + me
          + "; refusing it (use --socket with a directory of your own)";
    }
    Set<PosixFilePermission> open =
        Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    for (PosixFilePermission permission : attributes.permissions()) {
      if (open.contains(permission)) {
        return directory + " is open to other users (mode must be 0700)";
      }
    }
    return null;
  }
}
