package io.distpool.gethost;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The other half of the clients' contract (the lease protocol is {@link ClientContractIT}): the
 * command line, exit statuses, and which commands take a slot, the same for both clients.
 */
@Timeout(60)
class ClientCommandLineIT {
  @TempDir Path tmp;
  Path socket;

  @BeforeEach
  void socketDirectory() throws Exception {
    Path run =
        Files.createDirectory(
            tmp.resolve("run"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    socket = run.resolve("socket");
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void theExitStatusComesBackAsAShellReportsIt(Client client) throws Exception {
    Map<String, String> env = Map.of("DISTPOOL_SOCKET", socket.toString());

    assertThat(client.run(tmp, env, "sh", "-c", "exit 7").exitCode()).isEqualTo(7);
    assertThat(client.run(tmp, env, "sh", "-c", "kill -TERM $$").exitCode()).isEqualTo(128 + 15);
    Client.Result cannotRun = client.run(tmp, env, "no-such-command-for-gethost", "x");
    assertThat(cannotRun.exitCode()).isEqualTo(127);
    assertThat(cannotRun.stderr())
        .startsWith("gethost: cannot run no-such-command-for-gethost: ")
        .contains("No such file or directory");
  }

  static Stream<Arguments> usageErrors() {
    String notSeconds = " must be a number of seconds from 0 to 86400, not ";
    return Client.forBoth(
        new Object[] {"", "", "no COMMAND given"},
        new Object[] {"", "-v --", "no COMMAND given"},
        new Object[] {"", "--bogus -h true", "unknown option --bogus (options go before COMMAND)"},
        new Object[] {"", "-x true", "unknown option -x (options go before COMMAND)"},
        new Object[] {"", "--wait", "--wait needs a value"},
        new Object[] {"", "-v --socket", "--socket needs a value"},
        new Object[] {"", "--wait 1.2345 true", "--wait" + notSeconds + "'1.2345'"},
        new Object[] {"", "--wait=86400.001 true", "--wait" + notSeconds + "'86400.001'"},
        new Object[] {"", "--wait=5. true", "--wait" + notSeconds + "'5.'"},
        new Object[] {"abc", "true", "DISTPOOL_WAIT" + notSeconds + "'abc'"},
        new Object[] {"", "--tag", "--tag needs a value"},
        new Object[] {"", "--tag a;b true", "'a;b'" + NOT_A_TAG},
        new Object[] {"", "--tag=-x true", "'-x'" + NOT_A_TAG},
        new Object[] {"", "--tag= true", "''" + NOT_A_TAG},
        new Object[] {
          "", "--tag " + "t".repeat(65) + " true", "'" + "t".repeat(65) + "'" + NOT_A_TAG
        },
        new Object[] {"abc", "--tag ok --tag=n/a true", "'n/a'" + NOT_A_TAG});
  }

  static final String NOT_A_TAG = " is not a tag (letters, digits, . _ + -)";

  static Stream<Arguments> badTagsInTheEnvironment() {
    return Client.forBoth(
        new Object[] {"a,,b", "''"}, new Object[] {"ok, b@d", "'b@d'"}, new Object[] {" ,a", "''"});
  }

  @ParameterizedTest(name = "{0}: DISTPOOL_TAGS={1}")
  @MethodSource("badTagsInTheEnvironment")
  void aBadTagInDistpoolTagsIsAUsageError(Client client, String tags, String shown)
      throws Exception {
    Client.Result result = client.run(tmp, Map.of("DISTPOOL_TAGS", tags), "true");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr())
        .isEqualTo("gethost: " + shown + NOT_A_TAG + "\n" + Options.USAGE + "\n");
  }

  @ParameterizedTest(name = "{0}: DISTPOOL_WAIT={1} gethost {2}")
  @MethodSource("usageErrors")
  void aUsageErrorExitsWith2AndShowsTheUsage(
      Client client, String envWait, String args, String message) throws Exception {
    Map<String, String> env = envWait.isEmpty() ? Map.of() : Map.of("DISTPOOL_WAIT", envWait);

    Client.Result result = client.run(tmp, env, Client.words(args));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr()).isEqualTo("gethost: " + message + "\n" + Options.USAGE + "\n");
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void helpAndVersionGoToStdout(Client client) throws Exception {
    Client.Result help = client.run(tmp, Map.of(), "-v", "-h", "--bogus");
    Client.Result version = client.run(tmp, Map.of(), "--version");

    assertThat(help.exitCode()).isZero();
    assertThat(help.stdout()).isEqualTo(Options.USAGE + "\n");
    assertThat(version.exitCode()).isZero();
    assertThat(version.stdout())
        .isEqualTo("gethost (distpool) " + System.getProperty("distpool.version", "dev") + "\n");
  }

  /** Command lines for the classifier: distcc's own ways of saying "compile here" and not. */
  static final List<String> COMMAND_LINES =
      List.of(
          "distcc gcc -c x.c",
          "distcc gcc -O2 -g -Iinclude -DNDEBUG -c src/x.c -o build/x.o",
          "distcc g++ -std=c++17 -c widget.cpp -o widget.o",
          "distcc c++ -c a.cc -obuild/a.o",
          "distcc gcc -S x.c",
          "distcc gcc -MD -MF dep.d -c x.c",
          "distcc gcc -MMD -MP -MT x.o -MQ x.o -c x.c -o x.o",
          "distcc -c x.c",
          "distcc x.c -c",
          "distcc gcc -E x.c",
          "distcc gcc -M x.c",
          "distcc gcc -MM -c x.c",
          "distcc gcc --version",
          "distcc gcc a.o b.o -o prog",
          "distcc gcc -x c -c /dev/null",
          "distcc gcc -c /dev/null",
          "distcc gcc -c start.S",
          "distcc gcc -c sub/conftest.cpp -o conftest.o",
          "distcc gcc -c a.c b.c",
          "distcc gcc -c x.c -o -",
          "distcc gcc -c x.c -o x.o -o y.o",
          "distcc gcc -march=native -c x.c",
          "distcc gcc -Wa,-adhln -c x.c",
          "distcc gcc -specs=my.specs -c x.c",
          "distcc gcc -c x.c -MF",
          "distcc gcc -c x.c -o",
          "distcc",
          "distcc gcc");

  static Stream<Arguments> commandLines() {
    return Client.forBoth(
        COMMAND_LINES.stream().map(line -> new Object[] {line}).toArray(Object[][]::new));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("commandLines")
  void onlyWhatDistccSendsOutTakesASlot(Client client, String commandLine) throws Exception {
    List<String> command = Client.words(commandLine);
    Optional<String> local = CompileClassifier.localReason(command);
    List<String> args =
        new ArrayList<>(List.of("-v", "--socket", socket.toString(), stubDistcc().toString()));
    args.addAll(command.subList(1, command.size()));
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(ClientContractIT.GRANT))) {
      // The classifier alone: what -fdirectives-only does has its cases in ClientContractIT.
      Client.Result result = client.run(tmp, Map.of("DISTPOOL_DIRECTIVES_ONLY", "0"), args);

      assertThat(result.exitCode()).isZero();
      assertThat(result.stderr())
          .isEqualTo(
              local.map(why -> "gethost: local: " + why + "\n").orElse(ClientContractIT.GRANTED));
      assertThat(daemon.hasConnections()).isEqualTo(local.isEmpty());
    }
  }

  /** A distcc that does nothing: the classifier looks only at the name. */
  private Path stubDistcc() throws Exception {
    Path distcc = tmp.resolve("bin/distcc");
    Files.createDirectories(distcc.getParent());
    Files.writeString(distcc, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(distcc, PosixFilePermissions.fromString("rwx------"));
    return distcc;
  }
}
