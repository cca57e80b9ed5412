package io.distpool.inventory;

import io.distpool.inventory.YamlNode.Entry;
import io.distpool.inventory.YamlNode.Scalar;
import io.distpool.inventory.YamlNode.Sequence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks the value of one per-host key ({@code port: 22}, {@code tags: [a, b]}, ...).
 *
 * <p>The same keys are allowed under {@code defaults:} except {@code name} and {@code address}.
 * Each reader returns the typed value, or null after adding a problem.
 */
final class HostKeys {
  static final Set<String> HOST_KEYS =
      Set.of(
          "name",
          "address",
          "port",
          "user",
          "identity",
          "known_hosts",
          "slots",
          "speed",
          "tags",
          "desktop",
          "enabled",
          "poll_interval",
          "poll_timeout",
          "desktop_idle",
          "distccd",
          "ssh_multiplex",
          "desktop_reserve",
          "desktop_remote",
          "compilers");
  static final Set<String> DEFAULT_KEYS = without(HOST_KEYS, "name", "address");

  private final Problems problems;
  private final Path baseDirectory;

  HostKeys(Problems problems, Path baseDirectory) {
    this.problems = problems;
    this.baseDirectory = baseDirectory;
  }

  private static Set<String> without(Set<String> all, String... removed) {
    Set<String> copy = new LinkedHashSet<>(all);
    copy.removeAll(List.of(removed));
    return Set.copyOf(copy);
  }

  /** Reads one entry into {@code into} under its key; problems are recorded, not thrown. */
  void read(Entry entry, String field, Map<String, Object> into) {
    Object value = convert(entry, field);
    if (value != null) {
      into.put(entry.key(), value);
    }
  }

  /**
   * Reads one key of the {@code local:} map: {@code slots} may be 0 there (never compile here by
   * choice), {@code speed} as for a host.
   */
  void readLocal(Entry entry, String field, Map<String, Object> into) {
    Object value =
        entry.key().equals("slots")
            ? integer(entry.value(), field, 0, 4096)
            : convert(entry, field);
    if (value != null) {
      into.put(entry.key(), value);
    }
  }

  /** A slot cap of the {@code limits:} map: 1 to 4096 slots. */
  Integer slotCap(YamlNode node, String field) {
    return integer(node, field, 1, 4096);
  }

  private Object convert(Entry entry, String field) {
    YamlNode node = entry.value();
    switch (entry.key()) {
      case "name":
        return word(
            node,
            field,
            "a host name",
            Names::isValidHostName,
            "letters, digits, '.', '_' and '-', starting with a letter or digit");
      case "address":
        return word(
            node,
            field,
            "an address",
            Names::isValidAddress,
            "a host name or IP address (no spaces, not starting with '-')");
      case "user":
        return word(
            node,
            field,
            "a user name",
            Names::isValidUser,
            "letters, digits, '.', '_' and '-', not starting with '-'");
      case "port":
        return integer(node, field, 1, 65535);
      case "slots":
        return integer(node, field, 1, 4096);
      case "desktop_reserve":
        return integer(node, field, 0, 4096);
      case "speed":
        return speed(node, field);
      case "desktop":
      case "enabled":
      case "ssh_multiplex":
      case "desktop_remote":
        return bool(node, field);
      case "identity":
        return identities(node, field);
      case "known_hosts":
        return path(node, field);
      case "distccd":
        return word(
            node,
            field,
            "a path on the host",
            Names::isValidRemotePath,
            "an absolute path of letters, digits and / . _ + -, e.g. /opt/csw/bin/distccd");
      case "tags":
        return tags(node, field);
      case "compilers":
        return compilers(node, field);
      case "poll_interval":
      case "poll_timeout":
        return duration(node, field, Duration.ofMillis(100));
      case "desktop_idle":
        return duration(node, field, Duration.ZERO);
      default:
        throw new IllegalArgumentException("not a host key: '" + entry.key() + "'");
    }
  }

  private String word(
      YamlNode node,
      String field,
      String what,
      java.util.function.Predicate<String> valid,
      String rule) {
    String text = text(node, field, what);
    if (text == null) {
      return null;
    }
    if (!valid.test(text)) {
      problems.add(node.position(), field, "'" + text + "' is not " + what + ": use " + rule);
      return null;
    }
    return text;
  }

  private String text(YamlNode node, String field, String what) {
    if (node instanceof Scalar) {
      Scalar scalar = (Scalar) node;
      if (scalar.type() == Scalar.Type.STRING || scalar.type() == Scalar.Type.INTEGER) {
        return scalar.text();
      }
    }
    problems.add(node.position(), field, "expected " + what + ", got " + node.kindName());
    return null;
  }

