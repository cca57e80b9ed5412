package io.distpool.probe;

import java.util.Objects;

/**
 * A compiler found on a host, identified the way distcc needs it to match the client's: the name
 * jobs call it by, the target it builds for and its exact version. distcc does not check these
 * itself; a mismatch gives wrong objects silently.
 *
 * @param name as named in the request, e.g. {@code gcc} (what distcc passes to distccd)
 * @param path where the host's PATH found it
 * @param target {@code -dumpmachine}, e.g. {@code x86_64-linux-gnu}; for compilers without it, the
 *     host's processor type
 * @param version {@code -dumpfullversion}, e.g. {@code 12.2.0}; or a vendor banner such as {@code
 *     Sun C 5.15 SunOS_sparc 2017/05/30}
 */
public record Toolchain(String name, String path, String target, String version) {
  public Toolchain {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(version, "version");
  }

  private static final java.util.regex.Pattern SAFE_NAME =
      java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+-]{0,63}|/[A-Za-z0-9/._+-]{1,254}");

  /**
   * Whether {@code name} can be put into the probe script as a compiler to look for: one word of
   * letters, digits and {@code . _ + - /}, so no shell reads anything else into it.
   */
  public static boolean isSafeName(String name) {
    return name != null && SAFE_NAME.matcher(name).matches();
  }

  /** Whether a job built with {@code wanted} can be compiled by this toolchain. */
  public boolean matches(Toolchain wanted) {
    return baseName(name).equals(baseName(wanted.name()))
        && target.equals(wanted.target())
        && version.equals(wanted.version());
  }

  public static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** {@code gcc 12.2.0 (x86_64-linux-gnu)}. */
  @Override
  public String toString() {
    return name + " " + version + " (" + target + ")";
  }
}
