package io.distpool.probe;

import io.distpool.inventory.Host;
import java.time.Instant;

/** Receives each probe's result. Called from the host's poll thread; must not block for long. */
@FunctionalInterface
public interface ProbeListener {
  void probed(Host host, ProbeResult result, Instant at);

  /** A calibration of the host ended. */
  default void calibrated(Host host, Calibration result, Instant at) {}
}
