package io.distpool.connect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an OpenSSH stream-local forward from the shared socket to a team's daemon running: starts
 * {@code ssh -N -L}, waits for it to end, and starts it again after a {@link Backoff}. Each start
 * first asks the destination where its daemon's socket is, unless that was given.
 *
 * <p>Thread-safety: {@link #run} runs on one thread; {@link #stop} may be called from any other (a
 * signal handler) at any time.
 */
public final class Forwarder {
  private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

  /** How long {@code distpool socket} on the destination may take, login included. */
  static final Duration QUERY_LIMIT = Duration.ofSeconds(30);

  private final ForwardSpec spec;
  private final Backoff backoff = new Backoff();
  private final ForwardPidFile pidFile;
  private final Object lock = new Object();
  private boolean stopped; // guarded by lock
  private Process current; // guarded by lock

  public Forwarder(ForwardSpec spec) {
    this.spec = spec;
    this.pidFile = new ForwardPidFile(spec.local());
  }

  /**
   * Keeps the forward until {@link #stop}; with {@code once}, returns when the first ssh ends.
   *
   * @return true when stopped, false when {@code once} and ssh ended by itself
   */
  public boolean run(boolean once) throws InterruptedException {
    while (!isStopped()) {
      long started = System.nanoTime();
      String ended = attempt();
      Duration lived = Duration.ofNanos(System.nanoTime() - started);
      if (isStopped()) {
        break;
      }
      if (once) {
        log.warn("forward to {} ended after {} s: {}", spec.destination(), secs(lived), ended);
        return false;
      }
      Duration wait = backoff.after(lived);
      log.warn(
          "forward to {} ended after {} s: {}; connecting again in {} s",
          spec.destination(),
          secs(lived),
          ended,
          wait.toSeconds());
      synchronized (lock) {
        long deadline = System.nanoTime() + wait.toNanos();
        long left;
        while (!stopped && (left = deadline - System.nanoTime()) > 0) {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
      }
    }
    return true;
  }

  /** Ends the forward (ssh gets SIGTERM) and makes {@link #run} return; idempotent. */
  public void stop() {
    synchronized (lock) {
      stopped = true;
      if (current != null) {
        current.destroy();
      }
      lock.notifyAll();
    }
  }

  private boolean isStopped() {
    synchronized (lock) {
      return stopped;
    }
  }

  /** One ssh forward, from asking for the remote socket to ssh's exit; returns why it ended. */
  private String attempt() throws InterruptedException {
    Path remote;
    try {
      remote = spec.remote().isPresent() ? spec.remote().get() : askRemoteSocket();
    } catch (IOException e) {
      return "cannot learn the daemon's socket on " + spec.destination() + ": " + e.getMessage();
    }
    List<String> command = spec.forward(remote);
    try {
      // A leftover file would let gethost connect to nothing; and its absence tells us when
      // ssh has bound the socket, i.e. when the forward is up.
      Files.deleteIfExists(spec.local());
      log.info("connecting to {}: {} -> {}", spec.destination(), spec.local(), remote);
      log.debug("running {}", command);
      Process ssh = start(command, ProcessBuilder.Redirect.DISCARD);
      pidFile.record(ssh.toHandle());
      if (awaitUp(ssh)) {
        log.info("forward up: {} -> {}:{}", spec.local(), spec.destination(), remote);
      }
      int status = ssh.waitFor();
      pidFile.clear();
      return "ssh exited with status " + status;
    } catch (IOException e) {
      return "cannot run " + spec.ssh() + ": " + e.getMessage();
    } finally {
      forget();
    }
  }

  /** Waits until ssh has bound the shared socket (true) or has ended (false). */
  private boolean awaitUp(Process ssh) throws InterruptedException {
    while (!ssh.waitFor(50, TimeUnit.MILLISECONDS)) {
      if (Files.exists(spec.local())) {
        return true;
      }
    }
    return false;
  }

  /** Runs {@code distpool socket} on the destination and returns the path it prints. */
  private Path askRemoteSocket() throws IOException, InterruptedException {
    List<String> command = spec.socketQuery();
    log.debug("running {}", command);
    Process ssh = start(command, ProcessBuilder.Redirect.PIPE);
    try (InputStream out = ssh.getInputStream()) {
      if (!ssh.waitFor(QUERY_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
        ssh.destroyForcibly();
        throw new IOException("'distpool socket' did not answer within " + QUERY_LIMIT);
      }
      String text = new String(out.readNBytes(4096), StandardCharsets.UTF_8).strip();
      int status = ssh.exitValue();
      if (status != 0 || text.isEmpty() || text.contains("\n")) {
        throw new IOException(
            "'distpool socket' exited with status "
                + status
                + (text.isEmpty() ? " and printed nothing" : " printing '" + text + "'")
                + " (is distpool on the remote PATH? else give --remote-socket)");
      }
      try {
        return ForwardSpec.forwardable(Path.of(text));
      } catch (IllegalArgumentException e) {
        throw new IOException(e.getMessage(), e);
      }
    } finally {
      forget();
    }
  }

  /** Starts ssh, unless stopped meanwhile; stdin is /dev/null, stderr is ours (ssh's reasons). */
  private Process start(List<String> command, ProcessBuilder.Redirect stdout) throws IOException {
    synchronized (lock) {
      if (stopped) {
        throw new IOException("stopped");
      }
      current =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(stdout)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      return current;
    }
  }

  private void forget() {
    synchronized (lock) {
      current = null;
    }
  }

  private static String secs(Duration duration) {
    return String.format("%.1f", duration.toMillis() / 1000.0);
  }
}
