package io.distpool.daemon;

import java.io.IOException;

/** The daemon cannot start or run as asked; the message says what to do. */
public final class DaemonException extends IOException {
  private static final long serialVersionUID = 1L;

  public DaemonException(String message) {
    super(message);
  }
}
