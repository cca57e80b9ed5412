package io.distpool.sim;

/**
 * No schedule can beat this: the largest of (a) all compile and preprocessing work over all the
 * capacity there is (hosts' free cores at their speed, desktops in use left out, plus the client),
 * (b) the client's preprocessing alone, (c) the quickest any single job can be done.
 */
final class LowerBound {
  private LowerBound() {}

  static double of(Scenario s) {
    double work = 0;
    double preprocess = 0;
    double longest = 0;
    for (SimJob job : s.jobs()) {
      work += job.work();
      preprocess += job.preprocess() + s.client().perJobCpu();
      longest = Math.max(longest, quickest(s, job));
    }
    double clientRate = s.client().cores() * s.client().speed();
    double hostRate = 0;
    for (SimHost h : s.hosts()) {
      if (!h.desktopActive()) {
        hostRate += Math.max(0, h.cpus() - h.background()) * h.speed();
      }
    }
    double all = (work + preprocess) / (hostRate + clientRate);
    return Math.max(all, Math.max(preprocess / clientRate, longest));
  }

  private static double quickest(Scenario s, SimJob job) {
    double local =
        (job.preprocess() + job.work()) / (s.client().speed() * Math.min(1, s.client().cores()));
    double remote = Double.POSITIVE_INFINITY;
    for (SimHost h : s.hosts()) {
      if (!h.desktopActive()) {
        remote = Math.min(remote, h.remoteOverhead() + job.work() / h.speed());
      }
    }
    return Math.min(local, remote);
  }
}
