package io.distpool.inventory;

import java.util.regex.Pattern;

/**
 * The shapes of names the inventory accepts.
 *
 * <p>They are deliberately narrow: host names, addresses and users end up in a generated ssh
 * config, in {@code DISTCC_HOSTS} and on ssh's command line, so nothing that could be read as an
 * option ({@code -oProxyCommand=...}), a second word or a shell metacharacter gets in.
 */
final class Names {
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern ADDRESS =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.%a-z0-9]*");
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,31}");
  private static final Pattern REMOTE_PATH = Pattern.compile("/[A-Za-z0-9/._+-]{1,254}");
  private static final Pattern COMPILER =
      Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+-]{0,63}|/[A-Za-z0-9/._+-]{1,254}");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

  private Names() {}

  static boolean isValidHostName(String name) {
    return name != null && HOST_NAME.matcher(name).matches();
  }

  static boolean isValidAddress(String address) {
    return address != null && ADDRESS.matcher(address).matches();
  }

  static boolean isValidUser(String user) {
    return user != null && USER.matcher(user).matches();
  }

  /** An absolute path that ssh can pass to the remote shell as one word, unquoted. */
  static boolean isValidRemotePath(String path) {
    return path != null && REMOTE_PATH.matcher(path).matches();
  }

  /** A compiler's name or absolute path, safe as one unquoted word for the remote shell. */
  static boolean isValidCompiler(String name) {
    return name != null && COMPILER.matcher(name).matches();
  }

  static boolean isValidTag(String tag) {
    return tag != null && TAG.matcher(tag).matches();
  }
}
