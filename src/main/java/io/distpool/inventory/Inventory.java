package io.distpool.inventory;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The validated contents of one hosts.yaml: every host with its defaults applied.
 *
 * @param source the file it came from; empty for the empty inventory used when there is none
 * @param local this machine as a candidate for jobs ({@code local:})
 * @param limits the most slots one user may hold ({@code limits:})
 */
public record Inventory(
    Optional<Path> source, List<Host> hosts, LocalSettings local, UserLimits limits) {

  public Inventory {
    hosts = List.copyOf(hosts);
    java.util.Objects.requireNonNull(local, "local");
    java.util.Objects.requireNonNull(limits, "limits");
    Set<String> names = new HashSet<>();
    for (Host host : hosts) {
      if (!names.add(host.name())) {
        throw new IllegalArgumentException("duplicate host name: '" + host.name() + "'");
      }
    }
  }

  /** An inventory without per-user limits. */
  public Inventory(Optional<Path> source, List<Host> hosts, LocalSettings local) {
    this(source, hosts, local, UserLimits.none());
  }

  /** An inventory with this machine's settings left at their defaults. */
  public Inventory(Optional<Path> source, List<Host> hosts) {
    this(source, hosts, LocalSettings.defaults());
  }

  /** No hosts at all: every compile runs locally. */
  public static Inventory empty() {
    return new Inventory(Optional.empty(), List.of());
  }

  public Optional<Host> host(String name) {
    for (Host host : hosts) {
      if (host.name().equals(name)) {
        return Optional.of(host);
      }
    }
    return Optional.empty();
  }
}
