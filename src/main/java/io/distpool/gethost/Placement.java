package io.distpool.gethost;

import java.util.Map;
import java.util.Objects;

/**
 * Where the job runs and the environment that sends it there.
 *
 * @param description for {@code -v}: the host and why, or why locally
 */
record Placement(Map<String, String> environment, String description) {
  Placement {
    environment = Map.copyOf(environment);
    Objects.requireNonNull(description, "description");
  }

  /**
   * distcc compiles on this machine: {@code DISTCC_HOSTS=localhost/N}. distcc's default limit for
   * localhost is 2 and it polls its lock once a second, so {@code make -j24} falling back locally
   * would compile two at a time; N is high enough that only make's {@code -j} limits.
   */
  static Placement local(String why) {
    return new Placement(Map.of("DISTCC_HOSTS", localHosts()), "local: " + why);
  }

  /** {@code localhost/N} with N = max(64, 2 × online CPUs). */
  static String localHosts() {
    return "localhost/" + Math.max(64, 2 * Runtime.getRuntime().availableProcessors());
  }

  /**
   * distcc sends the job to the leased host over ssh. Its own per-host backoff is switched off: a
   * transport failure would otherwise make every later job of this user compile locally for a
   * minute, silently wasting leased slots.
   */
  static Placement remote(String host, String distccHosts, String distccSsh) {
    return new Placement(
        Map.of("DISTCC_HOSTS", distccHosts, "DISTCC_SSH", distccSsh, "DISTCC_BACKOFF_PERIOD", "0"),
        host + " (DISTCC_HOSTS=" + distccHosts + ")");
  }
}
