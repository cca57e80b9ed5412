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

  /**
   * Compares user ids where the platform gives them ({@code unix:uid}), since a uid without a
   * passwd entry (common in containers) has no name to compare; else compares names.
   */
  private static boolean ownedByMe(Path directory, PosixFileAttributes attributes) {
    try {
      Object uid = Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      return uid instanceof Integer && ((Integer) uid).longValue() == SocketPaths.uid();
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return attributes.owner().getName().equals(System.getProperty("user.name"));
    }
  }

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
    if (!ownedByMe(directory, attributes)) {
      return directory
          + " belongs to "
          + attributes.owner().getName()
          + ", not to "
          + System.getProperty("user.name")
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

  /**
   * Makes {@code directory} safe to hold a socket, the way the daemon does: created 0700 when
   * missing, tightened to 0700 when it is ours but open to others, refused otherwise.
   *
   * @return true when it had to be tightened (worth a warning)
   * @throws Unsafe when it is not ours or not a directory
   * @throws IOException when it cannot be created
   */
  public static boolean prepare(Path directory) throws IOException {
    if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(directory.getParent());
      Files.createDirectory(
          directory,
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    }
    String problem = problem(directory);
    boolean tightened = false;
    if (problem != null && problem.endsWith("(mode must be 0700)")) {
      Files.setPosixFilePermissions(
          directory,
          java.util.EnumSet.of(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE));
      tightened = true;
      problem = problem(directory);
    }
    if (problem != null) {
      throw new Unsafe(problem);
    }
    return tightened;
  }

  /** A directory that must not hold the socket; the message says why. */
  public static final class Unsafe extends IOException {
    private static final long serialVersionUID = 1L;

    Unsafe(String problem) {
      super(problem);
    }
  }
}