  private Integer integer(YamlNode node, String field, int min, int max) {
    if (!(node instanceof Scalar) || ((Scalar) node).type() != Scalar.Type.INTEGER) {
      problems.add(node.position(), field, "expected a whole number, got " + node.kindName());
      return null;
    }
    long value;
    try {
      value = Long.parseLong(((Scalar) node).text());
    } catch (NumberFormatException e) {
      value = Long.MAX_VALUE;
    }
    if (value < min || value > max) {
      problems.add(
          node.position(),
          field,
          ((Scalar) node).text() + " is out of range (" + min + " to " + max + ")");
      return null;
    }
    return (int) value;
  }

  private Double speed(YamlNode node, String field) {
    if (!(node instanceof Scalar) || !isNumber((Scalar) node)) {
      problems.add(
          node.position(), field, "expected a number such as 1.0 or 2.5, got " + node.kindName());
      return null;
    }
    double value = Double.parseDouble(((Scalar) node).text());
    if (!(value > 0) || value > 1000) {
      problems.add(
          node.position(),
          field,
          ((Scalar) node).text() + " is out of range (more than 0, at most 1000)");
      return null;
    }
    return value;
  }

  private static boolean isNumber(Scalar scalar) {
    return scalar.type() == Scalar.Type.INTEGER || scalar.type() == Scalar.Type.FLOAT;
  }

  private Boolean bool(YamlNode node, String field) {
    if (!(node instanceof Scalar) || ((Scalar) node).type() != Scalar.Type.BOOLEAN) {
      problems.add(node.position(), field, "expected true or false, got " + node.kindName());
      return null;
    }
    return Boolean.parseBoolean(((Scalar) node).text());
  }

  private Duration duration(YamlNode node, String field, Duration min) {
    String text = text(node, field, "a duration such as 5s");
    if (text == null) {
      return null;
    }
    try {
      Duration value = Durations.parse(text);
      if (value.compareTo(min) < 0 || (min.isZero() ? false : value.isZero())) {
        problems.add(
            node.position(),
            field,
            "'" + text + "' is too short (at least " + Durations.format(min) + ")");
        return null;
      }
      return value;
    } catch (IllegalArgumentException e) {
      problems.add(node.position(), field, e.getMessage());
      return null;
    }
  }

  private List<String> tags(YamlNode node, String field) {
    List<YamlNode> items = node instanceof Sequence ? ((Sequence) node).items() : List.of(node);
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String itemField = node instanceof Sequence ? field + "[" + i + "]" : field;
      String tag =
          word(
              items.get(i),
              itemField,
              "a tag",
              Names::isValidTag,
              "letters, digits, '.', '_', '+' and '-'");
      if (tag != null) {
        tags.add(tag);
      }
    }
    return tags;
  }

  private List<String> compilers(YamlNode node, String field) {
    List<YamlNode> items = node instanceof Sequence ? ((Sequence) node).items() : List.of(node);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String itemField = node instanceof Sequence ? field + "[" + i + "]" : field;
      String name =
          word(
              items.get(i),
              itemField,
              "a compiler",
              Names::isValidCompiler,
              "a name such as gcc-12 or an absolute path such as /opt/gcc/bin/gcc");
      if (name != null) {
        names.add(name);
      }
    }
    return names;
  }

  private List<Path> identities(YamlNode node, String field) {
    List<YamlNode> items = node instanceof Sequence ? ((Sequence) node).items() : List.of(node);
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String itemField = node instanceof Sequence ? field + "[" + i + "]" : field;
      Path path = path(items.get(i), itemField);
      if (path == null) {
        continue;
      }
      if (!Files.isRegularFile(path)) {
        problems.add(
            items.get(i).position(),
            itemField,
            "identity file " + path + " does not exist; create it with ssh-keygen or fix the path");
      } else if (!Files.isReadable(path)) {
        problems.add(
            items.get(i).position(),
            itemField,
            "identity file " + path + " is not readable by this user");
      } else {
        paths.add(path);
      }
    }
    return paths;
  }

  private Path path(YamlNode node, String field) {
    String text = text(node, field, "a file path");
    if (text == null) {
      return null;
    }
    if (text.isBlank() || text.chars().anyMatch(c -> c < 0x20 || c == '"' || c == 0x7f)) {
      problems.add(
          node.position(),
          field,
          "'" + text + "' is not a usable path (empty, or has quotes or control characters)");
      return null;
    }
    return resolve(text);
  }

  private Path resolve(String text) {
    if (text.equals("~") || text.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + text.substring(1)).normalize();
    }
    return baseDirectory.resolve(text).normalize();
  }
}
