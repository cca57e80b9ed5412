package io.distpool.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A random host among those with a free slot (seeded: the same every run). */
final class RandomPick extends SlotPolicy {
  private final Random random = new Random(42);

  @Override
  public String name() {
    return "random";
  }

  @Override
  protected int choose() {
    List<Integer> free = new ArrayList<>();
    for (int h = 0; h < used.length; h++) {
      if (used[h] < slots(h)) {
        free.add(h);
      }
    }
    return free.isEmpty() ? -1 : free.get(random.nextInt(free.size()));
  }
}
