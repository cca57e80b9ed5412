package io.distpool.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The farms the simulator ships with; see {@link SimulatorBench} for their numbers. */
final class Scenarios {
  private Scenarios() {}

  /**
   * The benchmark farm of issue 6: one core each at speed 1.0, 0.5 and 0.25, a 1-core desktop whose
   * user keeps it busy, a client with half a core; ~100 kernel objects.
   */
  static Scenario mixedSmall() {
    List<SimHost> hosts =
        List.of(
            SimHost.idle("slow", 1, 0.25),
            SimHost.idle("medium", 1, 0.5),
            SimHost.idle("fast", 1, 1.0),
            SimHost.idle("desk", 1, 1.0).withBackground(1.0).withDesktopActive(true));
    return new Scenario(
        "mixed-small", hosts, new SimClient(0.5, 1.0, 4, 0.07), Scenario.trace(100, 1.0, 1));
  }

  /**
   * The same farm with the busy desktop left out of every policy's list, as a considerate admin
   * would configure plain distcc: the rules compared on equal terms.
   */
  static Scenario mixedSmallNoDesktop() {
    Scenario full = mixedSmall();
    return new Scenario(
        "mixed-small-no-desktop",
        full.hosts().stream().filter(h -> !h.desktopActive()).toList(),
        new SimClient(0.5, 1.0, 3, 0.07),
        full.jobs());
  }

  /**
   * Four equal idle hosts: distpool must not lose to plain distcc where there is nothing to win.
   */
  static Scenario equalIdle() {
    List<SimHost> hosts = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      hosts.add(SimHost.idle("h" + i, 2, 1.0));
    }
    return new Scenario(
        "equal-idle", hosts, new SimClient(1.0, 1.0, 8, 0.07), Scenario.trace(200, 1.0, 2));
  }

  /**
   * Eight hosts from 0.5 to 2.0, two with someone else's jobs, one busy desktop; a 2-core client.
   */
  static Scenario mixedLoaded() {
    List<SimHost> hosts =
        List.of(
            SimHost.idle("old1", 2, 0.5),
            SimHost.idle("old2", 2, 0.5).withBackground(1.5),
            SimHost.idle("mid1", 4, 1.0),
            SimHost.idle("mid2", 4, 1.0).withBackground(3.0),
            SimHost.idle("new1", 8, 2.0),
            SimHost.idle("new2", 8, 2.0),
            SimHost.idle("desk1", 4, 1.5).withDesktopActive(true).withBackground(1.0),
            SimHost.idle("desk2", 4, 1.5));
    return new Scenario(
        "mixed-loaded", hosts, new SimClient(2.0, 1.0, 30, 0.07), Scenario.trace(400, 2.0, 3));
  }

  /** A large farm: 500 hosts of 4-16 CPUs at speeds 0.25-3, some loaded, some desktops in use. */
  static Scenario largeFarm() {
    Random random = new Random(11);
    List<SimHost> hosts = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      int cpus = 4 << random.nextInt(3);
      double speed = 0.25 + 2.75 * random.nextDouble();
      SimHost host = SimHost.idle("n" + i, cpus, speed);
      if (random.nextDouble() < 0.1) {
        host = host.withBackground(cpus * random.nextDouble());
      }
      if (random.nextDouble() < 0.05) {
        host = host.withDesktopActive(true).withBackground(1.0);
      }
      hosts.add(host);
    }
    return new Scenario(
        "large-farm", hosts, new SimClient(64.0, 1.0, 3000, 0.02), Scenario.trace(20_000, 2.0, 4));
  }

  static List<Scenario> all() {
    return List.of(mixedSmall(), mixedSmallNoDesktop(), equalIdle(), mixedLoaded(), largeFarm());
  }
}
