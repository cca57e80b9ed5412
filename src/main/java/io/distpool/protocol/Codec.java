package io.distpool.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The wire form of requests and responses: one line of UTF-8 each, {@code VERB key=value ...}.
 *
 * <p>Values are percent-encoded (space, {@code %}, control and non-ASCII bytes), so a line never
 * holds a space inside a value. Unknown keys are ignored, so either side may add keys without
 * breaking the other. Small enough for a C client: see {@code man distpool} for the grammar.
 *
 * <pre>
 * LEASE wait=2000 [compiler=gcc target=x86_64-linux-gnu version=12.2.0] [tags=a,b]
 *       [user=alice client=ws1]
 *                                       GRANT host=h1 hosts=@h1/64 ssh=/run/.../ssh
 *                                       LOCAL reason=no%20free%20slot
 * DONE exit=0 ms=1530 [fault=host]      (no answer; the client closes)
 * STATUS                                STATUS json={...}
 * REFRESH [calibrate=1] hosts=h1,h2     OK message=...
 * RELOAD | STOP                         OK message=...   or   ERROR message=...
 * </pre>
 */
public final class Codec {
  /** Longest line either side accepts. */
  public static final int MAX_LINE = 4 * 1024 * 1024;

  private Codec() {}

  public static String encode(Request request) {
    if (request instanceof Request.Lease) {
      Request.Lease lease = (Request.Lease) request;
      StringBuilder line = new StringBuilder("LEASE wait=").append(lease.maxWait().toMillis());
      if (lease.compiler().isPresent()) { // no lambdas: this runs in gethost's short-lived JVM
        Request.Compiler c = lease.compiler().get();
        line.append(" compiler=").append(escape(c.name()));
        line.append(" target=").append(escape(c.target()));
        line.append(" version=").append(escape(c.version()));
      }
      if (!lease.tags().isEmpty()) {
        line.append(" tags=").append(escape(String.join(",", lease.tags())));
      }
      if (lease.user().isPresent()) {
        line.append(" user=").append(escape(lease.user().get()));
      }
      if (lease.client().isPresent()) {
        line.append(" client=").append(escape(lease.client().get()));
      }
      return line.toString();
    }
    if (request instanceof Request.Done) {
      Request.Done done = (Request.Done) request;
      return "DONE exit="
          + done.exitStatus()
          + " ms="
          + done.elapsed().toMillis()
          + (done.hostFault() ? " fault=host" : "");
    }
    if (request instanceof Request.Status) {
      return "STATUS";
    }
    if (request instanceof Request.Refresh) {
      Request.Refresh refresh = (Request.Refresh) request;
      String line = refresh.calibrate() ? "REFRESH calibrate=1" : "REFRESH";
      return refresh.hosts().isEmpty()
          ? line
          : line + " hosts=" + escape(String.join(",", refresh.hosts()));
    }
    if (request instanceof Request.Reload) {
      return "RELOAD";
    }
    return "STOP";
  }

  public static String encode(Response response) {
    if (response instanceof Response.Grant) {
      Response.Grant grant = (Response.Grant) response;
      return "GRANT host="
          + escape(grant.host())
          + " hosts="
          + escape(grant.distccHosts())
          + " ssh="
          + escape(grant.distccSsh());
    }
    if (response instanceof Response.Local) {
      return "LOCAL reason=" + escape(((Response.Local) response).reason());
    }
    if (response instanceof Response.Status) {
      return "STATUS json=" + escape(((Response.Status) response).json());
    }
    if (response instanceof Response.Ok) {
      return "OK message=" + escape(((Response.Ok) response).message());
    }
    return "ERROR message=" + escape(((Response.Failure) response).message());
  }

  private static final java.util.Set<String> REQUESTS =
      java.util.Set.of("LEASE", "DONE", "STATUS", "REFRESH", "RELOAD", "STOP");
  private static final java.util.Set<String> RESPONSES =
      java.util.Set.of("GRANT", "LOCAL", "STATUS", "OK", "ERROR");

