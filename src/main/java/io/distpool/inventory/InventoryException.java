package io.distpool.inventory;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/** hosts.yaml could not be used; {@link #problems()} lists every reason at once. */
public final class InventoryException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient List<Problem> problems;

  InventoryException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
