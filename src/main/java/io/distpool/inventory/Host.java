package io.distpool.inventory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One build host as the inventory describes it, with every default already applied.
 *
 * <p>{@code slots} is empty when the inventory leaves it to the probe (detected CPUs). {@code
 * identities} lists the private keys to offer, in order; it is empty when only ssh-agent is used.
 * {@code speed} is empty when hosts.yaml leaves it to be measured. {@code distccd} is distccd's
 * path on the host when it is not on the PATH of a non-interactive ssh session there (common on
 * Solaris: {@code /opt/csw/bin/distccd}).
 */
public record Host(
    String name,
    String address,
    int port,
    String user,
    List<Path> identities,
    Path knownHosts,
    OptionalInt slots,
    OptionalDouble speed,
    Set<String> tags,
    boolean desktop,
    boolean enabled,
    Duration pollInterval,
    Duration pollTimeout,
    Duration desktopIdle,
    Optional<String> distccd,
    boolean sshMultiplex,
    OptionalInt desktopReserve,
    boolean desktopRemote,
    List<String> compilers) {

  public Host {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(knownHosts, "knownHosts");
    Objects.requireNonNull(slots, "slots");
    if (!Names.isValidHostName(name)) {
      throw new IllegalArgumentException("bad host name: '" + name + "'");
    }
    if (!Names.isValidAddress(address)) {
      throw new IllegalArgumentException("bad address: '" + address + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    Objects.requireNonNull(speed, "speed");
    if (speed.isPresent()
        && (!(speed.getAsDouble() > 0) || Double.isInfinite(speed.getAsDouble()))) {
      throw new IllegalArgumentException("speed must be positive: " + speed);
    }
    if (slots.isPresent() && slots.getAsInt() < 1) {
      throw new IllegalArgumentException("slots must be at least 1: " + slots.getAsInt());
    }
    identities = List.copyOf(identities);
    tags = Set.copyOf(tags);
    requirePositive(pollInterval, "pollInterval");
    requirePositive(pollTimeout, "pollTimeout");
    Objects.requireNonNull(desktopIdle, "desktopIdle");
    Objects.requireNonNull(distccd, "distccd");
    Objects.requireNonNull(desktopReserve, "desktopReserve");
    compilers = List.copyOf(compilers);
    for (String compiler : compilers) {
      if (!Names.isValidCompiler(compiler)) {
        throw new IllegalArgumentException("bad compiler name: '" + compiler + "'");
      }
    }
    if (desktopReserve.isPresent() && desktopReserve.getAsInt() < 0) {
      throw new IllegalArgumentException("desktop_reserve must not be negative");
    }
    if (distccd.isPresent() && !Names.isValidRemotePath(distccd.get())) {
      throw new IllegalArgumentException("bad distccd path: '" + distccd.get() + "'");
    }
  }

  private static void requirePositive(Duration duration, String what) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + duration);
    }
  }

  /** The {@code [address]:port} or {@code address} form OpenSSH uses in known_hosts. */
  public String knownHostsName() {
    String lower = address.toLowerCase(java.util.Locale.ROOT);
    return port == 22 ? lower : "[" + lower + "]:" + port;
  }

  /** A host for tests and tools: defaults for everything but name, address and port. */
  public static Host of(String name, String address, int port) {
    return Defaults.builtIn().toHost(name, address, port);
  }

  /**
   * Whether someone works at this host: {@code desktop: true}, or a {@code desktop_reserve} of
   * slots kept for them.
   */
  public boolean isDesktop() {
    return desktop || desktopReserve.isPresent();
  }

  public Host withEnabled(boolean value) {
    return new Host(
        name,
        address,
        port,
        user,
        identities,
        knownHosts,
        slots,
        speed,
        tags,
        desktop,
        value,
        pollInterval,
        pollTimeout,
        desktopIdle,
        distccd,
        sshMultiplex,
        desktopReserve,
        desktopRemote,
        compilers);
  }

  public Host withSlots(OptionalInt value) {
    return new Host(
        name,
        address,
        port,
        user,
        identities,
        knownHosts,
        value,
        speed,
        tags,
        desktop,
        enabled,
        pollInterval,
        pollTimeout,
        desktopIdle,
        distccd,
        sshMultiplex,
        desktopReserve,
        desktopRemote,
        compilers);
  }

  public Host withSpeed(double value) {
    return withSpeed(OptionalDouble.of(value));
  }

  public Host withSpeed(OptionalDouble value) {
    return new Host(
        name,
        address,
        port,
        user,
        identities,
        knownHosts,
        slots,
        value,
        tags,
        desktop,
        enabled,
        pollInterval,
        pollTimeout,
        desktopIdle,
        distccd,
        sshMultiplex,
        desktopReserve,
        desktopRemote,
        compilers);
  }

  public Host withDesktop(boolean value) {
    return new Host(
        name,
        address,
        port,
        user,
        identities,
        knownHosts,
        slots,
        speed,
        tags,
        value,
        enabled,
        pollInterval,
        pollTimeout,
        desktopIdle,
        distccd,
        sshMultiplex,
        desktopReserve,
        desktopRemote,
        compilers);
  }

  public Host withIdentities(List<Path> value) {
    return new Host(
        name,
        address,
        port,
        user,
        value,
        knownHosts,
        slots,
        speed,
        tags,
        desktop,
        enabled,
        pollInterval,
        pollTimeout,
        desktopIdle,
        distccd,
        sshMultiplex,
        desktopReserve,
        desktopRemote,
        compilers);
  }

  public Host withKnownHosts(Path value) {
    return new Host(
        name,
        address,
        port,
        user,
        identities,
        value,
        slots,
        speed,
        tags,
        desktop,
        enabled,
        pollInterval,
        pollTimeout,
        desktopIdle,
        distccd,
        sshMultiplex,
        desktopReserve,
        desktopRemote,
        compilers);
  }

  public Host withUser(String value) {
    return new Host(
        name,
        address,
        port,
        value,
        identities,
        knownHosts,
        slots,
        speed,
        tags,
        desktop,
        enabled,
        pollInterval,
        pollTimeout,
        desktopIdle,
        distccd,
        sshMultiplex,
        desktopReserve,
        desktopRemote,
        compilers);
  }

  public Host withPollInterval(Duration value) {
    return new Host(
        name,
        address,
        port,
        user,
        identities,
        knownHosts,
        slots,
        speed,
        tags,
        desktop,
        enabled,
        value,
        pollTimeout,
        desktopIdle,
        distccd,
        sshMultiplex,
        desktopReserve,
        desktopRemote,
        compilers);
  }

  public Host withPollTimeout(Duration value) {
    return new Host(
        name,
        address,
        port,
        user,
        identities,
        knownHosts,
        slots,
        speed,
        tags,
        desktop,
        enabled,
        pollInterval,
        value,
        desktopIdle,
        distccd,
        sshMultiplex,
        desktopReserve,
        desktopRemote,
        compilers);
  }

  public Host withDesktopIdle(Duration value) {
    return new Host(
        name,
        address,
        port,
        user,
        identities,
        knownHosts,
        slots,
        speed,
        tags,
        desktop,
        enabled,
        pollInterval,
        pollTimeout,
        value,
        distccd,
        sshMultiplex,
        desktopReserve,
        desktopRemote,
        compilers);
  }

  public Host withSshMultiplex(boolean value) {
    return new Host(
        name,
        address,
        port,
        user,
        identities,
        knownHosts,
        slots,
        speed,
        tags,
        desktop,
        enabled,
        pollInterval,
        pollTimeout,
        desktopIdle,
        distccd,
        value,
        desktopReserve,
        desktopRemote,
        compilers);
  }

  public Host withTags(Set<String> value) {
    return new Host(
        name,
        address,
        port,
        user,
        identities,
        knownHosts,
        slots,
        speed,
        value,
        desktop,
        enabled,
        pollInterval,
        pollTimeout,
        desktopIdle,
        distccd,
        sshMultiplex,
        desktopReserve,
        desktopRemote,
        compilers);
  }

  public Host withDistccd(Optional<String> value) {
    return new Host(
        name,
        address,
        port,
        user,
        identities,
        knownHosts,
        slots,
        speed,
        tags,
        desktop,
        enabled,
        pollInterval,
        pollTimeout,
        desktopIdle,
        value,
        sshMultiplex,
        desktopReserve,
        desktopRemote,
        compilers);
  }

  public Host withDesktopReserve(OptionalInt value) {
    return new Host(
        name,
        address,
        port,
        user,
        identities,
        knownHosts,
        slots,
        speed,
        tags,
        desktop,
        enabled,
        pollInterval,
        pollTimeout,
        desktopIdle,
        distccd,
        sshMultiplex,
        value,
        desktopRemote,
        compilers);
  }

  public Host withDesktopRemote(boolean value) {
    return new Host(
        name,
        address,
        port,
        user,
        identities,
        knownHosts,
        slots,
        speed,
        tags,
        desktop,
        enabled,
        pollInterval,
        pollTimeout,
        desktopIdle,
        distccd,
        sshMultiplex,
        desktopReserve,
        value,
        compilers);
  }

  public Host withCompilers(List<String> value) {
    return new Host(
        name,
        address,
        port,
        user,
        identities,
        knownHosts,
        slots,
        speed,
        tags,
        desktop,
        enabled,
        pollInterval,
        pollTimeout,
        desktopIdle,
        distccd,
        sshMultiplex,
        desktopReserve,
        desktopRemote,
        value);
  }
}
