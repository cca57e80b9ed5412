package io.distpool.daemon;

import io.distpool.inventory.Host;
import io.distpool.probe.ProbeResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a host's probe outcome when it changes (up, down and why, untrusted and why), not on every
 * poll, so the daemon log reads as a history of the farm. Thread-safe.
 */
final class ProbeLog {
  private static final Logger log = LoggerFactory.getLogger(ProbeLog.class);
  private final Map<String, String> last = new ConcurrentHashMap<>();

  void record(Host host, ProbeResult result) {
    String now = describe(result);
    String before = last.put(host.name(), now);
    if (now.equals(before)) {
      return;
    }
    if (result instanceof ProbeResult.Reachable) {
      log.info("{} is reachable", host.name());
    } else {
      log.warn("{} is {}", host.name(), now);
    }
  }

  private static String describe(ProbeResult result) {
    if (result instanceof ProbeResult.Unreachable) {
      return "down: " + ((ProbeResult.Unreachable) result).reason();
    }
    if (result instanceof ProbeResult.Untrusted) {
      return "untrusted: " + ((ProbeResult.Untrusted) result).reason();
    }
    return "up";
  }
}
