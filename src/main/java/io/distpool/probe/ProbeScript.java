package io.distpool.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The shell script each poll runs on a host; see {@code probe.sh} next to this class. */
final class ProbeScript {
  /**
   * The remote command: the script is fed on stdin, so the login shell (csh, too) only starts sh.
   */
  static final String COMMAND = "/bin/sh -s";

  static final byte[] TEXT = load();

  private ProbeScript() {}

  private static byte[] load() {
    try (InputStream in = ProbeScript.class.getResourceAsStream("probe.sh")) {
      if (in == null) {
        throw new IllegalStateException("probe.sh is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text() {
    return new String(TEXT, StandardCharsets.UTF_8);
  }
}
