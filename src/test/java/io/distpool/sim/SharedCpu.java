package io.distpool.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A machine's CPUs shared fairly by whatever runs on it (processor sharing): each task gets {@code
 * speed × min(1, cores / (tasks + background))} work units per second.
 */
final class SharedCpu {
  /** Work left to do, and what to run when it is done. */
  static final class Task {
    double remaining;
    final Runnable done;

    Task(double work, Runnable done) {
      this.remaining = work;
      this.done = done;
    }
  }

  final double cores;
  final double speed;
  final double background;
  final List<Task> tasks = new ArrayList<>();
  private double updatedAt;
  int version;

  SharedCpu(double cores, double speed, double background) {
    this.cores = cores;
    this.speed = speed;
    this.background = background;
  }

  double rate() {
    return speed * Math.min(1.0, cores / (tasks.size() + background));
  }

  /** Brings every task's remaining work up to {@code now}. */
  /** Core-seconds spent working so far (for reports). */
  double busy;

  void advance(double now) {
    busy += (now - updatedAt) * Math.min(cores, tasks.size() * 1.0);
    if (!tasks.isEmpty()) {
      double done = (now - updatedAt) * rate();
      for (Task task : tasks) {
        task.remaining -= done;
      }
    }
    updatedAt = now;
  }

  /** When the next task finishes at the current rate, or infinity. */
  double nextCompletion() {
    double least = Double.POSITIVE_INFINITY;
    for (Task task : tasks) {
      least = Math.min(least, task.remaining);
    }
    return tasks.isEmpty() ? Double.POSITIVE_INFINITY : updatedAt + Math.max(0, least) / rate();
  }
}
