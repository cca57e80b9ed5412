package io.distpool.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the user sees for an unusable hosts.yaml: {@code file:line:column: field: message}. */
class InventoryProblemsTest {
  private static final Path FILE = Path.of("/etc/distpool/hosts.yaml");

  @Test
  void unknownKeySuggestsTheClosestOne() {
    assertThat(problems("hosts:\n  - name: a\n    prot: 2222\n"))
        .containsExactly(FILE + ":3:5: hosts[0].prot: unknown key 'prot'; did you mean 'port'?");
  }

  @Test
  void unknownKeyFarFromAnyListsTheKnownKeys() {
    assertThat(problems("hosts:\n  - name: a\n    colour: red\n"))
        .containsExactly(
            FILE
                + ":3:5: hosts[0].colour: unknown key 'colour'; known keys: address, compilers,"
                + " desktop, desktop_idle, desktop_remote, desktop_reserve, distccd, enabled, identity,"
                + " known_hosts, name, poll_interval, poll_timeout, port, slots, speed,"
                + " ssh_multiplex, tags, user");
  }

  @Test
  void badLimitsNameTheFieldAndWhatIsAllowed() {
    assertThat(
            problems(
                "limits:\n  user_slot: 4\n  per_user:\n    alice: 0\n    bob: many\nhosts: []\n"))
        .containsExactly(
            FILE + ":2:3: limits.user_slot: unknown key 'user_slot'; did you mean 'user_slots'?",
            FILE + ":4:12: limits.per_user.alice: 0 is out of range (1 to 4096)",
            FILE + ":5:10: limits.per_user.bob: expected a whole number, got text 'many'");
    assertThat(problems("limits: 4\n"))
        .containsExactly(
            FILE + ":1:9: limits: expected a map ('user_slots:', 'per_user:'), got the number 4");
  }

  @Test
  void hostKeyAtTheTopLevelSaysWhereItBelongs() {
    assertThat(problems("port: 22\nhost: []\n"))
        .containsExactly(
            FILE + ":1:1: port: 'port' belongs under 'defaults:' or inside a host",
            FILE + ":2:1: host: unknown key 'host'; did you mean 'hosts'?");
  }

  @Test
  void wrongTypeNamesWhatWasExpectedAndWhatWasFound() {
    assertThat(
            problems(
                String.join(
                    "\n",
                    "hosts:",
                    "  - name: a",
                    "    port: \"22\"",
                    "    slots: [1, 2]",
                    "    speed: fast",
                    "    enabled: 1",
                    "")))
        .containsExactly(
            FILE + ":3:11: hosts[0].port: expected a whole number, got text '22'",
            FILE + ":4:12: hosts[0].slots: expected a whole number, got a list",
            FILE + ":5:12: hosts[0].speed: expected a number such as 1.0 or 2.5, got text 'fast'",
            FILE + ":6:14: hosts[0].enabled: expected true or false, got the number 1");
  }

  @Test
  void duplicateNamePointsAtTheFirstUse() {
    assertThat(problems("hosts:\n  - name: a\n  - name: b\n  - name: a\n"))
        .containsExactly(FILE + ":4:11: hosts[2].name: duplicate name 'a' (first used on line 2)");
  }

  @Test
  void duplicateKeyInOneHostIsRefused() {
    assertThat(problems("hosts:\n  - name: a\n    port: 22\n    port: 23\n"))
        .containsExactly(FILE + ":4:5: hosts[0].port: duplicate key; each key may appear once");
  }

  @Test
  void portOutOfRangeGivesTheRange() {
    assertThat(problems("hosts:\n  - name: a\n    port: 70000\n"))
        .containsExactly(FILE + ":3:11: hosts[0].port: 70000 is out of range (1 to 65535)");
  }

  @Test
  void aNumberTooLargeForAnyTypeIsStillOutOfRange() {
    assertThat(problems("hosts:\n  - name: a\n    slots: 99999999999999999999\n"))
        .containsExactly(
            FILE + ":3:12: hosts[0].slots: 99999999999999999999 is out of range (1 to 4096)");
  }

  @Test
  void missingIdentityFileIsResolvedAndNamed() {
    assertThat(problems("hosts:\n  - name: a\n    identity: [keys/gone, ~/gone]\n"))
        .containsExactly(
            FILE
                + ":3:16: hosts[0].identity[0]: identity file /etc/distpool/keys/gone does not"
                + " exist; create it with ssh-keygen or fix the path",
            FILE
                + ":3:27: hosts[0].identity[1]: identity file "
                + Path.of(System.getProperty("user.home"), "gone")
                + " does not exist; create it with ssh-keygen or fix the path");
  }

  @Test
  void nameAndAddressInDefaultsAreRefusedWithAReason() {
    assertThat(problems("defaults:\n  name: x\n  address: y\nhosts:\n  - name: a\n"))
        .containsExactly(
            FILE
                + ":2:3: defaults.name: 'name' is different for every host;"
                + " set it inside each host",
            FILE
                + ":3:3: defaults.address: 'address' is different for every host;"
                + " set it inside each host");
  }

  @Test
  void aHostWithoutANameIsPointedAt() {
    assertThat(problems("hosts:\n  - address: 10.0.0.1\n"))
        .containsExactly(FILE + ":2:5: hosts[0].name: every host needs a name");
  }

  @Test
  void durationWithoutAUnitIsRefusedBecauseItIsAmbiguous() {
    assertThat(problems("hosts:\n  - name: a\n    desktop_idle: 15\n"))
        .containsExactly(
            FILE
                + ":3:19: hosts[0].desktop_idle: '15' is not a duration;"
                + " write a number with a unit: 500ms, 5s, 15m or 1h");
  }

