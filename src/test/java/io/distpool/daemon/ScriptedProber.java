package io.distpool.daemon;

import io.distpool.inventory.Host;
import io.distpool.probe.HostReport;
import io.distpool.probe.ProbeResult;
import io.distpool.probe.Prober;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A prober that answers what the test scripted for each host (an idle 2-CPU machine unless told
 * otherwise) and counts its calls. Thread-safe.
 */
final class ScriptedProber implements Prober {
  private final Map<String, ProbeResult> results = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  void answer(String host, ProbeResult result) {
    results.put(host, result);
  }

  int calls(String host) {
    return calls.computeIfAbsent(host, h -> new AtomicInteger()).get();
  }

  @Override
  public ProbeResult probe(Host host) {
    calls.computeIfAbsent(host.name(), h -> new AtomicInteger()).incrementAndGet();
    return results.getOrDefault(host.name(), new ProbeResult.Reachable(HostReport.of(2, 0.0)));
  }

  @Override
  public void forget(String hostName) {}

  @Override
  public void close() {}
}
