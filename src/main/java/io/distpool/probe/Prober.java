package io.distpool.probe;

import io.distpool.inventory.Host;

/**
 * Finds out what a host is doing right now.
 *
 * <p>Thread safety: implementations must allow concurrent calls for different hosts; calls for the
 * same host are never concurrent (each host has one poll loop). {@link #probe} never throws for
 * anything the host does: every failure becomes a {@link ProbeResult}. It returns within about
 * {@link Host#pollTimeout()} plus connection set-up.
 */
public interface Prober extends AutoCloseable {

  ProbeResult probe(Host host) throws InterruptedException;

  /**
   * Times the calibration compile on the host (see {@link Calibration}); takes a few seconds. Like
   * {@link #probe}, never throws for anything the host does.
   */
  default Calibration calibrate(Host host) throws InterruptedException {
    return new Calibration.Failed("this prober cannot calibrate");
  }

  /**
   * Forgets what the prober keeps of the host's software (its compilers), so that the next probe
   * asks again: {@code distpool refresh} after a compiler was installed.
   */
  default void recheck(String hostName) {}

  /** Drops whatever the prober keeps for the host, such as an open connection. */
  void forget(String hostName);

  /** Drops everything; later probes may reconnect. */
  @Override
  void close();
}
