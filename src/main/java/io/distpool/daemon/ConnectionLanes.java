package io.distpool.daemon;

import java.util.HashMap;
import java.util.Map;

/**
 * Which shared ssh connection (lane) of its host each lease's job uses: the lowest lane with room,
 * so jobs pack onto few connections and no connection carries more sessions than sshd allows.
 * Thread-safe.
 */
final class ConnectionLanes {
  private final int sessionsPerLane;
  private final Map<String, int[]> busy = new HashMap<>();
  private final Map<Long, Integer> laneOfLease = new HashMap<>();

  ConnectionLanes(int sessionsPerLane) {
    this.sessionsPerLane = sessionsPerLane;
  }

  /** Puts lease {@code leaseId} on a lane of {@code host}, which has {@code lanes} lanes. */
  synchronized int acquire(String host, long leaseId, int lanes) {
    int[] counts = busy.computeIfAbsent(host, h -> new int[lanes]);
    if (counts.length < lanes) {
      counts = java.util.Arrays.copyOf(counts, lanes);
      busy.put(host, counts);
    }
    int chosen = 0;
    for (int lane = 0; lane < lanes; lane++) {
      if (counts[lane] < sessionsPerLane) {
        chosen = lane;
        break;
      }
      if (counts[lane] < counts[chosen]) {
        chosen = lane;
      }
    }
    counts[chosen]++;
    laneOfLease.put(leaseId, chosen);
    return chosen;
  }

  /** Frees the lane of a lease; unknown leases are ignored. */
  synchronized void release(String host, long leaseId) {
    Integer lane = laneOfLease.remove(leaseId);
    int[] counts = busy.get(host);
    if (lane != null && counts != null && lane < counts.length && counts[lane] > 0) {
      counts[lane]--;
    }
  }
}
