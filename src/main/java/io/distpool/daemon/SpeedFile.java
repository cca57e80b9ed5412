package io.distpool.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distpool.pool.SpeedMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code $XDG_STATE_HOME/distpool/speeds.json}: what the scheduler measured and learned, so a
 * restarted daemon neither calibrates every host again nor forgets what jobs taught it. Written
 * whole to a temporary file and renamed, so a crash never leaves half a file; a file that cannot be
 * read is ignored (and replaced at the next save), never fatal.
 */
final class SpeedFile {
  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  SpeedFile(Path directory) {
    this.file = directory.resolve("speeds.json");
  }

  Path path() {
    return file;
  }

  /** What the file holds; empty when there is none or it cannot be read. */
  Optional<SpeedMemory> load() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(read(JSON.readTree(file.toFile())));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  void save(SpeedMemory memory) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), write(memory));
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static ObjectNode write(SpeedMemory memory) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    number(root, "local_calibrated", memory.localCalibrated());
    number(root, "job_work", memory.work());
    number(root, "job_fixed", memory.fixed());
    ArrayNode hosts = root.putArray("hosts");
    for (SpeedMemory.HostMemory h : memory.hosts()) {
      ObjectNode host = hosts.addObject();
      host.put("name", h.name());
      host.put("address", h.address());
      host.put("port", h.port());
      number(host, "calibrated", h.calibrated());
      number(host, "learned", h.learned());
      number(host, "hold", h.hold());
      host.put("jobs", h.jobs());
    }
    return root;
  }

  static SpeedMemory read(JsonNode root) throws IOException {
    if (root == null || root.path("version").asInt() != VERSION) {
      throw new IOException("not a version " + VERSION + " speeds file");
    }
    List<SpeedMemory.HostMemory> hosts = new ArrayList<>();
    for (JsonNode h : root.path("hosts")) {
      if (!h.path("name").isTextual() || !h.path("address").isTextual()) {
        continue;
      }
      hosts.add(
          new SpeedMemory.HostMemory(
              h.get("name").asText(),
              h.get("address").asText(),
              h.path("port").asInt(22),
              number(h, "calibrated"),
              number(h, "learned"),
              number(h, "hold"),
              Math.max(0, h.path("jobs").asInt(0))));
    }
    return new SpeedMemory(
        hosts,
        number(root, "local_calibrated"),
        number(root, "job_work"),
        number(root, "job_fixed"));
  }

  /** JSON has no NaN: unknown values are written as null. */
  private static void number(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }

  private static double number(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isNumber()) {
      return Double.NaN;
    }
    double d = value.asDouble();
    return d > 0 && Double.isFinite(d) ? d : Double.NaN;
  }
}
