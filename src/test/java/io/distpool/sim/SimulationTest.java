package io.distpool.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's own arithmetic, on cases small enough to work out by hand. */
class SimulationTest {
  private static Scenario scenario(List<SimHost> hosts, SimClient client, List<SimJob> jobs) {
    return new Scenario("test", hosts, client, jobs);
  }

  @Test
  void oneRemoteJobTakesPreprocessingThenOverheadThenItsWorkAtTheHostsSpeed() {
    Scenario s =
        scenario(
            List.of(SimHost.idle("h", 1, 2.0).withRemoteOverhead(1.0)),
            new SimClient(1.0, 1.0, 1, 0.0),
            List.of(new SimJob(0, 4.0, 0.5)));

    double makespan = new Simulation(s).run(new DistccOrder());

    assertThat(makespan).isCloseTo(0.5 + 1.0 + 4.0 / 2.0, within(1e-9));
  }

  @Test
  void twoJobsOnOneCoreShareIt() {
    Scenario s =
        scenario(
            List.of(SimHost.idle("h", 1, 1.0).withRemoteOverhead(0)),
            new SimClient(100.0, 1.0, 2, 0.0),
            List.of(new SimJob(0, 2.0, 0), new SimJob(1, 2.0, 0)));

    SlotPolicy twoSlots =
        new SlotPolicy() {
          @Override
          public String name() {
            return "two slots";
          }

          @Override
          protected int choose() {
            return used[0] < 2 ? 0 : -1;
          }
        };

    assertThat(new Simulation(s).run(twoSlots)).isCloseTo(4.0, within(1e-9));
  }

  @Test
  void backgroundLoadSlowsAHostsJobs() {
    Scenario s =
        scenario(
            List.of(SimHost.idle("h", 1, 1.0).withRemoteOverhead(0).withBackground(1.0)),
            new SimClient(1.0, 1.0, 1, 0.0),
            List.of(new SimJob(0, 1.0, 0)));

    assertThat(new Simulation(s).run(new DistccOrder())).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void distccFillsHostsInListOrder() {
    Scenario s =
        scenario(
            List.of(SimHost.idle("slow", 1, 0.25), SimHost.idle("fast", 1, 1.0)),
            new SimClient(1.0, 1.0, 1, 0.0),
            Scenario.trace(5, 1.0, 9));
    Simulation sim = new Simulation(s);

    sim.run(new DistccOrder());

    assertThat(sim.remoteJobs()).isEqualTo(5);
  }

  @Test
  void everyPolicyFinishesTheLargeFarm() {
    Scenario large = Scenarios.largeFarm();

    for (var policy : SimulatorBench.policies()) {
      Simulation sim = new Simulation(large);
      double makespan = sim.run(policy.get());
      assertThat(makespan).isGreaterThanOrEqualTo(LowerBound.of(large));
    }
  }

  @Test
  void lowerBoundIsTheLargestOfItsParts() {
    Scenario s =
        scenario(
            List.of(SimHost.idle("h", 2, 1.0)),
            new SimClient(1.0, 1.0, 4, 0.0),
            List.of(new SimJob(0, 10.0, 1.0), new SimJob(1, 10.0, 1.0)));

    // all work over all capacity: 22 / 3; one job at its quickest: local 1 + 10 beats remote
    // 1.1 + 10 (preprocessing happens on the client either way).
    assertThat(LowerBound.of(s)).isCloseTo(Math.max(22.0 / 3.0, 11.0), within(1e-9));
  }
}
