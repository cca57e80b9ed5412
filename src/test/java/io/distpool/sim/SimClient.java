package io.distpool.sim;

/**
 * The machine running make: it preprocesses every job, and compiles the ones kept local.
 *
 * @param cores CPUs' worth of capacity (0.5 = half a core, like a laptop offloading to a farm)
 * @param speed work units per second per core
 * @param jobs make's {@code -j}
 * @param perJobCpu client CPU seconds each remote job costs besides preprocessing (ssh, gethost)
 */
record SimClient(double cores, double speed, int jobs, double perJobCpu) {
  SimClient {
    if (!(cores > 0) || !(speed > 0) || jobs < 1 || perJobCpu < 0) {
      throw new IllegalArgumentException("bad client");
    }
  }
}
