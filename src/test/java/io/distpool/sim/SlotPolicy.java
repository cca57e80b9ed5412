package io.distpool.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Base of the simple policies: each host has {@code cpus} slots; a job takes one chosen by {@link
 * #choose}, or waits in arrival order for one to free. The waits are generous to these policies: a
 * freed slot is taken at once, where distcc itself would poll its locks every second.
 */
abstract class SlotPolicy implements Policy {
  protected Simulation sim;
  protected int[] used;
  private final Deque<Consumer<Placement>> waiting = new ArrayDeque<>();

  @Override
  public void start(Simulation sim) {
    this.sim = sim;
    this.used = new int[sim.hosts.length];
  }

  /** A host index with a free slot, or -1. */
  protected abstract int choose();

  protected int slots(int host) {
    return sim.scenario.hosts().get(host).cpus();
  }

  @Override
  public void place(SimJob job, Consumer<Placement> then) {
    int host = choose();
    if (host < 0) {
      waiting.add(then);
      return;
    }
    used[host]++;
    then.accept(new Placement.Remote(host, null));
  }

  @Override
  public void finished(Placement placement, SimJob job, double seconds) {
    if (placement instanceof Placement.Remote) {
      used[((Placement.Remote) placement).host()]--;
    }
    while (!waiting.isEmpty()) {
      int host = choose();
      if (host < 0) {
        return;
      }
      used[host]++;
      waiting.poll().accept(new Placement.Remote(host, null));
    }
  }
}
