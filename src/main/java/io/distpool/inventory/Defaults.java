package io.distpool.inventory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Values every host gets unless it says otherwise: the {@code defaults:} map of hosts.yaml laid
 * over the built-in defaults.
 *
 * <p>{@code identities} empty means "the usual OpenSSH keys that exist": {@code ~/.ssh/id_ed25519},
 * {@code id_ecdsa}, {@code id_rsa}.
 */
public record Defaults(
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
    Duration desktopIdle) {

  public static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
  public static final Duration POLL_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DESKTOP_IDLE = Duration.ofMinutes(15);

  /** Compilers the probe looks for unless hosts.yaml names others. */
  public static final List<String> DEFAULT_COMPILERS =
      List.of("cc", "gcc", "g++", "c++", "clang", "clang++");

  static final List<String> DEFAULT_KEY_FILES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

  public Defaults {
    Objects.requireNonNull(user, "user");
    identities = List.copyOf(identities);
    tags = Set.copyOf(tags);
  }

  /** The defaults that apply when hosts.yaml has no {@code defaults:} map. */
  public static Defaults builtIn() {
    Path ssh = sshDirectory();
    return new Defaults(
        22,
        System.getProperty("user.name"),
        List.of(),
        ssh.resolve("known_hosts"),
        OptionalInt.empty(),
        OptionalDouble.empty(),
        Set.of(),
        false,
        true,
        POLL_INTERVAL,
        POLL_TIMEOUT,
        DESKTOP_IDLE);
  }

  static Path sshDirectory() {
    return Path.of(System.getProperty("user.home"), ".ssh");
  }

  /** The identity files to offer when none is configured: those of the usual ones that exist. */
  List<Path> effectiveIdentities() {
    if (!identities.isEmpty()) {
      return identities;
    }
    List<Path> found = new ArrayList<>();
    for (String file : DEFAULT_KEY_FILES) {
      Path key = sshDirectory().resolve(file);
      if (Files.isReadable(key)) {
        found.add(key);
      }
    }
    return found;
  }

  Host toHost(String name, String address, int port) {
    return new Host(
        name,
        address,
        port,
        user,
        effectiveIdentities(),
        knownHosts,
        slots,
        speed,
        tags,
        desktop,
        enabled,
        pollInterval,
        pollTimeout,
        desktopIdle,
        java.util.Optional.empty(),
        true,
        OptionalInt.empty(),
        false,
        DEFAULT_COMPILERS);
  }
}
