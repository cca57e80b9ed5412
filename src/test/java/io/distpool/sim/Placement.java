package io.distpool.sim;

/** Where a policy sends a job. */
sealed interface Placement permits Placement.Remote, Placement.Local {
  /** On host {@code host} (index into the scenario's hosts); {@code token} is the policy's own. */
  record Remote(int host, Object token) implements Placement {}

  /** On the client itself. */
  record Local() implements Placement {}
}
