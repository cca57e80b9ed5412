package io.distpool.pool;

import java.util.ArrayList;
import java.util.List;

/**
 * Turning a calibration compile's time into a speed, and calibrated speeds onto the scale of the
 * speeds hosts.yaml gives.
 */
final class Speeds {
  /**
   * Seconds a core of speed 1.0 takes for the calibration compile: about a 2020s x86-64 server core
   * with gcc 12 ({@code distpool status} shows every host's, to set {@code speed:} by).
   */
  static final double REFERENCE_SECONDS = 0.5;

  private Speeds() {}

  /**
   * The speed of a core that compiled the calibration file in {@code seconds} while getting only
   * {@code share} of a core (others' load), in calibration units.
   */
  static double fromCalibration(double seconds, double share) {
    double idleSeconds = seconds * Math.max(0.05, Math.min(1.0, share));
    return REFERENCE_SECONDS / Math.max(1e-3, idleSeconds);
  }

  /** The share of a core a new job gets next to {@code busy} runnable tasks on {@code cpus}. */
  static double share(double busy, double cpus) {
    return Math.min(1.0, (cpus > 0 ? cpus : 1) / (busy + 1));
  }

  /**
   * The factor from calibration units to hosts.yaml's: the median ratio of configured to calibrated
   * speed over hosts that have both; 1.0 when none has.
   */
  static double scale(List<double[]> configuredAndCalibrated) {
    List<Double> ratios = new ArrayList<>();
    for (double[] pair : configuredAndCalibrated) {
      if (pair[1] > 0 && !Double.isNaN(pair[1])) {
        ratios.add(pair[0] / pair[1]);
      }
    }
    if (ratios.isEmpty()) {
      return 1.0;
    }
    ratios.sort(null);
    int n = ratios.size();
    return n % 2 == 1 ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2;
  }
}
