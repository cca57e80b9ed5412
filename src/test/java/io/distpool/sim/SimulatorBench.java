package io.distpool.sim;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Makespans of every policy on every shipped scenario, next to the capacity lower bound. Run with
 * {@code tests/bench/simulate}.
 */
public final class SimulatorBench {
  private SimulatorBench() {}

  static List<Supplier<Policy>> policies() {
    return List.of(DistpoolPolicy::new, DistccOrder::new, DmucsTiers::new, RandomPick::new);
  }

  public static void main(String[] args) {
    System.out.println(
        "| scenario | hosts | jobs | lower bound s | policy | makespan s | / bound | / distcc | run ms |");
    System.out.println("|---|---:|---:|---:|---|---:|---:|---:|---:|");
    for (Scenario scenario : Scenarios.all()) {
      double bound = LowerBound.of(scenario);
      double distcc = new Simulation(scenario).run(new DistccOrder());
      for (Supplier<Policy> make : policies()) {
        Policy policy = make.get();
        long start = System.nanoTime();
        double makespan = new Simulation(scenario).run(policy);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(
            Locale.ROOT,
            "| %s | %d | %d | %.1f | %s | %.1f | %.2f | %.2f | %d |%n",
            scenario.name(),
            scenario.hosts().size(),
            scenario.jobs().size(),
            bound,
            policy.name(),
            makespan,
            makespan / bound,
            makespan / distcc,
            millis);
      }
    }
  }
}
