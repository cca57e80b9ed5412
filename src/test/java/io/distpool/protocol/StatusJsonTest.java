package io.distpool.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code status --json} contract: field names, JSON types, and nulls for unknowns. */
class StatusJsonTest {
  static final HostStatus KNOWN =
      new HostStatus(
          "build1",
          "10.0.0.11",
          "up",
          "Linux",
          "6.1.0-18-amd64",
          "x86_64",
          16,
          3.41,
          2.98,
          2.1,
          3,
          2,
          false,
          42,
          List.of(
              new HostStatus.UserStatus("alice", ":0", 42, ":0", true),
              new HostStatus.UserStatus("bob", "pts/0", null, null, false)),
          true,
          16,
          11,
          3,
          2.5,
          1,
          List.of("gcc12", "avx2"),
          "2024-05-01T10:00:00Z",
          "unparsed who: \"odd\" line ✓",
          null,
          "alice",
          "2024-05-01T09:18:00Z",
          0,
          List.of(
              new HostStatus.CompilerStatus("gcc", "/usr/bin/gcc", "x86_64-linux-gnu", "12.2.0")));
  static final HostStatus UNKNOWN =
      new HostStatus(
          "ws7",
          "ws7.example.com",
          "untrusted",
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          List.of(),
          false,
          1,
          0,
          0,
          1.0,
          null,
          List.of(),
          null,
          null,
          "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",
          null,
          null,
          0,
          List.of());
  static final StatusReport REPORT =
      new StatusReport(
          List.of(KNOWN, UNKNOWN),
          3,
          2,
          "/home/u/.config/distpool/hosts.yaml",
          true,
          null,
          "0.1.0");

  @Test
  void aReportRoundTrips() throws ProtocolException {
    assertThat(StatusJson.read(StatusJson.write(REPORT))).isEqualTo(REPORT);
  }

