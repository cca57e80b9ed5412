package io.distpool.daemon;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The admin operations behind the socket's STATUS, REFRESH, RELOAD and STOP requests. */
interface DaemonControl {
  String statusJson();

  /**
   * Probes the named hosts (all when empty) now; completes with a summary once they reported.
   *
   * @throws IllegalArgumentException naming a host the inventory does not have
   */
  CompletableFuture<String> refresh(List<String> hosts);

  /**
   * Like {@link #refresh(List)}; with {@code calibrate}, each host is calibrated again after its
   * probe, and this machine too when no host is named.
   */
  CompletableFuture<String> refresh(List<String> hosts, boolean calibrate);

  /** Reads hosts.yaml again; returns a summary, or throws with every problem in it. */
  String reload() throws IOException;

  /**
   * Notes that a job asked for compiler {@code name}: hosts are asked for it from now on, and
   * probed at once the first time it comes up.
   */
  void wantCompiler(String name);

  /** Begins an orderly shutdown; returns at once. */
  void stop();
}
