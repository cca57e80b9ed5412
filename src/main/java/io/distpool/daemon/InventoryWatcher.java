package io.distpool.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices edits of hosts.yaml by comparing its bytes every {@link #PERIOD}: cheap for a small file,
 * and immune to coarse mtimes, editors that replace the file, and symlink swaps. Each change is
 * handed to the reload callback, which decides whether it is valid.
 */
final class InventoryWatcher implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(InventoryWatcher.class);
  static final Duration PERIOD = Duration.ofSeconds(1);

  /** Applies the file as it is now. */
  interface Reload {
    void changed();
  }

  private final Path file;
  private final Reload reload;
  private volatile boolean running = true;
  private byte[] seen;

  InventoryWatcher(Path file, Reload reload) {
    this.file = file;
    this.reload = reload;
    this.seen = read();
  }

  @Override
  public void run() {
    while (running) {
      try {
        Thread.sleep(PERIOD.toMillis());
        if (!running) {
          return;
        }
        byte[] now = read();
        if (!Arrays.equals(now, seen)) {
          seen = now;
          reload.changed();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("watching {} failed; will look again", file, e);
      }
    }
  }

  /** Marks the current content as seen, after a reload made by other means (SIGHUP, RELOAD). */
  void seenNow() {
    seen = read();
  }

  private byte[] read() {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      log.debug("cannot read {}: {}", file, e.toString());
      return null;
    }
  }

  void stop() {
    running = false;
  }
}
