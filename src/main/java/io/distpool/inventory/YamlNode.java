package io.distpool.inventory;

import java.util.List;
import java.util.Optional;

/**
 * A YAML document as a tree that remembers where each node started, so that every validation
 * message can point at a line and column. Jackson's own trees forget positions.
 */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

  /** 1-based line and column of the node's first character. */
  record Position(int line, int column) {}

  Position position();

  /** What a user would call this kind of value, for "expected a number, got a list". */
  String kindName();

  record Entry(String key, Position keyPosition, YamlNode value) {}

  record Mapping(Position position, List<Entry> entries) implements YamlNode {
    public Mapping {
      entries = List.copyOf(entries);
    }

    Optional<Entry> entry(String key) {
      return entries.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    @Override
    public String kindName() {
      return "a map";
    }
  }

  record Sequence(Position position, List<YamlNode> items) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String kindName() {
      return "a list";
    }
  }

  /** A scalar with the type YAML's resolver gave it. {@code text} is null for {@code NULL}. */
  record Scalar(Position position, Type type, String text) implements YamlNode {
    enum Type {
      STRING,
      INTEGER,
      FLOAT,
      BOOLEAN,
      NULL
    }

    @Override
    public String kindName() {
      switch (type) {
        case STRING:
          return "text '" + text + "'";
        case INTEGER:
        case FLOAT:
          return "the number " + text;
        case BOOLEAN:
          return "the boolean " + text;
        default:
          return "nothing (null)";
      }
    }
  }
}
