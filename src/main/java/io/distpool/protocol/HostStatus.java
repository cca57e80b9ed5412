package io.distpool.protocol;

import java.util.List;
import java.util.Objects;

/**
 * One host in {@code status --json}. Boxed fields are null when unknown, which JSON shows as {@code
 * null}; the names in {@link StatusJson} are the contract.
 *
 * @param running compiler processes seen on the host at the last probe, from anyone
 * @param lastProbe ISO-8601 instant of the last probe
 * @param fingerprint of the refused host key when {@code state} is {@code untrusted}
 * @param desktopUser who uses the desktop now, while it is in use
 * @param desktopSince ISO-8601 instant the current spell of desktop use began
 * @param reserved slots kept free for the desktop's user now
 * @param compilers the compilers the host has, among those looked for
 * @param speedSource where {@code speed} comes from: hosts.yaml, calibrated, learned, assumed
 * @param calibrationSeconds the calibration compile's time on the host, when it has been timed
 * @param calibrationError why the last calibration failed, or null
 * @param cpuQuota cores a cgroup CPU quota allows the host's jobs, or null where none is set
 */
public record HostStatus(
    String name,
    String address,
    String state,
    String os,
    String osRelease,
    String arch,
    Integer cpus,
    Double load1,
    Double load5,
    Double load15,
    Integer runQueue,
    Integer running,
    Boolean desktopActive,
    Integer idleMinutes,
    List<UserStatus> users,
    boolean desktop,
    int slots,
    int free,
    int leased,
    double speed,
    Integer rank,
    List<String> tags,
    String lastProbe,
    String error,
    String fingerprint,
    String desktopUser,
    String desktopSince,
    int reserved,
    List<CompilerStatus> compilers,
    String speedSource,
    Double calibrationSeconds,
    String calibrationError,
    Double cpuQuota) {

  public HostStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(state, "state");
    users = List.copyOf(users);
    compilers = List.copyOf(compilers);
    tags = List.copyOf(tags);
  }

  /** A host as a daemon that reports nothing about its speed's source shows it. */
  public HostStatus(
      String name,
      String address,
      String state,
      String os,
      String osRelease,
      String arch,
      Integer cpus,
      Double load1,
      Double load5,
      Double load15,
      Integer runQueue,
      Integer running,
      Boolean desktopActive,
      Integer idleMinutes,
      List<UserStatus> users,
      boolean desktop,
      int slots,
      int free,
      int leased,
      double speed,
      Integer rank,
      List<String> tags,
      String lastProbe,
      String error,
      String fingerprint,
      String desktopUser,
      String desktopSince,
      int reserved,
      List<CompilerStatus> compilers) {
    this(
        name,
        address,
        state,
        os,
        osRelease,
        arch,
        cpus,
        load1,
        load5,
        load15,
        runQueue,
        running,
        desktopActive,
        idleMinutes,
        users,
        desktop,
        slots,
        free,
        leased,
        speed,
        rank,
        tags,
        lastProbe,
        error,
        fingerprint,
        desktopUser,
        desktopSince,
        reserved,
        compilers,
        null,
        null,
        null,
        null);
  }

  /** A logged-in user as the last probe saw them. */
  public record UserStatus(
      String user, String tty, Integer idleMinutes, String from, boolean local) {
    public UserStatus {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(tty, "tty");
    }
  }

  /** A compiler a host has: the name jobs call it by, its path there, target and version. */
  public record CompilerStatus(String name, String path, String target, String version) {
    public CompilerStatus {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(version, "version");
    }
  }
}
