package io.distpool.daemon;

import io.distpool.inventory.Inventory;
import io.distpool.pool.Pool;
import io.distpool.probe.Calibration;
import io.distpool.probe.LocalProber;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes this machine every few seconds, as a candidate for jobs that finish sooner here, and
 * calibrates it once (or when asked) unless hosts.yaml says it never compiles by choice.
 */
final class LocalMachineWatch {
  private static final Logger log = LoggerFactory.getLogger(LocalMachineWatch.class);
  static final Duration INTERVAL = Duration.ofSeconds(5);

  private final Pool pool;
  private final LocalProber prober;
  private final Supplier<Inventory> inventory;
  private volatile boolean calibrationRequested;

  LocalMachineWatch(Pool pool, LocalProber prober, Supplier<Inventory> inventory) {
    this.pool = pool;
    this.prober = prober;
    this.inventory = inventory;
  }

  void start(ScheduledExecutorService executor) {
    executor.scheduleWithFixedDelay(
        this::pollQuietly, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Calibrates at the next poll, even if this machine has been calibrated before. */
  void calibrateSoon() {
    calibrationRequested = true;
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("probing this machine failed; will retry", e);
    }
  }

  void poll() throws InterruptedException {
    pool.recordLocal(prober.probe());
    boolean neverHere = inventory.get().local().slots().orElse(1) == 0;
    if (calibrationRequested || (!neverHere && pool.localNeedsCalibration())) {
      calibrationRequested = false;
      Calibration result = prober.calibrate();
      log.info("calibration of this machine: {}", result.describe());
      pool.calibratedLocal(result);
    }
  }
}