  @Test
  void pollIntervalBelowTheFloorIsTooShort() {
    assertThat(problems("defaults:\n  poll_interval: 50ms\n"))
        .containsExactly(
            FILE + ":2:18: defaults.poll_interval: '50ms' is too short (at least 100ms)");
  }

  @Test
  void badTagIsPointedAtInsideTheList() {
    assertThat(problems("hosts:\n  - name: a\n    tags: [ok, \"two words\"]\n"))
        .containsExactly(
            FILE
                + ":3:16: hosts[0].tags[1]: 'two words' is not a tag:"
                + " use letters, digits, '.', '_', '+' and '-'");
  }

  @Test
  void anythingThatCouldBecomeAnSshOptionIsRefused() {
    assertThat(
            problems(
                String.join(
                    "\n",
                    "hosts:",
                    "  - name: a",
                    "    address: -oProxyCommand=evil",
                    "    user: -l",
                    "    distccd: bin/distccd",
                    "")))
        .containsExactly(
            FILE
                + ":3:14: hosts[0].address: '-oProxyCommand=evil' is not an address:"
                + " use a host name or IP address (no spaces, not starting with '-')",
            FILE
                + ":4:11: hosts[0].user: '-l' is not a user name:"
                + " use letters, digits, '.', '_' and '-', not starting with '-'",
            FILE
                + ":5:14: hosts[0].distccd: 'bin/distccd' is not a path on the host: use an"
                + " absolute path of letters, digits and / . _ + -, e.g. /opt/csw/bin/distccd");
  }

  @Test
  void syntaxErrorPointsAtTheMisindentedKey() {
    List<String> found = problems("hosts:\n  - name: a\n   port: 22\n");

    assertThat(found).hasSize(1);
    assertThat(found.get(0)).startsWith(FILE + ":3:4: syntax: not valid YAML: ");
  }

  @Test
  void syntaxErrorSaysWhatIsWrongOnTheLineWhereItIs() {
    List<String> found = problems("hosts:\n\t- name: a\n");

    assertThat(found).hasSize(1);
    assertThat(found.get(0))
        .startsWith(FILE + ":2:1: syntax: not valid YAML: found character")
        .contains("cannot start any token");
  }

  @Test
  void unclosedQuoteSaysWhereTheQuoteBegan() {
    List<String> found = problems("hosts:\n  - name: 'a\n");

    assertThat(found).hasSize(1);
    assertThat(found.get(0))
        .startsWith(FILE + ":3:1: syntax: not valid YAML: ")
        .endsWith("(while scanning a quoted scalar from line 2, column 11)");
  }

  @Test
  void aScalarAtTheTopLevelIsNotAnInventory() {
    assertThat(problems("hello\n"))
        .containsExactly(
            FILE
                + ":1:1: (top level): expected a map with 'defaults:' and 'hosts:', got text 'hello'");
  }

  @Test
  void aListAtTheTopLevelIsNotAnInventory() {
    assertThat(problems("- name: a\n"))
        .containsExactly(
            FILE + ":1:1: (top level): expected a map with 'defaults:' and 'hosts:', got a list");
  }

  @Test
  void hostsMustBeAList() {
    assertThat(problems("hosts:\n  name: a\n"))
        .containsExactly(FILE + ":2:3: hosts: expected a list of hosts ('- name: ...'), got a map");
  }

  @Test
  void everyProblemOfTheFileIsReportedAtOnceInFileOrder() {
    List<String> found =
        problems(
            String.join(
                "\n",
                "hosts:",
                "  - name: b",
                "    slots: 0",
                "  - name: a",
                "    speed: -1",
                "defaults:",
                "  prot: 22",
                "  desktop_idle: soon",
                ""));

    assertThat(found)
        .containsExactly(
            FILE + ":3:12: hosts[0].slots: 0 is out of range (1 to 4096)",
            FILE + ":5:12: hosts[1].speed: -1 is out of range (more than 0, at most 1000)",
            FILE + ":7:3: defaults.prot: unknown key 'prot'; did you mean 'port'?",
            FILE
                + ":8:17: defaults.desktop_idle: 'soon' is not a duration;"
                + " write a number with a unit: 500ms, 5s, 15m or 1h");
  }

  @Test
  void theExceptionCarriesEachProblemAsARecord() {
    InventoryException e =
        catchThrowableOfType(
            InventoryException.class,
            () -> InventoryLoader.parse(FILE, "hosts:\n  - name: a\n    port: 0\n"));

    assertThat(e.problems())
        .containsExactly(
            new Problem(FILE, 3, 11, "hosts[0].port", "0 is out of range (1 to 65535)"));
  }

  @Test
  void theLocalMachinesSettingsAreCheckedLikeAHosts() {
    assertThat(problems("local:\n  slot: 2\n  speed: -1\n"))
        .containsExactly(
            FILE + ":2:3: local.slot: unknown key 'slot'; did you mean 'slots'?",
            FILE + ":3:10: local.speed: -1 is out of range (more than 0, at most 1000)");
    assertThat(problems("local:\n  slots: -1\n"))
        .containsExactly(FILE + ":2:10: local.slots: -1 is out of range (0 to 4096)");
    assertThat(problems("local: 4\n"))
        .containsExactly(
            FILE + ":1:8: local: expected a map ('slots:', 'speed:'), got the number 4");
  }

  private static List<String> problems(String yaml) {
    InventoryException e =
        catchThrowableOfType(InventoryException.class, () -> InventoryLoader.parse(FILE, yaml));
    assertThat(e).as("problems in %s", yaml).isNotNull();
    assertThat(e.getMessage())
        .isEqualTo(
            String.join(
                "\n", e.problems().stream().map(Problem::toString).collect(Collectors.toList())));
    return e.problems().stream().map(Problem::toString).collect(Collectors.toList());
  }
}
