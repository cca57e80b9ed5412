package io.distpool.probe;

import java.util.Objects;

/** A count of online CPUs and the tool that gave it ({@code nproc}, {@code psrinfo}, ...). */
record CpuCount(int count, String source) {
  CpuCount {
    Objects.requireNonNull(source, "source");
    if (count < 1 || count > CpuCountParser.MAX_CPUS) {
      throw new IllegalArgumentException("CPU count out of range: " + count);
    }
  }
}
