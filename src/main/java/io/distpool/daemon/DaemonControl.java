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

  /** Reads hosts.yaml again; returns a summary, or throws with every problem in it. */
  String reload() throws IOException;

  /** Begins an orderly shutdown; returns at once. */
  void stop();
}
