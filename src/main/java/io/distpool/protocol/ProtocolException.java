package io.distpool.protocol;

import java.io.IOException;

/** A line that is not a valid request or response. */
public final class ProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }
}
