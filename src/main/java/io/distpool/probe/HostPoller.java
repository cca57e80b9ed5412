package io.distpool.probe;

import io.distpool.inventory.Host;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop of one host, on its own thread: probe, report, wait {@code poll_interval} (longer
 * after failures, up to {@link #MAX_BACKOFF}), again. A refresh cuts the wait short.
 *
 * <p>Nothing a host or listener does ends the loop; only {@link #stop()} does.
 */
final class HostPoller implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(HostPoller.class);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

  private final Host host;
  private final Prober prober;
  private final ProbeListener listener;
  private final InstantSource clock;
  private final java.util.function.Predicate<Host> needsCalibration;
  private final Object lock = new Object();
  private boolean wakeRequested;
  private boolean calibrationRequested;
  private boolean stopped;
  private CompletableFuture<Void> nextProbe = new CompletableFuture<>();
  private int failures;

  HostPoller(Host host, Prober prober, ProbeListener listener, InstantSource clock) {
    this(host, prober, listener, clock, h -> false);
  }

  /**
   * A poller that also calibrates the host after a probe that reached it, whenever {@code
   * needsCalibration} says so or a calibration was asked for.
   */
  HostPoller(
      Host host,
      Prober prober,
      ProbeListener listener,
      InstantSource clock,
      java.util.function.Predicate<Host> needsCalibration) {
    this.host = host;
    this.prober = prober;
    this.listener = listener;
    this.clock = clock;
    this.needsCalibration = needsCalibration;
  }

  Host host() {
    return host;
  }

  @Override
  public void run() {
    while (!isStopped()) {
      CompletableFuture<Void> finished;
      synchronized (lock) {
        finished = nextProbe;
        nextProbe = new CompletableFuture<>();
        wakeRequested = false;
      }
      boolean reached = pollOnce();
      boolean calibrate;
      synchronized (lock) {
        calibrate = calibrationRequested;
        calibrationRequested = false;
      }
      if (reached && !isStopped() && (calibrate || needsCalibration.test(host))) {
        calibrateOnce();
      }
      finished.complete(null);
      waitFor(delayAfterPoll());
    }
    synchronized (lock) {
      nextProbe.complete(null);
    }
  }

  /** Probes once and reports it; whether the host answered. */
  private boolean pollOnce() {
    try {
      ProbeResult result = prober.probe(host);
      failures = result instanceof ProbeResult.Reachable ? 0 : failures + 1;
      if (!isStopped()) {
        listener.probed(host, result, clock.instant());
      }
      return result instanceof ProbeResult.Reachable;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
    } catch (RuntimeException e) {
      failures++;
      log.error("poll of {} failed; will retry", host.name(), e);
    }
    return false;
  }

  private void calibrateOnce() {
    try {
      Calibration result = prober.calibrate(host);
      log.info("calibration of {}: {}", host.name(), result.describe());
      if (!isStopped()) {
        listener.calibrated(host, result, clock.instant());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
    } catch (RuntimeException e) {
      log.error("calibration of {} failed", host.name(), e);
    }
  }

  /** {@code poll_interval}, doubled for each failure in a row, capped. */
  Duration delayAfterPoll() {
    Duration delay = host.pollInterval();
    for (int i = 1; i < failures && delay.compareTo(MAX_BACKOFF) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(MAX_BACKOFF) > 0 && host.pollInterval().compareTo(MAX_BACKOFF) < 0
        ? MAX_BACKOFF
        : delay;
  }

  private void waitFor(Duration delay) {
    long deadline = System.nanoTime() + delay.toNanos();
    synchronized (lock) {
      while (!wakeRequested && !stopped) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          lock.wait(left / 1_000_000, (int) (left % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopped = true;
        }
      }
    }
  }

  /** Probes now; the future completes when that probe has been reported. */
  CompletableFuture<Void> wake() {
    return wake(false);
  }

  /**
   * Probes now, and calibrates after it when {@code calibrate}; the future completes when both have
   * been reported.
   */
  CompletableFuture<Void> wake(boolean calibrate) {
    synchronized (lock) {
      wakeRequested = true;
      calibrationRequested |= calibrate;
      failures = 0;
      lock.notifyAll();
      return nextProbe;
    }
  }

  void stop() {
    synchronized (lock) {
      stopped = true;
      lock.notifyAll();
    }
  }

  private boolean isStopped() {
    synchronized (lock) {
      return stopped;
    }
  }
}
