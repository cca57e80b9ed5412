package io.distpool.pool;

import java.util.Locale;

/** What a host is to the scheduler; the lower-case names are part of {@code status --json}. */
public enum HostState {
  /** Answering and giving out slots. */
  UP,
  /** Answering but giving no slots: its desktop user is active or it is overloaded. */
  BUSY,
  /** Not answering, or not probed yet. */
  DOWN,
  /** Its host key is unknown or changed; nothing is sent to it until the key is trusted. */
  UNTRUSTED,
  /** {@code enabled: false} in hosts.yaml. */
  DISABLED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
