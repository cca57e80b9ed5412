package io.distpool.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.distpool.inventory.YamlNode.Entry;
import io.distpool.inventory.YamlNode.Position;
import io.distpool.inventory.YamlNode.Scalar;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads YAML text into a {@link YamlNode} tree with positions, reporting syntax errors kindly. */
final class YamlReader {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  private YamlReader() {}

  /** Thrown for YAML that does not parse; carries the position the parser stopped at. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Position position;

    SyntaxError(Position position, String message) {
      super(message);
      this.position = position;
    }
  }

  /** The document's root node, or empty for an empty document. */
  static Optional<YamlNode> read(String text) throws SyntaxError {
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return Optional.empty();
      }
      return Optional.of(node(parser));
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof MarkedYAMLException) {
        throw fromSnakeYaml((MarkedYAMLException) e.getCause(), e);
      }
      JsonLocation at = e.getLocation();
      Position position =
          at == null
              ? new Position(1, 1)
              : new Position(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
      throw new SyntaxError(position, "not valid YAML: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new SyntaxError(new Position(1, 1), "not valid YAML: " + e.getMessage());
    }
  }

  /**
   * snakeyaml's own message begins with what it was parsing ("while scanning for the next token")
   * and Jackson's location is that of the last good token, often a line earlier. The problem and
   * its mark say what is wrong and where.
   */
  private static SyntaxError fromSnakeYaml(
      MarkedYAMLException yaml, JsonProcessingException wrapper) {
    if (yaml.getProblem() == null || yaml.getProblemMark() == null) {
      return new SyntaxError(
          new Position(1, 1), "not valid YAML: " + firstLine(wrapper.getOriginalMessage()));
    }
    Mark at = yaml.getProblemMark();
    StringBuilder message =
        new StringBuilder("not valid YAML: ").append(firstLine(yaml.getProblem()));
    if (yaml.getContext() != null) {
      message.append(" (").append(firstLine(yaml.getContext()));
      Mark from = yaml.getContextMark();
      if (from != null) {
        message
            .append(" from line ")
            .append(from.getLine() + 1)
            .append(", column ")
            .append(from.getColumn() + 1);
      }
      message.append(')');
    }
    return new SyntaxError(new Position(at.getLine() + 1, at.getColumn() + 1), message.toString());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "syntax error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static YamlNode node(JsonParser parser) throws IOException {
    Position position = position(parser);
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        return mapping(parser, position);
      case START_ARRAY:
        return sequence(parser, position);
      case VALUE_STRING:
        return new Scalar(position, Scalar.Type.STRING, parser.getText());
      case VALUE_NUMBER_INT:
        return new Scalar(position, Scalar.Type.INTEGER, parser.getText());
      case VALUE_NUMBER_FLOAT:
        return new Scalar(position, Scalar.Type.FLOAT, parser.getText());
      case VALUE_TRUE:
        // YAML 1.1 also spells true as yes/on: keep the parser's verdict, not the spelling.
        return new Scalar(position, Scalar.Type.BOOLEAN, "true");
      case VALUE_FALSE:
        return new Scalar(position, Scalar.Type.BOOLEAN, "false");
      case VALUE_NULL:
        return new Scalar(position, Scalar.Type.NULL, null);
      default:
        throw new JsonParseFailure(parser, "unexpected " + token);
    }
  }

  private static YamlNode mapping(JsonParser parser, Position position) throws IOException {
    List<Entry> entries = new ArrayList<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      Position keyPosition = position(parser);
      parser.nextToken();
      entries.add(new Entry(key, keyPosition, node(parser)));
    }
    return new YamlNode.Mapping(position, entries);
  }

  private static YamlNode sequence(JsonParser parser, Position position) throws IOException {
    List<YamlNode> items = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      items.add(node(parser));
    }
    return new YamlNode.Sequence(position, items);
  }

  private static Position position(JsonParser parser) {
    JsonLocation at = parser.currentTokenLocation();
    return new Position(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
  }

  /** A structural surprise, reported like any other parse error. */
  private static final class JsonParseFailure extends JsonProcessingException {
    private static final long serialVersionUID = 1L;

    JsonParseFailure(JsonParser parser, String message) {
      super(message, parser.currentTokenLocation());
    }
  }
}
