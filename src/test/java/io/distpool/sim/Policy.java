package io.distpool.sim;

import java.util.function.Consumer;

/**
 * A way of choosing where each compile runs. Called from the simulation's single thread; {@code
 * then} may be called at once or later (when capacity frees), exactly once.
 */
interface Policy {
  String name();

  void start(Simulation sim);

  void place(SimJob job, Consumer<Placement> then);

  /** The job placed at {@code placement} ended after {@code seconds} of wall time. */
  void finished(Placement placement, SimJob job, double seconds);
}
