package io.distpool.protocol;

import java.util.Objects;

/** What the daemon answers, one line each; see {@link Codec} for the wire form. */
public sealed interface Response
    permits Response.Grant, Response.Local, Response.Status, Response.Ok, Response.Failure {

  /**
   * A slot on {@code host}: run the job with {@code DISTCC_HOSTS=distccHosts} and {@code
   * DISTCC_SSH=distccSsh}.
   */
  record Grant(String host, String distccHosts, String distccSsh) implements Response {
    public Grant {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(distccHosts, "distccHosts");
      Objects.requireNonNull(distccSsh, "distccSsh");
    }
  }

  /** No slot: compile on this machine. {@code reason} is for {@code gethost -v}. */
  record Local(String reason) implements Response {
    public Local {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The pool as one JSON object (the {@code status --json} format). */
  record Status(String json) implements Response {
    public Status {
      Objects.requireNonNull(json, "json");
    }
  }

  record Ok(String message) implements Response {
    public Ok {
      Objects.requireNonNull(message, "message");
    }
  }

  record Failure(String message) implements Response {
    public Failure {
      Objects.requireNonNull(message, "message");
    }
  }
}
