package io.distpool.inventory;

import io.distpool.inventory.YamlNode.Position;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem of one file so the user sees them all at once, in file order. */
final class Problems {
  private final Path file;
  private final List<Problem> found = new ArrayList<>();

  Problems(Path file) {
    this.file = file;
  }

  void add(Position at, String field, String message) {
    found.add(new Problem(file, at.line(), at.column(), field, message));
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  InventoryException toException() {
    List<Problem> sorted = new ArrayList<>(found);
    sorted.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
    return new InventoryException(sorted);
  }
}
