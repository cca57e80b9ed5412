package io.distpool.pool;

/** Where the scheduler sends the next job, or that it waits. */
sealed interface Choice permits Choice.Remote, Choice.Local, Choice.Wait, Choice.Refuse {

  /** A free slot on {@code host}, the soonest to finish the job. */
  record Remote(HostEntry host, double finishSeconds) implements Choice {}

  /** This machine would finish it sooner than any host. */
  record Local(String why) implements Choice {}

  /** A host that is busy now will finish it sooner than any free one: wait for it. */
  record Wait() implements Choice {}

  /** No suitable host is up: compile here. */
  record Refuse(String why) implements Choice {}
}
