package io.distpool.probe;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * What one probe of a host found. Any field the host's output did not give in a form we understood
 * is empty, and the raw text is kept in {@link #unparsed()} for {@code status}.
 *
 * @param osVersion the distribution or product release where the OS tells it apart from the kernel
 *     release: {@code Debian GNU/Linux 12 (bookworm)}, Solaris {@code 11.4.0.15.0}, AIX {@code
 *     7.2}, macOS {@code 14.4}
 * @param cpuSource the tool that gave {@link #cpus()}: {@code nproc}, {@code getconf}, {@code
 *     psrinfo}, {@code kstat}, {@code hw.ncpu}, {@code bindprocessor}, {@code machinfo}, ...
 * @param runQueue processes running or runnable at the moment of the probe, not counting the probe
 *     itself; only where the OS shows it (Linux's {@code /proc/loadavg}, FreeBSD's {@code
 *     vm.vmtotal})
 * @param compilers compiler processes (cc1, cc1plus, acomp, ...) running, from anyone
 * @param sshJobs distcc jobs in ssh mode being served ({@code distccd --inetd} processes), from any
 *     client and any scheduler
 * @param toolchains the compilers the host has, among those asked for
 * @param unparsed lines that looked wrong, each prefixed with its section: {@code "uptime: ..."}
 * @param cpuQuota cores the CPU quota of the probe's cgroup allows (Linux containers, systemd
 *     slices), where one is set: 0.25 for a quarter of a core, whatever {@link #cpus()} says
 */
public record HostReport(
    Optional<String> os,
    Optional<String> osRelease,
    Optional<String> osVersion,
    Optional<String> arch,
    OptionalInt cpus,
    Optional<String> cpuSource,
    OptionalDouble load1,
    OptionalDouble load5,
    OptionalDouble load15,
    OptionalInt runQueue,
    List<Session> sessions,
    OptionalInt compilers,
    List<Toolchain> toolchains,
    List<String> unparsed,
    OptionalInt sshJobs,
    OptionalDouble cpuQuota) {

  public HostReport {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(osRelease, "osRelease");
    Objects.requireNonNull(osVersion, "osVersion");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(cpus, "cpus");
    Objects.requireNonNull(cpuSource, "cpuSource");
    Objects.requireNonNull(load1, "load1");
    Objects.requireNonNull(load5, "load5");
    Objects.requireNonNull(load15, "load15");
    Objects.requireNonNull(runQueue, "runQueue");
    Objects.requireNonNull(compilers, "compilers");
    Objects.requireNonNull(sshJobs, "sshJobs");
    Objects.requireNonNull(cpuQuota, "cpuQuota");
    sessions = List.copyOf(sessions);
    toolchains = List.copyOf(toolchains);
    unparsed = List.copyOf(unparsed);
  }

  /** A report that knows nothing, for hosts not yet probed and for tests. */
  public static HostReport unknown() {
    return new HostReport(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        OptionalInt.empty(),
        Optional.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalInt.empty(),
        List.of(),
        OptionalInt.empty(),
        List.of(),
        List.of(),
        OptionalInt.empty(),
        OptionalDouble.empty());
  }

  /** A plain report with CPUs and load, for tests and the simulator. */
  public static HostReport of(int cpus, double load1) {
    return unknown().withCpus(cpus).withLoad(load1, load1, load1);
  }

  public HostReport withSshJobs(int value) {
    return copy(c -> c.sshJobs = OptionalInt.of(value));
  }

  public HostReport withCpus(int value) {
    return copy(c -> c.cpus = OptionalInt.of(value));
  }

  public HostReport withLoad(double one, double five, double fifteen) {
    return copy(
        c -> {
          c.load1 = OptionalDouble.of(one);
          c.load5 = OptionalDouble.of(five);
          c.load15 = OptionalDouble.of(fifteen);
        });
  }

  public HostReport withSessions(List<Session> value) {
    return copy(c -> c.sessions = value);
  }

  public HostReport withCompilers(int value) {
    return copy(c -> c.compilers = OptionalInt.of(value));
  }

  public HostReport withToolchains(List<Toolchain> value) {
    return copy(c -> c.toolchains = value);
  }

  public HostReport withRunQueue(int value) {
    return copy(c -> c.runQueue = OptionalInt.of(value));
  }

  public HostReport withCpuQuota(double cores) {
    return copy(c -> c.cpuQuota = OptionalDouble.of(cores));
  }

  private HostReport copy(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** This report's fields, for a with* method to change some of them. */
  private static final class Copy {
    private final HostReport from;
    OptionalInt cpus;
    OptionalDouble load1;
    OptionalDouble load5;
    OptionalDouble load15;
    OptionalInt runQueue;
    List<Session> sessions;
    OptionalInt compilers;
    List<Toolchain> toolchains;
    OptionalInt sshJobs;
    OptionalDouble cpuQuota;

    Copy(HostReport from) {
      this.from = from;
      cpus = from.cpus;
      load1 = from.load1;
      load5 = from.load5;
      load15 = from.load15;
      runQueue = from.runQueue;
      sessions = from.sessions;
      compilers = from.compilers;
      toolchains = from.toolchains;
      sshJobs = from.sshJobs;
      cpuQuota = from.cpuQuota;
    }

    HostReport build() {
      return new HostReport(
          from.os,
          from.osRelease,
          from.osVersion,
          from.arch,
          cpus,
          from.cpuSource,
          load1,
          load5,
          load15,
          runQueue,
          sessions,
          compilers,
          toolchains,
          from.unparsed,
          sshJobs,
          cpuQuota);
    }
  }

  /**
   * The CPUs jobs here can use: the CPU count, or less where a cgroup quota allows less (a
   * container given a quarter of a core runs two jobs at an eighth of a core each); empty when the
   * CPU count is unknown.
   */
  public OptionalDouble usableCpus() {
    if (cpus.isEmpty()) {
      return cpuQuota;
    }
    double count = cpus.getAsInt();
    return OptionalDouble.of(
        cpuQuota.isPresent() ? Math.min(count, cpuQuota.getAsDouble()) : count);
  }
}
