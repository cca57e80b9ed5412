package io.distpool.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hosts.yaml files that are valid, or not there at all. Problems are in InventoryProblemsTest. */
class InventoryLoaderTest {
  @TempDir Path dir;

  @Test
  void everyKeyReachesTheHostAndDefaultsFillTheRest() throws IOException {
    Path farmKey = file("keys/farm_ed25519");
    Path otherKey = file("elsewhere/other_key");
    Path hostsYaml =
        write(
            "hosts.yaml",
            String.join(
                "\n",
                "defaults:",
                "  port: 2222",
                "  user: builder",
                "  identity: keys/farm_ed25519",
                "  known_hosts: ~/.ssh/farm_known_hosts",
                "  slots: 4",
                "  speed: 1.5",
                "  tags: [farm]",
                "  desktop: false",
                "  enabled: true",
                "  poll_interval: 10s",
                "  poll_timeout: 3s",
                "  desktop_idle: 20m",
                "  distccd: /usr/local/bin/distccd",
                "hosts:",
                "  - name: fast1",
                "    address: 10.0.0.11",
                "    port: 22",
                "    user: alice",
                "    identity: [" + otherKey + ", keys/farm_ed25519]",
                "    known_hosts: known_hosts.farm",
                "    slots: 16",
                "    speed: 2.5",
                "    tags: [gcc12, avx2]",
                "    desktop: true",
                "    enabled: false",
                "    poll_interval: 500ms",
                "    poll_timeout: 2s",
                "    desktop_idle: 5m",
                "    distccd: /opt/csw/bin/distccd",
                "    ssh_multiplex: false",
                "  - name: plain",
                ""));

    Inventory inventory = InventoryLoader.load(hostsYaml);

    Path home = Path.of(System.getProperty("user.home"));
    assertThat(inventory.source()).contains(hostsYaml);
    assertThat(inventory.hosts())
        .containsExactly(
            new Host(
                "fast1",
                "10.0.0.11",
                22,
                "alice",
                List.of(otherKey, farmKey),
                dir.resolve("known_hosts.farm"),
                OptionalInt.of(16),
                java.util.OptionalDouble.of(2.5),
                Set.of("gcc12", "avx2"),
                true,
                false,
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                Duration.ofMinutes(5),
                Optional.of("/opt/csw/bin/distccd"),
                false,
                OptionalInt.empty(),
                false,
                io.distpool.inventory.Defaults.DEFAULT_COMPILERS),
            new Host(
                "plain",
                "plain",
                2222,
                "builder",
                List.of(farmKey),
                home.resolve(".ssh/farm_known_hosts"),
                OptionalInt.of(4),
                java.util.OptionalDouble.of(1.5),
                Set.of("farm"),
                false,
                true,
                Duration.ofSeconds(10),
                Duration.ofSeconds(3),
                Duration.ofMinutes(20),
                Optional.of("/usr/local/bin/distccd"),
                true,
                OptionalInt.empty(),
                false,
                io.distpool.inventory.Defaults.DEFAULT_COMPILERS));
  }

  @Test
  void theLocalMachineMayBeGivenSlotsAndASpeedOrLeftToBeMeasured() throws IOException {
    Inventory given =
        InventoryLoader.parse(
            Path.of("/h/hosts.yaml"), "local:\n  slots: 0\n  speed: 0.5\nhosts: []\n");
    Inventory left = InventoryLoader.parse(Path.of("/h/hosts.yaml"), "hosts: []\n");

    assertThat(given.local())
        .isEqualTo(new LocalSettings(OptionalInt.of(0), OptionalDouble.of(0.5)));
    assertThat(left.local()).isEqualTo(LocalSettings.defaults());
  }

  @Test
  void theShippedExampleIsAValidInventoryThatUsesEveryKey() throws IOException {
    // Maven runs tests from the project directory, where hosts.example.yaml lives.
    Path example = Path.of("hosts.example.yaml").toAbsolutePath();
    String text = Files.readString(example);

    Inventory inventory = InventoryLoader.parse(example, text);

    assertThat(inventory.hosts()).isNotEmpty();
    for (String key : HostKeys.HOST_KEYS) {
      assertThat(text)
          .as("hosts.example.yaml documents '%s'", key)
          .containsPattern("(?m)^\\s*#?\\s*-?\\s*" + key + ":");
    }
    assertThat(text).contains("limits:").contains("user_slots:").contains("per_user:");
    assertThat(text).contains("local:");
  }

