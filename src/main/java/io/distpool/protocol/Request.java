package io.distpool.protocol;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a client asks the daemon, one line each; see {@link Codec} for the wire form. */
public sealed interface Request
    permits Request.Lease,
        Request.Done,
        Request.Status,
        Request.Refresh,
        Request.Reload,
        Request.Stop {

  /**
   * A slot for one job, waiting at most {@code wait} for one to free up. The lease lasts as long as
   * the connection. {@code user} and {@code client} are who asks and from which machine, as the
   * client states them; empty when it does not say (the daemon then goes by the socket's peer, see
   * {@code Callers}).
   */
  record Lease(
      Duration maxWait,
      Optional<Compiler> compiler,
      List<String> tags,
      Optional<String> user,
      Optional<String> client)
      implements Request {
    public Lease {
      Objects.requireNonNull(maxWait, "maxWait");
      Objects.requireNonNull(compiler, "compiler");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(client, "client");
      tags = List.copyOf(tags);
      if (maxWait.isNegative()) {
        throw new IllegalArgumentException("negative wait: " + maxWait);
      }
    }

    /** A lease that does not say who asks (the daemon then goes by the socket's peer). */
    public Lease(Duration maxWait, Optional<Compiler> compiler, List<String> tags) {
      this(maxWait, compiler, tags, Optional.empty(), Optional.empty());
    }

    /** A lease for any host. */
    public Lease(Duration maxWait) {
      this(maxWait, Optional.empty(), List.of());
    }
  }

  /**
   * The compiler a job runs, as the client found it: the name it was called by, {@code
   * -dumpmachine} and {@code -dumpfullversion} (or a {@code -V} banner and the processor type).
   */
  record Compiler(String name, String target, String version) {
    public Compiler {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(version, "version");
    }
  }

  /**
   * Sent on a lease's connection before closing it: how the job ended. {@code hostFault}: distcc
   * could not use the host (ssh failed, distccd missing, connection lost), as opposed to a compile
   * that ran and failed; the daemon then backs off from the host for everyone.
   */
  record Done(int exitStatus, Duration elapsed, boolean hostFault) implements Request {
    public Done {
      Objects.requireNonNull(elapsed, "elapsed");
    }

    /** A job that ran on its host, whatever its status. */
    public Done(int exitStatus, Duration elapsed) {
      this(exitStatus, elapsed, false);
    }
  }

  /** The whole pool as JSON. */
  record Status() implements Request {}

  /**
   * Probe these hosts now (all when empty) and answer once they have reported; with {@code
   * calibrate}, time the calibration compile on each again too.
   */
  record Refresh(List<String> hosts, boolean calibrate) implements Request {
    public Refresh {
      hosts = List.copyOf(hosts);
    }

    public Refresh(List<String> hosts) {
      this(hosts, false);
    }
  }

  /** Read hosts.yaml again now. */
  record Reload() implements Request {}

  /** Shut the daemon down. */
  record Stop() implements Request {}
}
