package io.distpool.probe;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

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
    return new HostReport(
        os,
        osRelease,
        osVersion,
        arch,
        cpus,
        cpuSource,
        load1,
        load5,
        load15,
        runQueue,
        sessions,
        compilers,
        toolchains,
        unparsed,
        OptionalInt.of(value),
        cpuQuota);
  }

  public HostReport withCpus(int value) {
    return new HostReport(
        os,
        osRelease,
        osVersion,
        arch,
        OptionalInt.of(value),
        cpuSource,
        load1,
        load5,
        load15,
        runQueue,
        sessions,
        compilers,
        toolchains,
        unparsed,
        sshJobs,
        cpuQuota);
  }

  public HostReport withLoad(double one, double five, double fifteen) {
    return new HostReport(
        os,
        osRelease,
        osVersion,
        arch,
        cpus,
        cpuSource,
        OptionalDouble.of(one),
        OptionalDouble.of(five),
        OptionalDouble.of(fifteen),
        runQueue,
        sessions,
        compilers,
        toolchains,
        unparsed,
        sshJobs,
        cpuQuota);
  }

  public HostReport withSessions(List<Session> value) {
    return new HostReport(
        os,
        osRelease,
        osVersion,
        arch,
        cpus,
        cpuSource,
        load1,
        load5,
        load15,
        runQueue,
        value,
        compilers,
        toolchains,
        unparsed,
        sshJobs,
        cpuQuota);
  }

  public HostReport withCompilers(int value) {
    return new HostReport(
        os,
        osRelease,
        osVersion,
        arch,
        cpus,
        cpuSource,
        load1,
        load5,
        load15,
        runQueue,
        sessions,
        OptionalInt.of(value),
        toolchains,
        unparsed,
        sshJobs,
        cpuQuota);
  }

  public HostReport withToolchains(List<Toolchain> value) {
    return new HostReport(
        os, osRelease, osVersion, arch, cpus, cpuSource, load1, load5, load15, runQueue, sessions,
        compilers, value, unparsed, sshJobs, cpuQuota);
  }

  public HostReport withRunQueue(int value) {
    return new HostReport(
        os,
        osRelease,
        osVersion,
        arch,
        cpus,
        cpuSource,
        load1,
        load5,
        load15,
        OptionalInt.of(value),
        sessions,
        compilers,
        toolchains,
        unparsed,
        sshJobs,
        cpuQuota);
  }

  public HostReport withCpuQuota(double cores) {
    return new HostReport(
        os,
        osRelease,
        osVersion,
        arch,
        cpus,
        cpuSource,
        load1,
        load5,
        load15,
        runQueue,
        sessions,
        compilers,
        toolchains,
        unparsed,
        sshJobs,
        OptionalDouble.of(cores));
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
