package io.distpool.probe;

import java.util.Objects;

/** The outcome of one probe: a report, or why there is none. */
public sealed interface ProbeResult
    permits ProbeResult.Reachable, ProbeResult.Unreachable, ProbeResult.Untrusted {

  /** The host answered; {@code report} says what it is doing. */
  record Reachable(HostReport report) implements ProbeResult {
    public Reachable {
      Objects.requireNonNull(report, "report");
    }
  }

  /** No answer: connection refused, timeout, authentication failed, exec failed, ... */
  record Unreachable(String reason) implements ProbeResult {
    public Unreachable {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The host's key is not in known_hosts, or differs from the key there. */
  record Untrusted(String reason, HostKey offered) implements ProbeResult {
    public Untrusted {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(offered, "offered");
    }
  }
}
