package io.distpool.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A farm, a client and a job trace: what one simulated build runs on. */
record Scenario(String name, List<SimHost> hosts, SimClient client, List<SimJob> jobs) {
  Scenario {
    hosts = List.copyOf(hosts);
    jobs = List.copyOf(jobs);
  }

  /**
   * Compile times like a kernel subdirectory's: log-normal around {@code medianWork} seconds,
   * preprocessing a tenth of the compile. Seeded, so every run is the same.
   */
  static List<SimJob> trace(int count, double medianWork, long seed) {
    Random random = new Random(seed);
    List<SimJob> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double work = medianWork * Math.exp(0.8 * random.nextGaussian());
      jobs.add(new SimJob(i, work, 0.1 * work + 0.02));
    }
    return jobs;
  }
}
