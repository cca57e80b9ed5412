package io.distpool.pool;

import java.util.Objects;

/**
 * Who asks for a slot: the user, and the machine their build runs on. Slots are shared fairly
 * across users; the local machine is a candidate only for jobs from this machine.
 */
public record Requester(String user, String client) {
  /** A request that did not say who it came from; all such requests count as one user. */
  public static final Requester UNKNOWN = new Requester("?", "?");

  public Requester {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(client, "client");
  }
}
