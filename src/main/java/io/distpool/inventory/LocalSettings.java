package io.distpool.inventory;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * hosts.yaml's {@code local:} map: this machine, where gethost runs, as a candidate for jobs that
 * would finish sooner here.
 *
 * @param slots at most this many compiles here by the scheduler's choice (0: never); empty means as
 *     many as this machine has CPUs
 * @param speed a core's speed on the hosts' scale; empty means calibrated
 */
public record LocalSettings(OptionalInt slots, OptionalDouble speed) {
  public static LocalSettings defaults() {
    return new LocalSettings(OptionalInt.empty(), OptionalDouble.empty());
  }
}
