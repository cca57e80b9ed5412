package io.distpool.gethost;

import java.util.Map;
import java.util.Objects;

/**
 * Where the job runs and the environment that sends it there.
 *
 * @param description for {@code -v}: the host and why, or why locally
 */
record Placement(Map<String, String> environment, String description, boolean remote) {
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
    return new Placement(Map.of("DISTCC_HOSTS", localHosts()), "local: " + why, false);
  }

  /** {@code localhost/N} with N = max(64, 2 × online CPUs). */
  static String localHosts() {
    return "localhost/" + Math.max(64, 2 * Runtime.getRuntime().availableProcessors());
  }

  /**
   * distcc sends the job to the leased host over ssh. When that fails, distcc exits (no fallback of
   * its own) so that gethost can tell the daemon, which backs off from the host for every client,
   * and compile the job here. distcc's own per-user backoff is cut to a second: a transport failure
   * would otherwise make every later job of this user skip the host for a minute, silently wasting
   * leased slots; and with no backoff at all distcc retries a failing host forever. A compile error
   * is the source's: distcc shows the host's messages and exits with the compiler's status
   * (DISTCC_SKIP_LOCAL_RETRY) instead of retrying here, warning that it "failed to distribute" and
   * backing off from a good host: the next job there would exit 116 (no hosts), which is what
   * distcc 3.4 also says after a transport failure to its one host.
   */
  static Placement remote(String host, String distccHosts, String distccSsh) {
    return new Placement(
        Map.of(
            "DISTCC_HOSTS",
            distccHosts,
            "DISTCC_SSH",
            distccSsh,
            "DISTCC_FALLBACK",
            "0",
            "DISTCC_BACKOFF_PERIOD",
            "1",
            "DISTCC_SKIP_LOCAL_RETRY",
            "1"),
        host + " (DISTCC_HOSTS=" + distccHosts + ")",
        true);
  }

  /**
   * This placement, as the shared daemon at {@code shared} gave it. Its {@code ssh=} names a
   * program on the daemon's machine, not this one (where another user could have put something at
   * that path), so DISTCC_SSH is left as the caller has it: distcc's default {@code ssh}, with the
   * user's own ssh configuration for the build hosts.
   */
  Placement viaShared(java.nio.file.Path shared) {
    Map<String, String> env = new java.util.HashMap<>(environment);
    env.remove("DISTCC_SSH");
    return new Placement(env, description + " via " + shared, remote);
  }
}
