package io.distpool.inventory;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where hosts.yaml is: {@code --hosts FILE}, else {@code $DISTPOOL_HOSTS}, else {@code
 * $XDG_CONFIG_HOME/distpool/hosts.yaml} (default {@code ~/.config/distpool/hosts.yaml}).
 */
public final class InventoryLocation {
  private InventoryLocation() {}

  /** The file to read; it may not exist (then the pool is empty). */
  public static Path resolve(Optional<Path> option, Map<String, String> env) {
    if (option.isPresent()) {
      return option.get();
    }
    String fromEnv = env.get("DISTPOOL_HOSTS");
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return Path.of(fromEnv);
    }
    String config = env.get("XDG_CONFIG_HOME");
    Path configHome =
        config != null && config.startsWith("/")
            ? Path.of(config)
            : Path.of(System.getProperty("user.home"), ".config");
    return configHome.resolve("distpool").resolve("hosts.yaml");
  }
}
