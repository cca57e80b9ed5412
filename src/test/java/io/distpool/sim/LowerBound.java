package io.distpool.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * No schedule can beat this makespan. It is the optimum of a relaxation of the real problem: jobs
 * may be split between places, and each place is just capacity.
 *
 * <ul>
 *   <li>A host offers its free slots (its CPUs less its background load; none on a desktop in use)
 *       for the makespan T; a job holds a slot for the remote fixed cost plus its work at the
 *       host's speed.
 *   <li>The client offers its cores for T, less the preprocessing every job needs there; a job
 *       compiled there costs its preprocessing-free work at the client's speed.
 * </ul>
 *
 * For a given T, giving the largest jobs to the fastest places is optimal (an exchange argument:
 * costs are a fixed part plus work over speed), so T is found by bisection on that greedy fill. The
 * bound is also at least the client's preprocessing alone, and the quickest any single job can be
 * done.
 */
final class LowerBound {
  private LowerBound() {}

  /** A place to compile: slots, seconds of fixed cost per job, work units per second. */
  private record Place(double slots, double overhead, double speed) {}

  static double of(Scenario s) {
    double[] work = s.jobs().stream().mapToDouble(SimJob::work).sorted().toArray();
    reverse(work);
    double meanPreprocess =
        s.jobs().stream().mapToDouble(SimJob::preprocess).average().orElse(0)
            + s.client().perJobCpu();
    double holdOnClient = meanPreprocess / s.client().speed();
    double preprocess = 0;
    double longest = 0;
    for (SimJob job : s.jobs()) {
      preprocess += job.preprocess() + s.client().perJobCpu();
      longest = Math.max(longest, quickest(s, job));
    }
    double clientRate = s.client().cores() * s.client().speed();
    double inFlight = 0;
    for (SimJob job : s.jobs()) {
      inFlight +=
          quickest(s, job) + (job.preprocess() + s.client().perJobCpu()) / s.client().speed();
    }
    double low = Math.max(Math.max(preprocess / clientRate, longest), inFlight / s.client().jobs());
    double high = low;
    while (!fits(s, work, preprocess, holdOnClient, high)) {
      high *= 2;
    }
    for (int i = 0; i < 60; i++) {
      double mid = (low + high) / 2;
      if (fits(s, work, preprocess, holdOnClient, mid)) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return high;
  }

  /** Whether all work fits in makespan {@code t}, largest jobs to the fastest places first. */
  private static boolean fits(
      Scenario s, double[] work, double preprocess, double holdOnClient, double t) {
    List<Place> places = new ArrayList<>();
    for (SimHost h : s.hosts()) {
      double free = h.desktopActive() ? 0 : Math.max(0, h.cpus() - h.background());
      if (free > 0) {
        double share = Math.min(1, h.cpus() / (free + h.background()));
        places.add(new Place(free, holdOnClient + h.remoteOverhead(), h.speed() * share));
      }
    }
    double spare = s.client().cores() * t - preprocess / s.client().speed();
    if (spare > 0) {
      places.add(new Place(spare / t, 0, s.client().speed()));
    }
    places.sort((a, b) -> Double.compare(b.speed(), a.speed()));
    int place = 0;
    double left = places.isEmpty() ? 0 : places.get(0).slots() * t;
    for (double w : work) {
      double need = 1; // the fraction of this job still to place
      while (need > 1e-12) {
        if (place >= places.size()) {
          return false;
        }
        Place p = places.get(place);
        double cost = p.overhead() + w / p.speed();
        double fraction = Math.min(need, left / cost);
        need -= fraction;
        left -= fraction * cost;
        if (need > 1e-12) {
          place++;
          left = place < places.size() ? places.get(place).slots() * t : 0;
        }
      }
    }
    return true;
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

  private static void reverse(double[] values) {
    for (int i = 0, j = values.length - 1; i < j; i++, j--) {
      double swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }

  static String describe(double[] values) {
    return Arrays.toString(values);
  }
}
