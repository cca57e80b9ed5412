package io.distpool.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link StatusReport} to and from the JSON of {@code distpool status --json}: one object, {@code
 * {"hosts":[...],"leased":N,"waiting":N,...}}, numbers as JSON numbers, unknowns as null.
 */
public final class StatusJson {
  private static final JsonFactory JSON = new JsonFactory();

  private StatusJson() {}

  public static String write(StatusReport report) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("hosts");
      for (HostStatus host : report.hosts()) {
        writeHost(g, host);
      }
      g.writeEndArray();
      g.writeNumberField("leased", report.leased());
      g.writeNumberField("waiting", report.waiting());
      g.writeStringField("inventory", report.inventory());
      g.writeBooleanField("inventory_exists", report.inventoryExists());
      g.writeStringField("inventory_error", report.inventoryError());
      g.writeStringField("version", report.version());
      if (report.local() != null) {
        StatusReport.LocalStatus l = report.local();
        g.writeObjectFieldStart("local");
        number(g, "cpus", l.cpus());
        g.writeNumberField("slots", l.slots());
        g.writeNumberField("running", l.running());
        g.writeNumberField("speed", l.speed());
        g.writeStringField("speed_source", l.speedSource());
        number(g, "calibration_seconds", l.calibrationSeconds());
        g.writeStringField("calibration_error", l.calibrationError());
        number(g, "cpu_quota", l.cpuQuota());
        g.writeEndObject();
      }
      g.writeArrayFieldStart("clients");
      for (StatusReport.ClientStatus c : report.clients()) {
        g.writeStartObject();
        g.writeStringField("user", c.user());
        g.writeStringField("client", c.client());
        g.writeNumberField("leased", c.leased());
        g.writeNumberField("waiting", c.waiting());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a string cannot fail", e);
    }
    return out.toString();
  }

  private static void writeHost(JsonGenerator g, HostStatus h) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", h.name());
    g.writeStringField("address", h.address());
    g.writeStringField("state", h.state());
    g.writeStringField("os", h.os());
    g.writeStringField("os_release", h.osRelease());
    g.writeStringField("arch", h.arch());
    number(g, "cpus", h.cpus());
    number(g, "cpu_quota", h.cpuQuota());
    number(g, "load1", h.load1());
    number(g, "load5", h.load5());
    number(g, "load15", h.load15());
    number(g, "run_queue", h.runQueue());
    number(g, "running", h.running());
    g.writeFieldName("desktop_active");
    if (h.desktopActive() == null) {
      g.writeNull();
    } else {
      g.writeBoolean(h.desktopActive());
    }
    number(g, "idle_minutes", h.idleMinutes());
    g.writeArrayFieldStart("users");
    for (HostStatus.UserStatus u : h.users()) {
      g.writeStartObject();
      g.writeStringField("user", u.user());
      g.writeStringField("tty", u.tty());
      number(g, "idle_minutes", u.idleMinutes());
      g.writeStringField("from", u.from());
      g.writeBooleanField("local", u.local());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeBooleanField("desktop", h.desktop());
    g.writeNumberField("slots", h.slots());
    g.writeNumberField("free", h.free());
    g.writeNumberField("leased", h.leased());
    g.writeNumberField("speed", h.speed());
    number(g, "rank", h.rank());
    g.writeArrayFieldStart("tags");
    for (String tag : h.tags()) {
      g.writeString(tag);
    }
    g.writeEndArray();
    g.writeStringField("last_probe", h.lastProbe());
    g.writeStringField("error", h.error());
    g.writeStringField("fingerprint", h.fingerprint());
    g.writeStringField("desktop_user", h.desktopUser());
    g.writeStringField("desktop_since", h.desktopSince());
    g.writeNumberField("reserved", h.reserved());
    g.writeArrayFieldStart("compilers");
    for (HostStatus.CompilerStatus c : h.compilers()) {
      g.writeStartObject();
      g.writeStringField("name", c.name());
      g.writeStringField("path", c.path());
      g.writeStringField("target", c.target());
      g.writeStringField("version", c.version());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("speed_source", h.speedSource());
    number(g, "calibration_seconds", h.calibrationSeconds());
    g.writeStringField("calibration_error", h.calibrationError());
    g.writeEndObject();
  }

  private static void number(JsonGenerator g, String field, Number value) throws IOException {
    g.writeFieldName(field);
    if (value == null) {
      g.writeNull();
    } else if (value instanceof Double) {
      g.writeNumber(value.doubleValue());
    } else {
      g.writeNumber(value.intValue());
    }
  }

  /** Reads what {@link #write} wrote; unknown fields are skipped. */
  public static StatusReport read(String json) throws ProtocolException {
    try (JsonParser p = JSON.createParser(json)) {
      Map<String, Object> top = object(p, p.nextToken());
      List<HostStatus> hosts = new ArrayList<>();
      for (Object item : list(top.get("hosts"))) {
        hosts.add(host(map(item)));
      }
      return new StatusReport(
          hosts,
          integer(top.get("leased"), 0),
          integer(top.get("waiting"), 0),
          string(top.get("inventory"), ""),
          Boolean.TRUE.equals(top.get("inventory_exists")),
          string(top.get("inventory_error"), null),
          string(top.get("version"), "?"),
          top.get("local") instanceof Map ? local(map(top.get("local"))) : null,
          clients(top.get("clients")));
    } catch (IOException | RuntimeException e) {
      throw new ProtocolException("bad status JSON: " + e.getMessage());
    }
  }

  private static List<StatusReport.ClientStatus> clients(Object value) {
    List<StatusReport.ClientStatus> clients = new ArrayList<>();
    for (Object item : list(value)) {
      Map<String, Object> c = map(item);
      clients.add(
          new StatusReport.ClientStatus(
              string(c.get("user"), "?"),
              string(c.get("client"), "?"),
              integer(c.get("leased"), 0),
              integer(c.get("waiting"), 0)));
    }
    return clients;
  }

  private static HostStatus host(Map<String, Object> m) {
    List<HostStatus.UserStatus> users = new ArrayList<>();
    for (Object item : list(m.get("users"))) {
      Map<String, Object> u = map(item);
      users.add(
          new HostStatus.UserStatus(
              string(u.get("user"), "?"),
              string(u.get("tty"), "?"),
              boxedInt(u.get("idle_minutes")),
              string(u.get("from"), null),
              Boolean.TRUE.equals(u.get("local"))));
    }
    List<String> tags = new ArrayList<>();
    for (Object tag : list(m.get("tags"))) {
      tags.add(String.valueOf(tag));
    }
    Object desktopActive = m.get("desktop_active");
    return new HostStatus(
        string(m.get("name"), "?"),
        string(m.get("address"), "?"),
        string(m.get("state"), "?"),
        string(m.get("os"), null),
        string(m.get("os_release"), null),
        string(m.get("arch"), null),
        boxedInt(m.get("cpus")),
        boxedDouble(m.get("load1")),
        boxedDouble(m.get("load5")),
        boxedDouble(m.get("load15")),
        boxedInt(m.get("run_queue")),
        boxedInt(m.get("running")),
        desktopActive instanceof Boolean ? (Boolean) desktopActive : null,
        boxedInt(m.get("idle_minutes")),
        users,
        Boolean.TRUE.equals(m.get("desktop")),
        integer(m.get("slots"), 0),
        integer(m.get("free"), 0),
        integer(m.get("leased"), 0),
        m.get("speed") instanceof Number ? ((Number) m.get("speed")).doubleValue() : 1.0,
        boxedInt(m.get("rank")),
        tags,
        string(m.get("last_probe"), null),
        string(m.get("error"), null),
        string(m.get("fingerprint"), null),
        string(m.get("desktop_user"), null),
        string(m.get("desktop_since"), null),
        integer(m.get("reserved"), 0),
        compilers(m.get("compilers")),
        string(m.get("speed_source"), null),
        boxedDouble(m.get("calibration_seconds")),
        string(m.get("calibration_error"), null),
        boxedDouble(m.get("cpu_quota")));
  }

  private static StatusReport.LocalStatus local(Map<String, Object> m) {
    return new StatusReport.LocalStatus(
        boxedInt(m.get("cpus")),
        integer(m.get("slots"), 0),
        integer(m.get("running"), 0),
        m.get("speed") instanceof Number ? ((Number) m.get("speed")).doubleValue() : 1.0,
        string(m.get("speed_source"), null),
        boxedDouble(m.get("calibration_seconds")),
        string(m.get("calibration_error"), null),
        boxedDouble(m.get("cpu_quota")));
  }

  private static List<HostStatus.CompilerStatus> compilers(Object value) {
    List<HostStatus.CompilerStatus> compilers = new ArrayList<>();
    for (Object item : list(value)) {
      Map<String, Object> c = map(item);
      compilers.add(
          new HostStatus.CompilerStatus(
              string(c.get("name"), "?"),
              string(c.get("path"), "?"),
              string(c.get("target"), "?"),
              string(c.get("version"), "?")));
    }
    return compilers;
  }

  private static Object value(JsonParser p, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT:
        return object(p, token);
      case START_ARRAY:
        List<Object> items = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          items.add(value(p, t));
        }
        return items;
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return p.getNumberValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected " + token);
    }
  }

  private static Map<String, Object> object(JsonParser p, JsonToken start) throws IOException {
    if (start != JsonToken.START_OBJECT) {
      throw new IOException("expected an object");
    }
    Map<String, Object> fields = new HashMap<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName();
      fields.put(name, value(p, p.nextToken()));
    }
    return fields;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map ? (Map<String, Object>) value : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return value instanceof List ? (List<Object>) value : List.of();
  }

  private static String string(Object value, String fallback) {
    return value instanceof String ? (String) value : fallback;
  }

  private static int integer(Object value, int fallback) {
    return value instanceof Number ? ((Number) value).intValue() : fallback;
  }

  private static Integer boxedInt(Object value) {
    return value instanceof Number ? ((Number) value).intValue() : null;
  }

  private static Double boxedDouble(Object value) {
    return value instanceof Number ? ((Number) value).doubleValue() : null;
  }
}
