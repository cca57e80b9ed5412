package io.distpool.bench;

import io.distpool.daemon.Daemon;
import io.distpool.daemon.DaemonSettings;
import io.distpool.inventory.Host;
import io.distpool.probe.HostReport;
import io.distpool.probe.ProbeResult;
import io.distpool.probe.Prober;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * The real daemon (socket server, dispatcher, pool) with hosts that are always up and idle, for
 * measuring the lease path alone. Usage: {@code BenchDaemon SOCKET HOSTS_YAML}.
 */
public final class BenchDaemon {
  private BenchDaemon() {}

  /** Every host answers at once as an idle machine with 64 CPUs. */
  static final class IdleHosts implements Prober {
    @Override
    public ProbeResult probe(Host host) {
      return new ProbeResult.Reachable(HostReport.of(64, 0.0));
    }

    @Override
    public void forget(String hostName) {}

    @Override
    public void close() {}
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Daemon daemon =
        Daemon.start(
            new DaemonSettings(Path.of(args[0]), Path.of(args[1]), "/usr/bin/ssh", "bench"),
            new IdleHosts(),
            InstantSource.system());
    daemon.awaitStop();
  }
}
