package io.distpool.inventory;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with a hosts.yaml, located precisely enough for an editor to jump to it.
 *
 * @param line 1-based
 * @param column 1-based
 * @param field dotted path of the offending key, e.g. {@code hosts[2].port}
 */
public record Problem(Path file, int line, int column, String field, String message) {

  public Problem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  /** {@code file:line:column: field: message}, the format compilers and editors understand. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + field + ": " + message;
  }
}