  @Test
  void thisMachineAndEveryHostsSpeedSourceRoundTrip() throws ProtocolException {
    HostStatus calibrated =
        new HostStatus(
            KNOWN.name(),
            KNOWN.address(),
            KNOWN.state(),
            KNOWN.os(),
            KNOWN.osRelease(),
            KNOWN.arch(),
            KNOWN.cpus(),
            KNOWN.load1(),
            KNOWN.load5(),
            KNOWN.load15(),
            KNOWN.runQueue(),
            KNOWN.running(),
            KNOWN.desktopActive(),
            KNOWN.idleMinutes(),
            KNOWN.users(),
            KNOWN.desktop(),
            KNOWN.slots(),
            KNOWN.free(),
            KNOWN.leased(),
            1.7,
            KNOWN.rank(),
            KNOWN.tags(),
            KNOWN.lastProbe(),
            KNOWN.error(),
            KNOWN.fingerprint(),
            KNOWN.desktopUser(),
            KNOWN.desktopSince(),
            KNOWN.reserved(),
            KNOWN.compilers(),
            "calibrated, refined by 12 jobs",
            0.29,
            null,
            0.25);
    HostStatus failed =
        new HostStatus(
            UNKNOWN.name(),
            UNKNOWN.address(),
            UNKNOWN.state(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            false,
            1,
            0,
            0,
            1.0,
            null,
            List.of(),
            null,
            null,
            null,
            null,
            null,
            0,
            List.of(),
            "assumed",
            null,
            "no C compiler (gcc, cc or clang) on PATH",
            null);
    StatusReport report =
        new StatusReport(
            List.of(calibrated, failed),
            0,
            0,
            "/h/hosts.yaml",
            true,
            null,
            "0.1.0",
            new StatusReport.LocalStatus(2, 1, 1, 0.9, "calibrated", 0.55, null, 0.5));

    assertThat(StatusJson.read(StatusJson.write(report))).isEqualTo(report);
    assertThat(StatusJson.write(report))
        .contains("\"local\":{\"cpus\":2,\"slots\":1,")
        .contains("\"cpu_quota\":0.5}")
        .contains("\"cpus\":16,\"cpu_quota\":0.25,");
  }

  @Test
  void anEmptyPoolRoundTrips() throws ProtocolException {
    StatusReport empty =
        new StatusReport(
            List.of(),
            0,
            0,
            "/nowhere/hosts.yaml",
            false,
            "/nowhere/hosts.yaml:1:1: syntax: not valid YAML: x",
            "0.1.0");

    assertThat(StatusJson.read(StatusJson.write(empty))).isEqualTo(empty);
  }

  @Test
  void topLevelCountsAreJsonNumbers() throws IOException {
    Map<String, JsonToken> fields = fields(StatusJson.write(REPORT));

    assertThat(fields)
        .containsEntry("leased", JsonToken.VALUE_NUMBER_INT)
        .containsEntry("waiting", JsonToken.VALUE_NUMBER_INT)
        .containsEntry("hosts", JsonToken.START_ARRAY);
  }

  @Test
  void everyContractFieldOfAHostIsPresentWithItsJsonType() throws IOException {
    Map<String, JsonToken> host = fields(StatusJson.write(REPORT), "hosts[0].");

    assertThat(host)
        .containsEntry("name", JsonToken.VALUE_STRING)
        .containsEntry("address", JsonToken.VALUE_STRING)
        .containsEntry("state", JsonToken.VALUE_STRING)
        .containsEntry("os", JsonToken.VALUE_STRING)
        .containsEntry("arch", JsonToken.VALUE_STRING)
        .containsEntry("cpus", JsonToken.VALUE_NUMBER_INT)
        .containsEntry("load1", JsonToken.VALUE_NUMBER_FLOAT)
        .containsEntry("load5", JsonToken.VALUE_NUMBER_FLOAT)
        .containsEntry("load15", JsonToken.VALUE_NUMBER_FLOAT)
        .containsEntry("running", JsonToken.VALUE_NUMBER_INT)
        .containsEntry("desktop_active", JsonToken.VALUE_FALSE)
        .containsEntry("idle_minutes", JsonToken.VALUE_NUMBER_INT)
        .containsEntry("slots", JsonToken.VALUE_NUMBER_INT)
        .containsEntry("free", JsonToken.VALUE_NUMBER_INT)
        .containsEntry("leased", JsonToken.VALUE_NUMBER_INT)
        .containsEntry("speed", JsonToken.VALUE_NUMBER_FLOAT)
        .containsEntry("rank", JsonToken.VALUE_NUMBER_INT)
        .containsEntry("last_probe", JsonToken.VALUE_STRING)
        .containsEntry("error", JsonToken.VALUE_STRING);
  }

  @Test
  void unknownsAreNullNotMissingAndNotZero() throws IOException {
    Map<String, JsonToken> host = fields(StatusJson.write(REPORT), "hosts[1].");

    assertThat(host)
        .containsEntry("state", JsonToken.VALUE_STRING)
        .containsEntry("slots", JsonToken.VALUE_NUMBER_INT)
        .containsEntry("speed", JsonToken.VALUE_NUMBER_FLOAT);
    for (String unknown :
        List.of(
            "os",
            "arch",
            "cpus",
            "load1",
            "load5",
            "load15",
            "running",
            "desktop_active",
            "idle_minutes",
            "rank",
            "last_probe",
            "error")) {
      assertThat(host).as(unknown).containsEntry(unknown, JsonToken.VALUE_NULL);
    }
  }

  @Test
  void valuesAreWrittenAsThemselves() throws IOException {
    String json = StatusJson.write(REPORT);

    assertThat(json)
        .contains(
            "\"name\":\"build1\"",
            "\"cpus\":16",
            "\"load1\":3.41",
            "\"speed\":2.5",
            "\"rank\":1",
            "\"state\":\"untrusted\"",
            "\"leased\":3",
            "\"waiting\":2");
  }

  @Test
  void unknownFieldsAreSkippedSoTheDaemonMayAddSome() throws ProtocolException {
    String json =
        "{\"future\":{\"a\":[1,{\"b\":null}]},\"hosts\":[{\"name\":\"h\",\"address\":"
            + "\"h\",\"state\":\"up\",\"slots\":4,\"free\":4,\"new_field\":[true]}],\"leased\":0,"
            + "\"waiting\":0,\"inventory\":\"/h.yaml\",\"version\":\"9\"}";

    StatusReport report = StatusJson.read(json);

    assertThat(report.hosts())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.name()).isEqualTo("h");
              assertThat(h.slots()).isEqualTo(4);
              assertThat(h.cpus()).isNull();
            });
  }

  @Test
  void textThatIsNotAStatusObjectIsAProtocolError() {
    assertThatThrownBy(() -> StatusJson.read("[]"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("bad status JSON: ");
    assertThatThrownBy(() -> StatusJson.read("not json"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("bad status JSON: ");
    assertThatThrownBy(() -> StatusJson.read("{\"hosts\":[{\"name\":"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("bad status JSON: ");
  }

  /** Every field of the top-level object, by dotted path, with the token its value starts with. */
  private static Map<String, JsonToken> fields(String json) throws IOException {
    Map<String, JsonToken> found = new LinkedHashMap<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      p.nextToken();
      walk(p, "", found);
      assertThat(p.nextToken()).as("one object only").isNull();
    }
    return found;
  }

  private static Map<String, JsonToken> fields(String json, String prefix) throws IOException {
    Map<String, JsonToken> within = new LinkedHashMap<>();
    fields(json)
        .forEach(
            (path, token) -> {
              if (path.startsWith(prefix)
                  && path.indexOf('.', prefix.length()) < 0
                  && path.indexOf('[', prefix.length()) < 0) {
                within.put(path.substring(prefix.length()), token);
              }
            });
    return within;
  }

  private static void walk(JsonParser p, String path, Map<String, JsonToken> found)
      throws IOException {
    if (p.currentToken() == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = path + p.currentName();
        found.put(field, p.nextToken());
        walk(p, field + ".", found);
      }
    } else if (p.currentToken() == JsonToken.START_ARRAY) {
      String array = path.substring(0, path.length() - 1);
      for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
        found.put(array + "[" + i + "]", p.currentToken());
        walk(p, array + "[" + i + "].", found);
      }
    }
  }
}
