package io.distpool.pool;

import io.distpool.inventory.Host;
import io.distpool.probe.HostKey;
import io.distpool.probe.HostReport;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One host as the scheduler sees it at one moment, for {@code status}.
 *
 * @param rank 1 for the host the next lease would go to; empty when the host gives no slots
 * @param foreignLoad the estimated load of everyone else's processes (not this daemon's jobs)
 * @param idleMinutes the shortest idle time among local (console/display) sessions
 * @param reserved slots kept free for the desktop's user right now
 * @param desktopUser who was last seen active while the desktop is in use
 * @param desktopSince when the current spell of desktop use began
 * @param speed per-core speed the scheduler plans with, relative to a 1.0 machine
 * @param speedSource where it comes from: {@code hosts.yaml}, {@code calibrated}, {@code learned}
 *     (corrected by finished jobs) or {@code assumed} (nothing known yet)
 * @param calibration the last calibration's outcome, if there was one
 */
public record HostView(
    Host host,
    HostState state,
    HostReport report,
    Optional<Instant> lastProbe,
    Optional<String> error,
    Optional<HostKey> refusedKey,
    int slots,
    int free,
    int leased,
    OptionalInt rank,
    double foreignLoad,
    boolean desktopActive,
    OptionalInt idleMinutes,
    int reserved,
    Optional<String> desktopUser,
    Optional<Instant> desktopSince,
    double speed,
    String speedSource,
    Optional<io.distpool.probe.Calibration> calibration) {

  public HostView {
    Objects.requireNonNull(calibration, "calibration");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(lastProbe, "lastProbe");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(refusedKey, "refusedKey");
    Objects.requireNonNull(rank, "rank");
    Objects.requireNonNull(idleMinutes, "idleMinutes");
    Objects.requireNonNull(desktopUser, "desktopUser");
    Objects.requireNonNull(desktopSince, "desktopSince");
  }

  public HostView withRank(OptionalInt value) {
    return new HostView(
        host,
        state,
        report,
        lastProbe,
        error,
        refusedKey,
        slots,
        free,
        leased,
        value,
        foreignLoad,
        desktopActive,
        idleMinutes,
        reserved,
        desktopUser,
        desktopSince,
        speed,
        speedSource,
        calibration);
  }
}
