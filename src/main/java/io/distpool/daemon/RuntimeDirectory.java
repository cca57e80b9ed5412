package io.distpool.daemon;

import io.distpool.protocol.LineChannel;
import io.distpool.protocol.SocketDirectory;
import io.distpool.protocol.SocketPaths;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's private directory: the socket, a lock that makes the daemon a singleton per socket,
 * and the generated ssh files. Created 0700; a directory owned by someone else is refused, one of
 * ours with looser permissions is tightened.
 */
final class RuntimeDirectory implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RuntimeDirectory.class);
  static final String LOCK = "daemon.lock";

  private final Path directory;
  private final Path socket;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private RuntimeDirectory(Path directory, Path socket, FileChannel lockChannel, FileLock lock) {
    this.directory = directory;
    this.socket = socket;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Prepares the directory of {@code socket} and takes the daemon lock.
   *
   * @throws DaemonException when the directory is unsafe or another daemon runs on the socket
   */
  static RuntimeDirectory claim(Path socket) throws IOException {
    String tooLong = SocketPaths.checkLength(socket);
    if (tooLong != null) {
      throw new DaemonException(tooLong);
    }
    Path directory = socket.toAbsolutePath().getParent();
    prepare(directory);
    FileChannel channel =
        FileChannel.open(
            directory.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lock = null; // held by this very process: a daemon started twice in one JVM (tests)
    }
    if (lock == null) {
      channel.close();
      throw new DaemonException(
          "a distpool daemon is already running on " + socket + " (stop it with: distpool stop)");
    }
    RuntimeDirectory claimed = new RuntimeDirectory(directory, socket, channel, lock);
    claimed.removeStaleSocket();
    return claimed;
  }

  private static void prepare(Path directory) throws IOException {
    try {
      if (SocketDirectory.prepare(directory)) {
        log.warn("{} was open to other users; set it to 0700", directory);
      }
    } catch (SocketDirectory.Unsafe e) {
      throw new DaemonException(e.getMessage());
    }
  }

  /** A socket file no daemon answers on is left over from a crash: remove it. */
  private void removeStaleSocket() throws IOException {
    if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (LineChannel probe = LineChannel.connect(socket)) {
      throw new DaemonException("a distpool daemon is already answering on " + socket);
    } catch (DaemonException e) {
      throw e;
    } catch (IOException e) {
      log.info("removing stale socket {} ({})", socket, e.getMessage());
      Files.delete(socket);
    }
  }

  Path directory() {
    return directory;
  }

  Path socket() {
    return socket;
  }

  @Override
  public void close() throws IOException {
    try {
      Files.deleteIfExists(socket);
    } finally {
      lock.release();
      lockChannel.close();
    }
  }
}
