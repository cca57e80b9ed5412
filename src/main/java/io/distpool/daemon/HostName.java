package io.distpool.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's name, as gethost states it in {@code client=}: the kernel's host name. */
final class HostName {
  private HostName() {}

  static String ofThisMachine() {
    try {
      String name =
          new String(
                  Files.readAllBytes(Path.of("/proc/sys/kernel/hostname")), StandardCharsets.UTF_8)
              .trim();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: ask the resolver library's view of the name instead
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isEmpty() ? "localhost" : env;
    }
  }
}
