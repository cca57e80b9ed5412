package io.distpool.pool;

import java.util.List;

/**
 * What the farm offers one kind of job at one moment, computed once and used for every waiter of
 * that kind until something is granted.
 *
 * @param bestFree the free host where the job would finish soonest, or null
 * @param bestFreeTime its expected seconds there
 * @param localTime expected seconds on this machine; infinite when its slots are taken
 * @param busy for each running job of ours on a suitable host, sorted by when it ends: {seconds
 *     until it ends, seconds until a new job started there then would finish}
 */
record Plan(
    boolean anyUp, HostEntry bestFree, double bestFreeTime, double localTime, List<double[]> busy) {

  /** The same offer for a job from another machine: this machine is no place for it. */
  Plan withoutLocal() {
    return new Plan(anyUp, bestFree, bestFreeTime, Double.POSITIVE_INFINITY, busy);
  }
}
