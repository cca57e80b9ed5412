package io.distpool.daemon;

import io.distpool.pool.HostView;
import io.distpool.pool.LocalView;
import io.distpool.pool.PoolStatus;
import io.distpool.probe.Calibration;
import io.distpool.probe.HostReport;
import io.distpool.probe.Session;
import io.distpool.protocol.HostStatus;
import io.distpool.protocol.StatusReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeSet;

/** The pool's view of itself, as the wire's {@link StatusReport}. */
final class StatusMapper {
  private StatusMapper() {}

  static StatusReport map(
      PoolStatus pool,
      Path inventory,
      boolean inventoryExists,
      String inventoryError,
      String version) {
    List<HostStatus> hosts = new ArrayList<>();
    for (HostView view : pool.hosts()) {
      hosts.add(host(view));
    }
    return new StatusReport(
        hosts,
        pool.leased(),
        pool.waiting(),
        inventory.toString(),
        inventoryExists,
        inventoryError,
        version,
        local(pool.local()),
        clients(pool));
  }

  private static List<StatusReport.ClientStatus> clients(PoolStatus pool) {
    List<StatusReport.ClientStatus> clients = new ArrayList<>();
    for (io.distpool.pool.ClientView c : pool.clients()) {
      clients.add(new StatusReport.ClientStatus(c.user(), c.client(), c.leased(), c.waiting()));
    }
    return clients;
  }

  private static StatusReport.LocalStatus local(LocalView v) {
    return new StatusReport.LocalStatus(
        boxed(v.cpus()),
        v.slots(),
        v.running(),
        v.speed(),
        v.speedSource(),
        calibrationSeconds(v.calibration()),
        calibrationError(v.calibration()),
        boxed(v.cpuQuota()));
  }

  private static Double calibrationSeconds(java.util.Optional<Calibration> c) {
    return c.isPresent() && c.get() instanceof Calibration.Timed
        ? ((Calibration.Timed) c.get()).seconds()
        : null;
  }

  private static String calibrationError(java.util.Optional<Calibration> c) {
    return c.isPresent() && c.get() instanceof Calibration.Failed
        ? ((Calibration.Failed) c.get()).reason()
        : null;
  }

  private static HostStatus host(HostView v) {
    HostReport r = v.report();
    boolean probed = v.lastProbe().isPresent() && r.os().isPresent();
    List<HostStatus.UserStatus> users = new ArrayList<>();
    for (Session s : r.sessions()) {
      users.add(
          new HostStatus.UserStatus(
              s.user(),
              s.tty(),
              s.idle().map(d -> (int) Math.min(Integer.MAX_VALUE, d.toMinutes())).orElse(null),
              s.from().orElse(null),
              s.local()));
    }
    return new HostStatus(
        v.host().name(),
        v.host().address(),
        v.state().wireName(),
        r.os().orElse(null),
        r.osRelease().orElse(null),
        r.arch().orElse(null),
        boxed(r.cpus()),
        boxed(r.load1()),
        boxed(r.load5()),
        boxed(r.load15()),
        boxed(r.runQueue()),
        boxed(r.compilers()),
        probed ? v.desktopActive() : null,
        boxed(v.idleMinutes()),
        users,
        v.host().isDesktop(),
        v.slots(),
        v.free(),
        v.leased(),
        v.speed(),
        boxed(v.rank()),
        new ArrayList<>(new TreeSet<>(v.host().tags())),
        v.lastProbe().map(Object::toString).orElse(null),
        v.error().orElse(null),
        v.refusedKey().map(k -> k.type() + " " + k.fingerprint()).orElse(null),
        v.desktopUser().orElse(null),
        v.desktopSince().map(Object::toString).orElse(null),
        v.reserved(),
        r.toolchains().stream()
            .map(t -> new HostStatus.CompilerStatus(t.name(), t.path(), t.target(), t.version()))
            .toList(),
        v.speedSource(),
        calibrationSeconds(v.calibration()),
        calibrationError(v.calibration()),
        boxed(r.cpuQuota()));
  }

  private static Integer boxed(OptionalInt value) {
    return value.isPresent() ? value.getAsInt() : null;
  }

  private static Double boxed(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : null;
  }
}
