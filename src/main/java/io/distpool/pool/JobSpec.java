package io.distpool.pool;

import io.distpool.probe.Toolchain;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a job needs of a host: the compiler it was built with (same name, target and version, or
 * distcc produces wrong objects silently) and the tags the user asked for; and which hosts it must
 * not go to.
 *
 * @param compiler empty when the job is not a compile distpool could identify
 * @param tags every one must be among the host's tags
 * @param avoid hosts that jobs from the job's machine could not reach lately ({@link
 *     ClientBackoffs})
 */
public record JobSpec(Optional<Toolchain> compiler, Set<String> tags, Set<String> avoid) {
  public JobSpec {
    Objects.requireNonNull(compiler, "compiler");
    tags = Set.copyOf(tags);
    avoid = Set.copyOf(avoid);
  }

  /** Any host will do. */
  public static JobSpec any() {
    return new JobSpec(Optional.empty(), Set.of(), Set.of());
  }

  /** This spec, also keeping away from {@code hosts}. */
  JobSpec avoiding(Set<String> hosts) {
    if (hosts.isEmpty()) {
      return this;
    }
    Set<String> all = new java.util.HashSet<>(avoid);
    all.addAll(hosts);
    return new JobSpec(compiler, tags, all);
  }

  /** This spec with nothing to avoid. */
  JobSpec anywhere() {
    return avoid.isEmpty() ? this : new JobSpec(compiler, tags, Set.of());
  }

  boolean allows(HostEntry entry) {
    if (!entry.host.tags().containsAll(tags) || avoid.contains(entry.host.name())) {
      return false;
    }
    if (compiler.isEmpty()) {
      return true;
    }
    for (Toolchain toolchain : entry.report().toolchains()) {
      if (toolchain.matches(compiler.get())) {
        return true;
      }
    }
    return false;
  }

  /** {@code gcc 12.2.0 (x86_64-linux-gnu), tags a, b}, for messages. */
  String describe() {
    String tagText = tags.isEmpty() ? "" : "tagged " + String.join(", ", new TreeSet<>(tags));
    return compiler.map(c -> c + (tagText.isEmpty() ? "" : " and " + tagText)).orElse(tagText);
  }
}
