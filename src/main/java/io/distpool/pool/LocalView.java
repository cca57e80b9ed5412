package io.distpool.pool;

import io.distpool.probe.Calibration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * This machine as the scheduler sees it, for status.
 *
 * @param cpus empty until it has been probed
 * @param slots at most this many compiles here by choice
 * @param running compiles the scheduler sent here that should still be running
 * @param cpuQuota cores a cgroup CPU quota allows here, where one is set
 */
public record LocalView(
    OptionalInt cpus,
    int slots,
    int running,
    double speed,
    String speedSource,
    Optional<Calibration> calibration,
    OptionalDouble cpuQuota) {}