  public static Request decodeRequest(String line) throws ProtocolException {
    Map<String, String> fields = new HashMap<>();
    String verb = split(line, fields, REQUESTS, "request");
    switch (verb) {
      case "LEASE":
        long wait = number(fields, "wait", 0);
        if (wait < 0) {
          throw new ProtocolException("wait= must not be negative, got '" + wait + "'");
        }
        Optional<Request.Compiler> compiler = Optional.empty();
        if (fields.containsKey("compiler")) {
          compiler =
              Optional.of(
                  new Request.Compiler(
                      required(fields, "compiler"),
                      required(fields, "target"),
                      required(fields, "version")));
        }
        String tags = fields.getOrDefault("tags", "");
        return new Request.Lease(
            Duration.ofMillis(wait),
            compiler,
            tags.isEmpty() ? List.of() : Arrays.asList(tags.split(",")),
            optional(fields, "user"),
            optional(fields, "client"));
      case "DONE":
        long exit = number(fields, "exit", -1);
        if (exit < Integer.MIN_VALUE || exit > Integer.MAX_VALUE) {
          throw new ProtocolException("exit= out of range: " + exit);
        }
        return new Request.Done(
            (int) exit,
            Duration.ofMillis(number(fields, "ms", 0)),
            "host".equals(fields.get("fault")));
      case "STATUS":
        return new Request.Status();
      case "REFRESH":
        String hosts = fields.getOrDefault("hosts", "");
        return new Request.Refresh(
            hosts.isEmpty() ? List.of() : Arrays.asList(hosts.split(",")),
            "1".equals(fields.get("calibrate")));
      case "RELOAD":
        return new Request.Reload();
      case "STOP":
        return new Request.Stop();
      default:
        throw new ProtocolException("unknown request '" + shorten(verb) + "'");
    }
  }

  public static Response decodeResponse(String line) throws ProtocolException {
    Map<String, String> fields = new HashMap<>();
    String verb = split(line, fields, RESPONSES, "response");
    switch (verb) {
      case "GRANT":
        return new Response.Grant(
            plain(fields, "host"), plain(fields, "hosts"), plain(fields, "ssh"));
      case "LOCAL":
        return new Response.Local(fields.getOrDefault("reason", ""));
      case "STATUS":
        return new Response.Status(required(fields, "json"));
      case "OK":
        return new Response.Ok(fields.getOrDefault("message", ""));
      case "ERROR":
        return new Response.Failure(fields.getOrDefault("message", "(no message)"));
      default:
        throw new ProtocolException("unknown response '" + shorten(verb) + "'");
    }
  }

  private static String split(
      String line, Map<String, String> fields, java.util.Set<String> verbs, String kind)
      throws ProtocolException {
    String[] words = line.strip().split(" +");
    if (!verbs.contains(words[0])) {
      throw new ProtocolException("unknown " + kind + " '" + shorten(words[0]) + "'");
    }
    for (int i = 1; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq <= 0) {
        throw new ProtocolException("expected key=value, got '" + shorten(words[i]) + "'");
      }
      fields.put(words[i].substring(0, eq), unescape(words[i].substring(eq + 1)));
    }
    return words[0];
  }

  private static String required(Map<String, String> fields, String key) throws ProtocolException {
    String value = fields.get(key);
    if (value == null) {
      throw new ProtocolException("missing " + key + "=");
    }
    return value;
  }

  /** Longest user or client name a LEASE may state. */
  static final int MAX_NAME = 128;

  /** A name the client may state, absent when not given: printable, at most {@link #MAX_NAME}. */
  private static Optional<String> optional(Map<String, String> fields, String key)
      throws ProtocolException {
    String value = fields.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isEmpty() || value.length() > MAX_NAME || hasControlCharacter(value)) {
      throw new ProtocolException(
          key + "= must be 1 to " + MAX_NAME + " characters without control characters");
    }
    return Optional.of(value);
  }

  /** A required value that goes into an environment variable: no control characters. */
  private static String plain(Map<String, String> fields, String key) throws ProtocolException {
    String value = required(fields, key);
    if (value.isEmpty() || hasControlCharacter(value)) {
      throw new ProtocolException(key + "= is empty or has control characters");
    }
    return value;
  }

  private static boolean hasControlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  private static long number(Map<String, String> fields, String key, long fallback)
      throws ProtocolException {
    String value = fields.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ProtocolException(key + "= must be a number, got '" + shorten(value) + "'");
    }
  }

  private static String shorten(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  /** Percent-encodes the bytes a value may not carry raw. */
  static String escape(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c <= 0x20 || c >= 0x7f || c == '%') {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }

  static String unescape(String value) throws ProtocolException {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '%') {
        int end = Character.isHighSurrogate(c) && i + 1 < value.length() ? i + 2 : i + 1;
        out.writeBytes(value.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
        continue;
      }
      if (i + 2 >= value.length()) {
        throw new ProtocolException("truncated %-escape in '" + shorten(value) + "'");
      }
      int hi = Character.digit(value.charAt(i + 1), 16);
      int lo = Character.digit(value.charAt(i + 2), 16);
      if (hi < 0 || lo < 0) {
        throw new ProtocolException("bad %-escape in '" + shorten(value) + "'");
      }
      out.write(hi << 4 | lo);
      i += 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
