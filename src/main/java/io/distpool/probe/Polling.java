package io.distpool.probe;

import io.distpool.inventory.Host;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one {@link HostPoller} thread per enabled host and keeps that set in step with the
 * inventory. Thread-safe.
 */
public final class Polling implements AutoCloseable {
  private final Prober prober;
  private final ProbeListener listener;
  private final InstantSource clock;
  private final Map<String, HostPoller> pollers = new HashMap<>();

  private final java.util.function.Predicate<Host> needsCalibration;

  public Polling(Prober prober, ProbeListener listener, InstantSource clock) {
    this(prober, listener, clock, h -> false);
  }

  /** Polling that calibrates each host after a probe whenever {@code needsCalibration} says so. */
  public Polling(
      Prober prober,
      ProbeListener listener,
      InstantSource clock,
      java.util.function.Predicate<Host> needsCalibration) {
    this.prober = prober;
    this.listener = listener;
    this.clock = clock;
    this.needsCalibration = needsCalibration;
  }

  /** Starts pollers for new or changed hosts and stops those of removed or disabled hosts. */
  public synchronized void apply(Collection<Host> hosts) {
    Map<String, Host> wanted = new HashMap<>();
    for (Host host : hosts) {
      if (host.enabled()) {
        wanted.put(host.name(), host);
      }
    }
    for (String name : new ArrayList<>(pollers.keySet())) {
      HostPoller poller = pollers.get(name);
      if (!poller.host().equals(wanted.get(name))) {
        poller.stop();
        pollers.remove(name);
        prober.forget(name);
      }
    }
    for (Host host : wanted.values()) {
      if (!pollers.containsKey(host.name())) {
        HostPoller poller = new HostPoller(host, prober, listener, clock, needsCalibration);
        pollers.put(host.name(), poller);
        Thread thread = new Thread(poller, "probe-" + host.name());
        thread.setDaemon(true);
        thread.start();
      }
    }
  }

  /**
   * Probes the named hosts (all when {@code names} is empty) now; the future completes when each
   * has reported.
   */
  public synchronized CompletableFuture<Void> refresh(Collection<String> names) {
    return refresh(names, false);
  }

  /**
   * Like {@link #refresh(Collection)}, calibrating each host after its probe when {@code
   * calibrate}; the future completes when each has reported both.
   */
  public synchronized CompletableFuture<Void> refresh(Collection<String> names, boolean calibrate) {
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (HostPoller poller : pollers.values()) {
      if (names.isEmpty() || names.contains(poller.host().name())) {
        prober.recheck(poller.host().name());
        done.add(poller.wake(calibrate));
      }
    }
    return CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]));
  }

  @Override
  public synchronized void close() {
    pollers.values().forEach(HostPoller::stop);
    pollers.clear();
    prober.close();
  }
}
