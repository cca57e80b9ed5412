package io.distpool.sim;

import java.util.Arrays;

/** Prints where each policy put the jobs of one scenario (a development aid). */
final class SimDebug {
  private SimDebug() {}

  public static void main(String[] args) {
    Scenario s =
        Scenarios.all().stream()
            .filter(x -> x.name().equals(args.length > 0 ? args[0] : "mixed-small"))
            .findFirst()
            .orElseThrow();
    for (var make : SimulatorBench.policies()) {
      Simulation sim = new Simulation(s);
      Policy p = make.get();
      double t = sim.run(p);
      String extra =
          p instanceof DistpoolPolicy
              ? String.format(
                  "  queued %d, waited %.0f s",
                  ((DistpoolPolicy) p).queued, ((DistpoolPolicy) p).waited)
              : "";
      extra +=
          String.format(
              "  client busy %.0f%% work %.0f",
              100 * sim.client.busy / (t * s.client().cores()), sim.clientWork);
      System.out.printf(
          "%-22s %7.1f s  local %3d  per host %s%s%n",
          p.name(),
          t,
          s.jobs().size() - sim.remoteJobs(),
          Arrays.toString(sim.jobsPerHost()),
          extra);
    }
  }
}