  @Test
  void perUserSlotCapsApplyToNamedUsersFirstThenToEveryone() throws IOException {
    Inventory capped =
        InventoryLoader.parse(
            Path.of("/h/hosts.yaml"),
            "limits:\n  user_slots: 8\n  per_user:\n    alice: 16\n    ci: 32\nhosts: []\n");
    Inventory none = InventoryLoader.parse(Path.of("/h/hosts.yaml"), "hosts: []\n");

    assertThat(capped.limits().capFor("alice")).isEqualTo(16);
    assertThat(capped.limits().capFor("ci")).isEqualTo(32);
    assertThat(capped.limits().capFor("bob")).isEqualTo(8);
    assertThat(none.limits().capFor("bob")).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void aHostWithOnlyANameGetsTheBuiltInDefaults() throws IOException {
    Inventory inventory = InventoryLoader.load(write("hosts.yaml", "hosts:\n  - name: solo\n"));

    Host solo = inventory.host("solo").orElseThrow();
    assertThat(solo.address()).isEqualTo("solo");
    assertThat(solo.port()).isEqualTo(22);
    assertThat(solo.user()).isEqualTo(System.getProperty("user.name"));
    assertThat(solo.knownHosts())
        .isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
    assertThat(solo.slots()).isEmpty();
    assertThat(solo.speed()).as("left to be measured").isEmpty();
    assertThat(solo.tags()).isEmpty();
    assertThat(solo.desktop()).isFalse();
    assertThat(solo.enabled()).isTrue();
    assertThat(solo.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(solo.pollTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(solo.desktopIdle()).isEqualTo(Duration.ofMinutes(15));
    assertThat(solo.distccd()).isEmpty();
    assertThat(solo.identities())
        .allSatisfy(
            key ->
                assertThat(key.getParent())
                    .isEqualTo(Path.of(System.getProperty("user.home"), ".ssh")));
  }

  @Test
  void relativePathsAreResolvedAgainstTheFilesDirectoryNotTheWorkingDirectory() throws IOException {
    Path key = file("conf/keys/id_farm");
    Path hostsYaml =
        write(
            "conf/hosts.yaml",
            String.join(
                "\n",
                "hosts:",
                "  - name: a",
                "    identity: keys/../keys/id_farm",
                "    known_hosts: ../state/known_hosts",
                ""));

    Host a = InventoryLoader.load(hostsYaml).hosts().get(0);

    assertThat(a.identities()).containsExactly(key);
    assertThat(a.knownHosts()).isEqualTo(dir.resolve("state/known_hosts"));
  }

  @Test
  void aSingleTagMayBeWrittenWithoutAList() throws IOException {
    Host a =
        InventoryLoader.load(write("hosts.yaml", "hosts:\n  - name: a\n    tags: gcc12\n"))
            .hosts()
            .get(0);

    assertThat(a.tags()).containsExactly("gcc12");
  }

  @Test
  void yesAndOnAreReadAsTrueTheWayYamlDefinesThem() throws IOException {
    Inventory inventory =
        InventoryLoader.load(
            write(
                "hosts.yaml",
                String.join(
                    "\n",
                    "hosts:",
                    "  - name: a",
                    "    desktop: yes",
                    "  - name: b",
                    "    desktop: on",
                    "  - name: c",
                    "    enabled: no",
                    "")));

    assertThat(inventory.host("a").orElseThrow().desktop()).isTrue();
    assertThat(inventory.host("b").orElseThrow().desktop()).isTrue();
    assertThat(inventory.host("c").orElseThrow().enabled()).isFalse();
  }

  @Test
  void anIpv6AddressIsAccepted() throws IOException {
    Path hostsYaml = write("hosts.yaml", "hosts:\n  - name: v6\n    address: \"fe80::1%eth0\"\n");

    Host a = InventoryLoader.load(hostsYaml).hosts().get(0);

    assertThat(a.address()).isEqualTo("fe80::1%eth0");
    assertThat(a.knownHostsName()).isEqualTo("fe80::1%eth0");
  }

  @Test
  void anEmptyFileIsAnEmptyInventory() throws IOException {
    assertThat(InventoryLoader.load(write("hosts.yaml", "")).hosts()).isEmpty();
  }

  @Test
  void aFileOfOnlyCommentsIsAnEmptyInventory() throws IOException {
    assertThat(InventoryLoader.load(write("hosts.yaml", "# no hosts yet\n\n")).hosts()).isEmpty();
  }

  @Test
  void anEmptyHostsKeyIsAnEmptyInventory() throws IOException {
    assertThat(InventoryLoader.load(write("hosts.yaml", "defaults:\n  port: 22\nhosts:\n")).hosts())
        .isEmpty();
  }

  @Test
  void aMissingFileIsOneProblemAtItsFirstLine() {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> InventoryLoader.load(missing))
        .isInstanceOf(InventoryException.class)
        .hasMessage(missing + ":1:1: file: cannot read: no such file");
  }

  @Test
  void aDirectoryInPlaceOfTheFileCannotBeRead() {
    assertThatThrownBy(() -> InventoryLoader.load(dir))
        .isInstanceOf(InventoryException.class)
        .hasMessageStartingWith(dir + ":1:1: file: cannot read: ");
  }

  @Test
  void bytesThatAreNotUtf8AreNamedAsSuch() throws IOException {
    Path latin1 = dir.resolve("hosts.yaml");
    Files.write(latin1, new byte[] {'h', 'o', 's', 't', 's', ':', ' ', (byte) 0xe9, '\n'});

    assertThatThrownBy(() -> InventoryLoader.load(latin1))
        .hasMessage(latin1 + ":1:1: file: cannot read: not UTF-8 text");
  }

  private Path write(String name, String text) throws IOException {
    Path path = dir.resolve(name);
    Files.createDirectories(path.getParent());
    return Files.writeString(path, text);
  }

  private Path file(String name) throws IOException {
    return write(name, "not really a key\n");
  }
}
