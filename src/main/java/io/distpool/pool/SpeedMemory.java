package io.distpool.pool;

import java.util.List;

/**
 * What the scheduler has measured and learned, kept across daemon restarts: each host's calibration
 * and what its jobs taught (NaN where nothing is known), this machine's calibration, and the model
 * of a typical job.
 */
public record SpeedMemory(
    List<HostMemory> hosts, double localCalibrated, double work, double fixed) {
  public SpeedMemory {
    hosts = List.copyOf(hosts);
  }

  /** A host's entry, valid only while it keeps its address and port. */
  public record HostMemory(
      String name,
      String address,
      int port,
      double calibrated,
      double learned,
      double hold,
      int jobs) {}
}
