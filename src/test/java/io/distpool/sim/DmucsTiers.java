package io.distpool.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * DMUCS (0.6): hosts sit in tiers of hand-set power (here: their speed, rounded to a tier); a
 * host's available CPUs are its CPUs less its load average as its agent reports it; a job goes to a
 * random host of the best tier that has one available.
 */
final class DmucsTiers extends SlotPolicy {
  private final Random random = new Random(7);

  @Override
  public String name() {
    return "DMUCS (speed tiers)";
  }

  private int tier(int host) {
    return (int) Math.round(4 * sim.scenario.hosts().get(host).speed());
  }

  private int available(int host) {
    SimHost h = sim.scenario.hosts().get(host);
    return h.cpus() - (int) Math.round(h.background()) - used[host];
  }

  @Override
  protected int choose() {
    int bestTier = Integer.MIN_VALUE;
    List<Integer> best = new ArrayList<>();
    for (int h = 0; h < used.length; h++) {
      if (available(h) <= 0) {
        continue;
      }
      int tier = tier(h);
      if (tier > bestTier) {
        bestTier = tier;
        best.clear();
      }
      if (tier == bestTier) {
        best.add(h);
      }
    }
    return best.isEmpty() ? -1 : best.get(random.nextInt(best.size()));
  }
}
