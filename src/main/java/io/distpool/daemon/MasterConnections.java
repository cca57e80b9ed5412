package io.distpool.daemon;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a lane's shared ssh connection before its first job is granted. Left to the jobs, the first
 * burst of {@code make -j} would race to become master, and every loser prints "ControlSocket ...
 * already exists, disabling multiplexing" into the build's output.
 *
 * <p>At most one start per lane runs at a time; concurrent grants wait for the same one. A start
 * that fails is not retried for {@link #RETRY_AFTER}: the jobs then connect directly, as they would
 * without multiplexing, and report any ssh error themselves. Thread-safe.
 */
final class MasterConnections {
  private static final Logger log = LoggerFactory.getLogger(MasterConnections.class);
  static final Duration START_LIMIT = Duration.ofSeconds(15);
  static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  private final SshConfigFile config;
  private final String sshProgram;
  private final Executor executor;
  private final Map<String, CompletableFuture<Void>> starting = new HashMap<>();
  private final Map<String, Long> failedAt = new HashMap<>();

  MasterConnections(SshConfigFile config, String sshProgram, Executor executor) {
    this.config = config;
    this.sshProgram = sshProgram;
    this.executor = executor;
  }

  /** Completes once lane {@code alias} has a master, or once trying is over. Never fails. */
  synchronized CompletableFuture<Void> ensure(String alias) {
    if (Files.exists(config.muxDirectory().resolve(alias))) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> running = starting.get(alias);
    if (running != null) {
      return running;
    }
    Long failed = failedAt.get(alias);
    if (failed != null && System.nanoTime() - failed < RETRY_AFTER.toNanos()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> start = CompletableFuture.runAsync(() -> start(alias), executor);
    starting.put(alias, start);
    start.whenComplete((ignored, error) -> finished(alias));
    return start;
  }

  private synchronized void finished(String alias) {
    starting.remove(alias);
    if (Files.exists(config.muxDirectory().resolve(alias))) {
      failedAt.remove(alias);
    } else {
      failedAt.put(alias, System.nanoTime());
    }
  }

  /** {@code ssh -fN}: returns once the master listens, then keeps it in the background. */
  private void start(String alias) {
    try {
      Process ssh =
          new ProcessBuilder(
                  sshProgram,
                  "-F",
                  config.config().toString(),
                  "-o",
                  "ControlMaster=yes",
                  "-f",
                  "-N",
                  alias)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null")))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!ssh.waitFor(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        ssh.destroyForcibly();
        log.warn("shared ssh connection to {} did not open within {}", alias, START_LIMIT);
      } else if (ssh.exitValue() != 0) {
        log.warn(
            "shared ssh connection to {} failed (ssh exit {}); jobs connect directly",
            alias,
            ssh.exitValue());
      }
    } catch (IOException e) {
      log.warn("cannot start {} for {}: {}", sshProgram, alias, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
