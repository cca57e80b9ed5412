package io.distpool.pool;

import java.util.List;

/**
 * The model of a typical job: it holds a slot for a fixed part (preprocessing on the client, ssh,
 * distccd's one-second poll in inetd mode) plus its compile work over the host's speed.
 *
 * <p>Both parts are learned from how long finished jobs held slots on hosts of known speed: the
 * average hold on each host is a straight line in 1/speed, whose slope is the work and whose
 * intercept is the fixed part. With jobs on only one speed, the work keeps its prior and the fixed
 * part is what is left. Not thread-safe.
 */
final class JobEstimates {
  /** Measured here: distcc's ssh mode costs about 1 s a job before the compiler starts. */
  static final double DEFAULT_REMOTE_OVERHEAD = 1.0;

  static final double DEFAULT_WORK = 2.0;

  private final double remoteOverhead;
  private double work = DEFAULT_WORK;
  private double fixed;

  JobEstimates(double remoteOverhead) {
    this.remoteOverhead = remoteOverhead;
    this.fixed = remoteOverhead;
  }

  /** The part of a remote job that is not compiling (ssh, distccd's poll). */
  double remoteOverhead() {
    return remoteOverhead;
  }

  /** Seconds a job holds a slot apart from compiling: remote overhead plus preprocessing. */
  double fixed() {
    return fixed;
  }

  /** Average compile work in seconds at speed 1.0. */
  double work() {
    return work;
  }

  /** Client-side time of a job (preprocessing, waiting for the client's CPU). */
  double clientSide() {
    return Math.max(0, fixed - remoteOverhead);
  }

  /** Takes back an earlier run's model; values that make no sense are ignored. */
  void restore(double work, double fixed) {
    if (work > 0 && Double.isFinite(work) && fixed >= remoteOverhead && Double.isFinite(fixed)) {
      this.work = work;
      this.fixed = fixed;
    }
  }

  /**
   * Refits the model to {@code points}: for each host with a known speed and finished jobs,
   * {1/speed, average hold, jobs}.
   */
  void fit(List<double[]> points) {
    double weights = 0;
    double sx = 0;
    double sy = 0;
    for (double[] p : points) {
      weights += p[2];
      sx += p[2] * p[0];
      sy += p[2] * p[1];
    }
    if (weights == 0) {
      return;
    }
    double mx = sx / weights;
    double my = sy / weights;
    double sxx = 0;
    double sxy = 0;
    for (double[] p : points) {
      sxx += p[2] * (p[0] - mx) * (p[0] - mx);
      sxy += p[2] * (p[0] - mx) * (p[1] - my);
    }
    if (sxx > 1e-9 && sxy > 0) {
      work = sxy / sxx;
    }
    fixed = Math.max(remoteOverhead, my - work * mx);
  }
}
