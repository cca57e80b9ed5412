package io.distpool.probe;

import java.io.IOException;
import java.util.Optional;

/** An SSH connection could not be set up; says why in words fit for {@code status}. */
public final class ConnectFailure extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient HostKey refusedKey;

  ConnectFailure(String message, Throwable cause) {
    this(message, null, cause);
  }

  ConnectFailure(String message, HostKey refusedKey, Throwable cause) {
    super(message, cause);
    this.refusedKey = refusedKey;
  }

  /** The host key that was refused, when the failure is one of trust. */
  public Optional<HostKey> refusedKey() {
    return Optional.ofNullable(refusedKey);
  }
}
