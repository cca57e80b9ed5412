package io.distpool.gethost;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract for both gethost clients, the Java one and the native one, so they cannot drift
 * apart: each case runs each client as a process against a scripted daemon on a real socket, and
 * both must produce exactly the expected lines, statuses and environment.
 */
@Timeout(60)
class ClientContractIT {
  static final String SHOW_ENV =
      "echo \"$DISTCC_HOSTS|$DISTCC_SSH|$DISTCC_BACKOFF_PERIOD$DISTCC_FALLBACK"
          + "$DISTCC_SKIP_LOCAL_RETRY\"";
  static final String GRANT = "GRANT host=h1 hosts=@h1/64,lzo ssh=/run/distpool%20x/ssh";
  static final String GRANTED = "gethost: h1 (DISTCC_HOSTS=@h1/64,lzo)\n";
  static final Duration SOON = Duration.ofSeconds(2);
  static final String FAKE_GCC = "compiler=gcc target=x86_64-fake-linux-gnu version=12.2.0";

  /** An mtime with sub-millisecond digits: both clients must cut it to the same key. */
  static final FileTime MTIME = FileTime.from(Instant.ofEpochSecond(1_700_000_000L, 123_456_789));

  /** What every LEASE ends with: who asks, from which machine (as getpwuid, gethostname). */
  static final String WHO = " user=" + System.getProperty("user.name") + " client=" + hostName();

  @TempDir Path tmp;
  Path run;
  Path socket;

  @BeforeEach
  void socketDirectory() throws Exception {
    run =
        Files.createDirectory(
            tmp.resolve("run"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    socket = run.resolve("socket");
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void aGrantPointsDistccAtTheLeasedHost(Client client) throws Exception {
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(GRANT))) {
      Client.Result result =
          client.run(tmp, Map.of("DISTPOOL_SOCKET", socket.toString()), "-v", "sh", "-c", SHOW_ENV);

      assertThat(result.exitCode()).isZero();
      assertThat(result.stdout()).isEqualTo("@h1/64,lzo|/run/distpool x/ssh|101\n");
      assertThat(result.stderr()).isEqualTo(GRANTED);
      FakeDaemon.Connection connection = daemon.awaitConnection(SOON);
      assertThat(connection.closesWithin(SOON)).isTrue();
      assertThat(connection.lines).hasSize(2);
      assertThat(terms(connection.lines.get(0))).isEqualTo("LEASE wait=2000");
      assertThat(connection.lines.get(1)).matches("DONE exit=0 ms=\\d+");
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void theLeaseAsksForTheWaitOfTheOptionElseOfTheEnvironment(Client client) throws Exception {
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line("LOCAL reason=busy"))) {
      Map<String, String> env = Map.of("DISTPOOL_SOCKET", socket.toString());
      Map<String, String> envWait =
          Client.env("DISTPOOL_SOCKET", socket.toString(), "DISTPOOL_WAIT", "7");

      client.run(tmp, env, "--wait", "1.5", "true");
      client.run(tmp, env, "--wait=.25", "true");
      client.run(tmp, envWait, "true");
      client.run(tmp, envWait, "--wait", "0", "true");

      List<String> requests = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        requests.add(terms(daemon.awaitConnection(SOON).lines.get(0)));
      }
      assertThat(requests)
          .containsExactly("LEASE wait=1500", "LEASE wait=250", "LEASE wait=7000", "LEASE wait=0");
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void theLeaseIsHeldWhileTheCommandRunsAndReportsHowItEnded(Client client) throws Exception {
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(GRANT))) {
      Client.Running running =
          client.start(
              tmp,
              Map.of(),
              List.of(
                  "--socket", socket.toString(), "sh", "-c", waitForGo() + "; sleep 0.3; exit 7"));
      FakeDaemon.Connection connection = daemon.awaitConnection(Duration.ofSeconds(10));

      assertThat(connection.closesWithin(Duration.ofMillis(500))).isFalse();
      Files.createFile(tmp.resolve("go"));
      Client.Result result = running.await(Duration.ofSeconds(10));

      assertThat(result.exitCode()).isEqualTo(7);
      assertThat(connection.closesWithin(SOON)).isTrue();
      assertThat(connection.lines.get(1)).matches("DONE exit=7 ms=\\d+");
      // The command's own time: at least its last sleep, at most the whole run.
      long ms = Long.parseLong(connection.lines.get(1).replaceAll(".*ms=", ""));
      assertThat(ms).isBetween(300L, result.elapsed().toMillis());
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void theCommandDoesNotInheritTheLease(Client client) throws Exception {
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(GRANT))) {
      // A grandchild left running must not keep the slot: only gethost holds the socket.
      Client.Result result =
          client.run(
              tmp,
              Map.of(),
              "--socket",
              socket.toString(),
              "sh",
              "-c",
              "sleep 30 </dev/null >/dev/null 2>&1 & echo $!");
      Optional<ProcessHandle> leftover = ProcessHandle.of(Long.parseLong(result.stdout().trim()));
      try {
        assertThat(leftover).isPresent();
        assertThat(daemon.awaitConnection(SOON).closesWithin(SOON)).isTrue();
        assertThat(leftover.get().isAlive()).isTrue();
      } finally {
        leftover.ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void aLocalAnswerRunsTheCommandHereAndHoldsNothing(Client client) throws Exception {
    String answer = "LOCAL reason=every%20slot%20stayed%20busy";
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(answer))) {
      Client.Running running =
          client.start(
              tmp,
              Map.of(),
              List.of(
                  "-v", "--socket", socket.toString(), "sh", "-c", waitForGo() + "; " + SHOW_ENV));

      assertThat(daemon.awaitConnection(Duration.ofSeconds(10)).closesWithin(SOON)).isTrue();
      Files.createFile(tmp.resolve("go"));
      Client.Result result = running.await(Duration.ofSeconds(10));

      assertThat(result.exitCode()).isZero();
      assertThat(result.stdout()).isEqualTo(Placement.localHosts() + "||\n");
      assertThat(result.stderr()).isEqualTo("gethost: local: every slot stayed busy\n");
    }
  }

  static Stream<Arguments> answersThatAreNoGrant() {
    return Client.forBoth(
        new Object[] {FakeDaemon.line("HELLO there"), "(unknown response 'HELLO')"},
        new Object[] {FakeDaemon.line(""), "(unknown response '')"},
        new Object[] {FakeDaemon.line("GRANT host=h1 ssh=/x"), "(missing hosts=)"},
        new Object[] {FakeDaemon.line("GRANT host=h%zz hosts=a ssh=b"), "(bad %-escape in 'h%zz')"},
        new Object[] {
          FakeDaemon.line("GRANT host hosts=a ssh=b"), "(expected key=value, got 'host')"
        },
        new Object[] {FakeDaemon.line("STATUS"), "(missing json=)"},
        new Object[] {FakeDaemon.hangUp(), "(the daemon closed the connection)"});
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("answersThatAreNoGrant")
  void anAnswerThatIsNoGrantMeansLocal(Client client, FakeDaemon.Answer answer, String why)
      throws Exception {
    try (FakeDaemon daemon = FakeDaemon.start(socket, answer)) {
      Client.Result result =
          client.run(tmp, Map.of(), "-v", "--socket", socket.toString(), "sh", "-c", SHOW_ENV);

      assertThat(result.exitCode()).isZero();
      assertThat(result.stdout()).isEqualTo(Placement.localHosts() + "||\n");
      assertThat(result.stderr())
          .isEqualTo("gethost: local: no answer from the daemon at " + socket + " " + why + "\n");
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void aValidAnswerOfAnotherKindMeansLocal(Client client) throws Exception {
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line("OK  message=all%20fine "))) {
      Client.Result result = client.run(tmp, Map.of(), "-v", "--socket", socket.toString(), "true");

      assertThat(result.stderr())
          .isEqualTo("gethost: local: unexpected answer from the daemon: OK message=all%20fine\n");
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void aSilentDaemonMeansLocalSoonAfterTheWait(Client client) throws Exception {
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.silence())) {
      Client.Result result =
          client.run(
              tmp,
              Map.of(),
              "-v",
              "--wait",
              "0.5",
              "--socket",
              socket.toString(),
              "sh",
              "-c",
              SHOW_ENV);
      // From the request on, so that a slow JVM start on a busy machine does not count.
      Duration sinceAsking =
          Duration.ofNanos(System.nanoTime() - daemon.awaitConnection(SOON).askedAt);

      assertThat(result.stdout()).isEqualTo(Placement.localHosts() + "||\n");
      assertThat(result.stderr())
          .isEqualTo(
              "gethost: local: no answer from the daemon at "
                  + socket
                  + " (no answer within 2500 ms)\n");
      // The wait, the 2 s grace the client gives the daemon, and under a second to finish.
      assertThat(sinceAsking).isBetween(Duration.ofMillis(2000), Duration.ofMillis(3500));
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void noDaemonMeansLocalWithTheCommandsExitStatus(Client client) throws Exception {
    Client.Result noSocket =
        client.run(
            tmp, Map.of(), "-v", "--socket", socket.toString(), "sh", "-c", SHOW_ENV + "; exit 7");
    Path missing = tmp.resolve("missing/socket");
    Client.Result noDirectory =
        client.run(tmp, Map.of(), "-v", "--socket", missing.toString(), "true");

    assertThat(noSocket.exitCode()).isEqualTo(7);
    assertThat(noSocket.stdout()).isEqualTo(Placement.localHosts() + "||\n");
    assertThat(noSocket.stderr())
        .isEqualTo(
            "gethost: local: no answer from the daemon at "
                + socket
                + " (No such file or directory)\n");
    assertThat(noDirectory.stderr())
        .isEqualTo("gethost: local: no daemon (" + missing.getParent() + " does not exist)\n");
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void aSocketDirectoryThatIsNotPrivateIsNotTrusted(Client client) throws Exception {
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), run);
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(GRANT))) {
      Client.Result open =
          client.run(tmp, Map.of(), "-v", "--socket", socket.toString(), "sh", "-c", SHOW_ENV);
      Client.Result linked =
          client.run(tmp, Map.of(), "-v", "--socket", link.resolve("socket").toString(), "true");

      assertThat(open.stdout()).isEqualTo(Placement.localHosts() + "||\n");
      assertThat(open.stderr())
          .isEqualTo(
              "gethost: local: not using the socket: "
                  + run
                  + " is open to other users (mode must be 0700)\n");
      assertThat(linked.stderr())
          .isEqualTo(
              "gethost: local: not using the socket: "
                  + link
                  + " is a symbolic link; refusing it\n");
      assertThat(daemon.hasConnections()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void theSocketIsWhereTheDaemonPutsIt(Client client) throws Exception {
    Path runtime = tmp.resolve("runtime");
    Files.createDirectories(runtime.resolve("distpool"));
    Files.setPosixFilePermissions(
        runtime.resolve("distpool"), PosixFilePermissions.fromString("rwx------"));
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(GRANT));
        FakeDaemon xdg =
            FakeDaemon.start(runtime.resolve("distpool/socket"), FakeDaemon.line(GRANT))) {
      Map<String, String> env =
          Client.env("DISTPOOL_SOCKET", "run/socket", "XDG_RUNTIME_DIR", runtime.toString());

      client.run(tmp, Map.of(), "--socket", "run//socket", "true");
      client.run(tmp, Map.of(), "--socket=" + socket, "true");
      client.run(tmp, env, "true");
      client.run(tmp, Map.of("XDG_RUNTIME_DIR", runtime + "/"), "true");

      for (int i = 0; i < 3; i++) {
        assertThat(daemon.awaitConnection(SOON)).as("connection %d", i).isNotNull();
      }
      assertThat(xdg.awaitConnection(SOON)).isNotNull();
    }
  }

  // distcc that cannot use its host exits 100-118 (DISTCC_FALLBACK=0): compiled here instead.

  /**
   * A fake distcc: it exits {@code status} when sent to a host, compiles (exit 0) locally. Each
   * call adds its DISTCC_HOSTS to {@code ran} and its arguments to {@code argv}.
   */
  private void fakeDistcc(int status) throws Exception {
    fakeGcc("12.2.0");
    Path distcc = tmp.resolve("bin/distcc");
    Files.writeString(
        distcc,
        "#!/bin/sh\n"
            + "echo \"$DISTCC_HOSTS\" >> "
            + tmp.resolve("ran")
            + "\necho \"$*\" >> "
            + tmp.resolve("argv")
            + "\ncase $DISTCC_HOSTS in @*) exit "
            + status
            + " ;; esac\nexit 0\n");
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void aHostDistccCannotReachIsReportedAndTheJobCompiledHere(Client client) throws Exception {
    fakeDistcc(116); // EXIT_NO_HOSTS: what distcc 3.4 says when its one host fails
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(GRANT))) {
      Client.Result result = client.run(tmp, compilerEnv(), "-v", "distcc", "gcc", "-c", "x.c");

      assertThat(result.exitCode()).isZero();
      assertThat(Files.readAllLines(tmp.resolve("ran")))
          .containsExactly("@h1/64,lzo", Placement.localHosts());
      assertThat(result.stderr())
          .isEqualTo(
              GRANTED + "gethost: local: distcc exited 116 on h1 (DISTCC_HOSTS=@h1/64,lzo)\n");
      FakeDaemon.Connection connection = daemon.awaitConnection(SOON);
      assertThat(connection.closesWithin(SOON)).isTrue();
      assertThat(connection.lines.get(1)).matches("DONE exit=116 ms=\\d+ fault=host");
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void distccsOwnUsageErrorIsCompiledHereButNotBlamedOnTheHost(Client client) throws Exception {
    fakeDistcc(101);
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(GRANT))) {
      Client.Result result = client.run(tmp, compilerEnv(), "distcc", "gcc", "-c", "x.c");

      assertThat(result.exitCode()).isZero();
      assertThat(Files.readAllLines(tmp.resolve("ran"))).hasSize(2);
      assertThat(result.stderr()).isEmpty();
      assertThat(linesOnceClosed(daemon).get(1)).matches("DONE exit=101 ms=\\d+");
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void aCompileErrorOnTheHostIsTheJobsResultNotAReasonToRetry(Client client) throws Exception {
    fakeDistcc(1);
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(GRANT))) {
      Client.Result result = client.run(tmp, compilerEnv(), "distcc", "gcc", "-c", "x.c");

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(Files.readAllLines(tmp.resolve("ran"))).containsExactly("@h1/64,lzo");
      assertThat(linesOnceClosed(daemon).get(1)).matches("DONE exit=1 ms=\\d+");
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void onlyDistccsStatusesMeanNotCompiled(Client client) throws Exception {
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(GRANT))) {
      Client.Result result =
          client.run(tmp, Map.of("DISTPOOL_SOCKET", socket.toString()), "sh", "-c", "exit 116");

      assertThat(result.exitCode()).isEqualTo(116);
      assertThat(linesOnceClosed(daemon).get(1)).matches("DONE exit=116 ms=\\d+");
    }
  }

  /**
   * What the next connection sent, once the client closed it: the client may exit before the
   * daemon's thread has read its last line.
   */
  private static List<String> linesOnceClosed(FakeDaemon daemon) throws Exception {
    FakeDaemon.Connection connection = daemon.awaitConnection(SOON);
    assertThat(connection.closesWithin(SOON)).isTrue();
    return connection.lines;
  }

  private static String waitForGo() {
    return "while [ ! -e go ]; do sleep 0.05; done";
  }

  // The compiler a distcc job runs, found by each client the same way and cached in one file.

  /** A fake compiler first on PATH; each question it gets is a line of {@code asked}. */
  private Path fakeCompiler(String name, String answers) throws Exception {
    Path program = tmp.resolve("bin").resolve(name);
    Files.createDirectories(program.getParent());
    Files.writeString(
        program, "#!/bin/sh\necho \"$*\" >> " + tmp.resolve("asked") + "\n" + answers + "\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
    Path distcc = program.resolveSibling("distcc");
    if (!Files.exists(distcc)) {
      Files.writeString(distcc, "#!/bin/sh\nexit 0\n");
      Files.setPosixFilePermissions(distcc, PosixFilePermissions.fromString("rwx------"));
    }
    return program;
  }

  private Path fakeGcc(String version) throws Exception {
    return fakeGcc("gcc", version, false);
  }

  /**
   * What gcc's {@code -fdirectives-only -E} prints for {@code -DDISTPOOL_DIRECTIVES_ONLY_PROBE}.
   */
  static final String GCC_PROBE_OUTPUT =
      "echo '# 1 \"/dev/null\"'; echo '#define __GNUC__ 12';"
          + " echo '#define DISTPOOL_DIRECTIVES_ONLY_PROBE 1'";

  /**
   * A gcc-like compiler; {@code directivesOnly}: it preprocesses with {@code -fdirectives-only} as
   * gcc does, and writes where its stdin, stdout and stderr go to {@code fds}.
   */
  private Path fakeGcc(String name, String version, boolean directivesOnly) throws Exception {
    return fakeGcc(
        name,
        version,
        directivesOnly
            ? "fds=$(readlink /proc/$$/fd/0 /proc/$$/fd/1 /proc/$$/fd/2); echo \"$fds\" > "
                + tmp.resolve("fds")
                + "; "
                + GCC_PROBE_OUTPUT
            : "exit 1");
  }

  /** A gcc-like compiler that answers the -fdirectives-only question with {@code answer}. */
  private Path fakeGcc(String name, String version, String answer) throws Exception {
    Path gcc =
        fakeCompiler(
            name,
            "case $1 in -dumpmachine) echo x86_64-fake-linux-gnu ;;"
                + " -dumpfullversion) echo "
                + version
                + " ;; -fdirectives-only) "
                + answer
                + " ;; *) exit 1 ;; esac");
    Files.setLastModifiedTime(gcc, MTIME);
    return gcc;
  }

  /** The fake compilers' directory first on PATH, the socket, and the cache in {@code tmp}. */
  private Map<String, String> compilerEnv(String... more) {
    Map<String, String> env =
        Client.env(
            "PATH",
            tmp.resolve("bin") + ":" + System.getenv("PATH"),
            "DISTPOOL_SOCKET",
            socket.toString(),
            "XDG_CACHE_HOME",
            tmp.resolve("cache").toString());
    env.putAll(Client.env(more));
    return env;
  }

  private List<String> asked() throws Exception {
    Path asked = tmp.resolve("asked");
    return Files.exists(asked) ? Files.readAllLines(asked) : List.of();
  }

  private String cache() throws Exception {
    return Files.readString(tmp.resolve("cache/distpool/compilers"));
  }

  /** The first line of each of the next {@code count} connections. */
  private static List<String> requests(FakeDaemon daemon, int count) throws Exception {
    List<String> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      FakeDaemon.Connection connection = daemon.awaitConnection(SOON);
      assertThat(connection).as("connection %d", i).isNotNull();
      requests.add(terms(connection.lines.get(0)));
    }
    assertThat(daemon.hasConnections()).isFalse();
    return requests;
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void aDistccJobNamesItsCompilerWhichIsAskedOnceThenCached(Client client) throws Exception {
    Path gcc = fakeGcc("12.2.0");
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line("LOCAL reason=x"))) {
      Client.Result first = client.run(tmp, compilerEnv(), "distcc", "gcc", "-c", "x.c");
      Client.Result second = client.run(tmp, compilerEnv(), "distcc", "gcc", "-c", "x.c");

      assertThat(first.exitCode()).isZero();
      assertThat(second.exitCode()).isZero();
      assertThat(requests(daemon, 2))
          .containsExactly("LEASE wait=2000 " + FAKE_GCC, "LEASE wait=2000 " + FAKE_GCC);
      assertThat(asked())
          .containsExactly("-dumpmachine", "-dumpfullversion -dumpversion", ASK_DIRECTIVES_ONLY);
      // path, mtime in ms (truncated, as Java's FileTime.toMillis), size, target, version, and
      // whether it takes -fdirectives-only
      assertThat(cache())
          .isEqualTo(
              gcc
                  + "\t1700000000123\t"
                  + Files.size(gcc)
                  + "\tx86_64-fake-linux-gnu\t12.2.0\tno\n");
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void aCompilerWhoseMtimeChangedIsAskedAgain(Client client) throws Exception {
    Path gcc = fakeGcc("12.2.0");
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line("LOCAL reason=x"))) {
      client.run(tmp, compilerEnv(), "distcc", "gcc", "-c", "x.c");
      fakeGcc("13.1.0"); // the same size: only the mtime tells the two apart
      Files.setLastModifiedTime(gcc, FileTime.fromMillis(1_700_000_555_000L));
      client.run(tmp, compilerEnv(), "distcc", "gcc", "-c", "x.c");

      assertThat(requests(daemon, 2))
          .containsExactly(
              "LEASE wait=2000 " + FAKE_GCC,
              "LEASE wait=2000 " + FAKE_GCC.replace("12.2.0", "13.1.0"));
      assertThat(asked()).hasSize(6);
      // The old line for the same path is replaced, not kept beside the new one.
      assertThat(cache())
          .isEqualTo(
              gcc
                  + "\t1700000555000\t"
                  + Files.size(gcc)
                  + "\tx86_64-fake-linux-gnu\t13.1.0\tno\n");
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void aCompilerWithOnlyABannerIsNamedByItAndTheProcessorType(Client client) throws Exception {
    fakeCompiler(
        "cc",
        "case $1 in -V) echo 'cc: Sun C 5.15 SunOS_sparc 2017/05/30' >&2 ;;"
            + " *) echo \"cc: bad option $1\" >&2; exit 1 ;; esac");
    fakeCompiler("uname", "echo sparc");
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line("LOCAL reason=x"))) {
      // No compiler word: distcc runs cc.
      client.run(tmp, compilerEnv(), "distcc", "-c", "x.c");

      assertThat(requests(daemon, 1))
          .containsExactly(
              "LEASE wait=2000 compiler=cc target=sparc"
                  + " version=Sun%20C%205.15%20SunOS_sparc%202017/05/30");
      assertThat(asked()).containsExactly("-dumpmachine", "-V", "-p", ASK_DIRECTIVES_ONLY);
      assertThat(cache()).endsWith("\tsparc\tSun C 5.15 SunOS_sparc 2017/05/30\tno\n");
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void noCompilerIsNamedForOtherCommandsNorOneThatCannotBeFoundOrAsked(Client client)
      throws Exception {
    fakeGcc("12.2.0");
    fakeCompiler("mute-cc", "exit 1");
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line("LOCAL reason=x"))) {
      client.run(tmp, compilerEnv(), "gcc", "-c", "x.c"); // not distcc: gcc only runs
      client.run(tmp, compilerEnv(), "distcc", "no-such-cc", "-c", "x.c");
      client.run(tmp, compilerEnv(), "distcc", "mute-cc", "-c", "x.c");

      assertThat(requests(daemon, 3)).containsOnly("LEASE wait=2000");
      assertThat(asked()).containsExactly("-c x.c", "-dumpmachine", "-V");
      assertThat(tmp.resolve("cache/distpool/compilers")).doesNotExist();
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void withoutAnAbsoluteXdgCacheHomeTheCacheIsUnderHome(Client client) throws Exception {
    fakeGcc("12.2.0");
    Path home = Files.createDirectory(tmp.resolve("home"));
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line("LOCAL reason=x"))) {
      Map<String, String> env =
          compilerEnv("XDG_CACHE_HOME", "relative-cache", "HOME", home.toString());
      client.run(tmp, env, "distcc", "gcc", "-c", "x.c");

      assertThat(requests(daemon, 1)).containsExactly("LEASE wait=2000 " + FAKE_GCC);
      assertThat(home.resolve(".cache/distpool/compilers")).isRegularFile();
      assertThat(tmp.resolve("relative-cache")).doesNotExist();
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void aCompilerThatNeverAnswersIsGivenUpAfterTenSeconds(Client client) throws Exception {
    fakeCompiler("gcc", "case $1 in -dumpmachine) exec sleep 60 ;; *) exit 1 ;; esac");
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line("LOCAL reason=x"))) {
      Client.Result result = client.run(tmp, compilerEnv(), "distcc", "gcc", "-c", "x.c");

      assertThat(result.exitCode()).isZero();
      assertThat(requests(daemon, 1)).containsExactly("LEASE wait=2000");
      assertThat(result.elapsed()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(25));
    }
  }

  @Test
  void aCacheLineOneClientWroteIsAHitForTheOther() throws Exception {
    Path gcc = fakeGcc("12.2.0");
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line("LOCAL reason=x"))) {
      Client.JAVA.run(tmp, compilerEnv(), "distcc", "gcc", "-c", "x.c");
      Client.NATIVE.run(tmp, compilerEnv(), "distcc", "gcc", "-c", "x.c");
      assertThat(asked()).hasSize(3);

      Files.setLastModifiedTime(gcc, FileTime.from(Instant.ofEpochSecond(1_700_000_001L, 999_999)));
      Client.NATIVE.run(tmp, compilerEnv(), "distcc", "gcc", "-c", "x.c");
      Client.JAVA.run(tmp, compilerEnv(), "distcc", "gcc", "-c", "x.c");

      assertThat(asked()).hasSize(6);
      assertThat(requests(daemon, 4)).containsOnly("LEASE wait=2000 " + FAKE_GCC);
      assertThat(cache()).startsWith(gcc + "\t1700000001000\t");
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void tagsComeFromTheOptionsElseFromDistpoolTags(Client client) throws Exception {
    fakeGcc("12.2.0");
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line("LOCAL reason=x"))) {
      client.run(tmp, compilerEnv(), "--tag", "sparc", "--tag=solaris-11.4", "true");
      client.run(tmp, compilerEnv("DISTPOOL_TAGS", " linux , x86_64,"), "true");
      client.run(tmp, compilerEnv("DISTPOOL_TAGS", "linux"), "--tag", "big+fast", "true");
      client.run(tmp, compilerEnv("DISTPOOL_TAGS", ","), "true");
      client.run(tmp, compilerEnv(), "--tag=x_y", "distcc", "gcc", "-c", "x.c");

      assertThat(requests(daemon, 5))
          .containsExactly(
              "LEASE wait=2000 tags=sparc,solaris-11.4",
              "LEASE wait=2000 tags=linux,x86_64",
              "LEASE wait=2000 tags=big+fast",
              "LEASE wait=2000",
              "LEASE wait=2000 " + FAKE_GCC + " tags=x_y");
    }
  }

  // A job placed on a build host is preprocessed with -fdirectives-only when its compiler takes it.

  static final String DIRECTIVES_ONLY = "; preprocessing with -fdirectives-only";
  static final String ASK_DIRECTIVES_ONLY =
      "-fdirectives-only -E -x c /dev/null -DDISTPOOL_DIRECTIVES_ONLY_PROBE";

  /** The arguments the fake distcc got, one line per call. */
  private List<String> distccArgs() throws Exception {
    return Files.readAllLines(tmp.resolve("argv"));
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void aRemoteJobIsPreprocessedWithDirectivesOnlyWhenItsCompilerTakesIt(Client client)
      throws Exception {
    fakeDistcc(0);
    Path gcc = fakeGcc("gcc", "12.2.0", true);
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(GRANT))) {
      Client.Result result =
          client.run(tmp, compilerEnv(), "-v", "distcc", "gcc", "-O2", "-c", "x.c", "-o", "x.o");

      assertThat(result.exitCode()).isZero();
      assertThat(distccArgs()).containsExactly("gcc -fdirectives-only -O2 -c x.c -o x.o");
      assertThat(result.stderr())
          .isEqualTo("gethost: h1 (DISTCC_HOSTS=@h1/64,lzo)" + DIRECTIVES_ONLY + "\n");
      assertThat(requests(daemon, 1)).containsExactly("LEASE wait=2000 " + FAKE_GCC);
      assertThat(asked())
          .containsExactly("-dumpmachine", "-dumpfullversion -dumpversion", ASK_DIRECTIVES_ONLY);
      // Asked with nothing to read; its output is read, its errors are not.
      List<String> fds = Files.readAllLines(tmp.resolve("fds"));
      assertThat(fds).hasSize(3);
      assertThat(fds.get(0)).isEqualTo("/dev/null");
      assertThat(fds.get(1)).startsWith("pipe:");
      assertThat(fds.get(2)).isEqualTo("/dev/null");
      assertThat(cache())
          .isEqualTo(
              gcc
                  + "\t1700000000123\t"
                  + Files.size(gcc)
                  + "\tx86_64-fake-linux-gnu\t12.2.0\tyes\n");
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void withoutACompilerWordTheFlagFollowsDistcc(Client client) throws Exception {
    fakeDistcc(0);
    fakeGcc("cc", "12.2.0", true);
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(GRANT))) {
      client.run(tmp, compilerEnv(), "distcc", "-c", "x.c");
      client.run(tmp, compilerEnv(), "distcc", "x.c", "-c");

      assertThat(distccArgs())
          .containsExactly("-fdirectives-only -c x.c", "-fdirectives-only x.c -c");
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void aJobThatRunsHereIsLeftAsItIs(Client client) throws Exception {
    fakeDistcc(0);
    fakeGcc("gcc", "12.2.0", true);
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line("LOCAL reason=busy"))) {
      Client.Result local = client.run(tmp, compilerEnv(), "-v", "distcc", "gcc", "-c", "x.c");
      Path missing = tmp.resolve("missing/socket");
      Client.Result noDaemon =
          client.run(
              tmp,
              compilerEnv("DISTPOOL_SOCKET", missing.toString()),
              "-v",
              "distcc",
              "gcc",
              "-c",
              "x.c");

      assertThat(local.stderr()).isEqualTo("gethost: local: busy\n");
      assertThat(noDaemon.stderr())
          .isEqualTo("gethost: local: no daemon (" + missing.getParent() + " does not exist)\n");
      assertThat(distccArgs()).containsExactly("gcc -c x.c", "gcc -c x.c");
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void distpoolDirectivesOnlyZeroTurnsItOff(Client client) throws Exception {
    fakeDistcc(0);
    fakeGcc("gcc", "12.2.0", true);
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(GRANT))) {
      Client.Result off =
          client.run(
              tmp,
              compilerEnv("DISTPOOL_DIRECTIVES_ONLY", "0"),
              "-v",
              "distcc",
              "gcc",
              "-c",
              "x.c");
      Client.Result on =
          client.run(
              tmp, compilerEnv("DISTPOOL_DIRECTIVES_ONLY", "1"), "distcc", "gcc", "-c", "x.c");

      assertThat(off.stderr()).isEqualTo(GRANTED);
      assertThat(on.exitCode()).isZero();
      assertThat(distccArgs()).containsExactly("gcc -c x.c", "gcc -fdirectives-only -c x.c");
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void aCompilerThatRejectsTheFlagDoesNotGetIt(Client client) throws Exception {
    fakeDistcc(0); // its gcc fails on anything but -dumpmachine and -dumpfullversion
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(GRANT))) {
      Client.Result result = client.run(tmp, compilerEnv(), "-v", "distcc", "gcc", "-c", "x.c");
      client.run(tmp, compilerEnv(), "distcc", "gcc", "-c", "x.c");

      assertThat(result.stderr()).isEqualTo(GRANTED);
      assertThat(distccArgs()).containsExactly("gcc -c x.c", "gcc -c x.c");
      assertThat(asked())
          .containsExactly("-dumpmachine", "-dumpfullversion -dumpversion", ASK_DIRECTIVES_ONLY);
      assertThat(cache()).endsWith("\tx86_64-fake-linux-gnu\t12.2.0\tno\n");
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void anUnidentifiedCompilerDoesNotGetIt(Client client) throws Exception {
    fakeDistcc(0);
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(GRANT))) {
      client.run(tmp, compilerEnv(), "distcc", "no-such-cc", "-c", "x.c");

      assertThat(distccArgs()).containsExactly("no-such-cc -c x.c");
    }
  }

  static Stream<Arguments> answersToTheDirectivesOnlyQuestion() {
    String probe = "#define DISTPOOL_DIRECTIVES_ONLY_PROBE";
    return Client.forBoth(
        new Object[] {"gcc's", GCC_PROBE_OUTPUT, true},
        new Object[] {"the macro first", "printf '" + probe + " 1\\n# 2\\n'", true},
        new Object[] {"the macro last, its line unended", "printf '# 1\\n" + probe + " 1'", false},
        new Object[] {"clang 15's: the -D macro left out", "echo '# 1 \"/dev/null\"'", false},
        new Object[] {"another value", "echo '" + probe + " 12'", false},
        new Object[] {"an error after it", GCC_PROBE_OUTPUT + "; exit 1", false},
        new Object[] {"an error (older clang)", "echo 'unknown argument' >&2; exit 1", false},
        new Object[] {"on stderr only", "echo '" + probe + " 1' >&2", false});
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("answersToTheDirectivesOnlyQuestion")
  void onlyACompilerThatKeepsTheCommandLinesMacroGetsTheFlag(
      Client client, String what, String answer, boolean takesIt) throws Exception {
    fakeDistcc(0);
    fakeGcc("gcc", "12.2.0", answer);
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(GRANT))) {
      client.run(tmp, compilerEnv(), "distcc", "gcc", "-c", "x.c");

      assertThat(distccArgs())
          .containsExactly(takesIt ? "gcc -fdirectives-only -c x.c" : "gcc -c x.c");
      assertThat(cache()).endsWith("\t12.2.0\t" + (takesIt ? "yes" : "no") + "\n");
    }
  }

  static Stream<Arguments> argumentsThatKeepTheirPreprocessing() {
    return Client.forBoth(
        new Object[] {"gcc -c x.i"},
        new Object[] {"gcc -c x.ii"},
        new Object[] {"gcc -c x.mi"},
        new Object[] {"gcc -c x.mii"},
        new Object[] {"gcc -fdirectives-only -c x.c"},
        new Object[] {"gcc -traditional -c x.c"},
        new Object[] {"gcc -traditional-cpp -c x.c"},
        new Object[] {"gcc -fpreprocessed -c x.c"},
        new Object[] {"gcc -save-temps -c x.c"},
        new Object[] {"gcc -save-temps=obj -c x.c"},
        new Object[] {"gcc -E -c x.c"},
        new Object[] {"gcc -M -c x.c"},
        new Object[] {"gcc -MM -c x.c"},
        new Object[] {"gcc x.o -o x"});
  }

  @ParameterizedTest(name = "{0}: distcc {1}")
  @MethodSource("argumentsThatKeepTheirPreprocessing")
  void aJobThatIsPreprocessedOrDecidesItselfIsLeftAsItIs(Client client, String args)
      throws Exception {
    fakeDistcc(0);
    fakeGcc("gcc", "12.2.0", true);
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(GRANT))) {
      List<String> command = new ArrayList<>(List.of("distcc"));
      command.addAll(Client.words(args));
      Client.Result result = client.run(tmp, compilerEnv(), command);

      assertThat(result.exitCode()).isZero();
      assertThat(distccArgs()).containsExactly(args);
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void theJobCompiledHereAfterTheHostFailedIsLeftAsItWasGiven(Client client) throws Exception {
    fakeDistcc(116);
    fakeGcc("gcc", "12.2.0", true);
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(GRANT))) {
      Client.Result result = client.run(tmp, compilerEnv(), "-v", "distcc", "gcc", "-c", "x.c");

      assertThat(result.exitCode()).isZero();
      assertThat(distccArgs()).containsExactly("gcc -fdirectives-only -c x.c", "gcc -c x.c");
      assertThat(result.stderr())
          .isEqualTo(
              "gethost: h1 (DISTCC_HOSTS=@h1/64,lzo)"
                  + DIRECTIVES_ONLY
                  + "\ngethost: local: distcc exited 116 on h1 (DISTCC_HOSTS=@h1/64,lzo)\n");
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void aCacheLineWithoutTheDirectivesOnlyAnswerIsAskedAgainAndRewritten(Client client)
      throws Exception {
    fakeDistcc(0);
    Path gcc = fakeGcc("gcc", "12.2.0", true);
    String key = gcc + "\t1700000000123\t" + Files.size(gcc);
    Path cache = Files.createDirectories(tmp.resolve("cache/distpool")).resolve("compilers");
    // As a gethost before -fdirectives-only wrote it: five fields.
    Files.writeString(cache, key + "\tx86_64-fake-linux-gnu\t12.2.0\n");
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(GRANT))) {
      client.run(tmp, compilerEnv(), "distcc", "gcc", "-c", "x.c");
      client.run(tmp, compilerEnv(), "distcc", "gcc", "-c", "x.c");

      assertThat(asked())
          .containsExactly("-dumpmachine", "-dumpfullversion -dumpversion", ASK_DIRECTIVES_ONLY);
      assertThat(cache()).isEqualTo(key + "\tx86_64-fake-linux-gnu\t12.2.0\tyes\n");
      assertThat(requests(daemon, 2)).containsOnly("LEASE wait=2000 " + FAKE_GCC);
      assertThat(distccArgs()).containsOnly("gcc -fdirectives-only -c x.c").hasSize(2);
    }
  }

  @Test
  void eachClientTakesTheOthersDirectivesOnlyAnswer() throws Exception {
    fakeDistcc(0);
    Path gcc = fakeGcc("gcc", "12.2.0", true);
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line(GRANT))) {
      Client.JAVA.run(tmp, compilerEnv(), "distcc", "gcc", "-c", "x.c");
      Client.NATIVE.run(tmp, compilerEnv(), "distcc", "gcc", "-c", "x.c");
      Files.setLastModifiedTime(gcc, FileTime.fromMillis(1_700_000_777_000L));
      Client.NATIVE.run(tmp, compilerEnv(), "distcc", "gcc", "-c", "x.c");
      Client.JAVA.run(tmp, compilerEnv(), "distcc", "gcc", "-c", "x.c");

      assertThat(asked()).hasSize(6);
      assertThat(distccArgs()).containsOnly("gcc -fdirectives-only -c x.c").hasSize(4);
      assertThat(cache()).startsWith(gcc + "\t1700000777000\t").endsWith("\tyes\n");
    }
  }

  static String hostName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A LEASE line without the {@link #WHO} every one of them must end with. */
  static String terms(String lease) {
    assertThat(lease).endsWith(WHO);
    return lease.substring(0, lease.length() - WHO.length());
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void everyLeaseSaysWhoAsksAndFromWhichMachine(Client client) throws Exception {
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line("LOCAL reason=x"))) {
      client.run(tmp, Map.of(), "--socket", socket.toString(), "--tag", "a", "true");

      assertThat(daemon.awaitConnection(SOON).lines.get(0))
          .isEqualTo(
              "LEASE wait=2000 tags=a user="
                  + System.getProperty("user.name")
                  + " client="
                  + hostName());
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void distpoolUserNamesTheUserForAnAccountThatBuildsForSomeoneElse(Client client)
      throws Exception {
    try (FakeDaemon daemon = FakeDaemon.start(socket, FakeDaemon.line("LOCAL reason=x"))) {
      client.run(
          tmp, Map.of("DISTPOOL_USER", "nightly build"), "--socket", socket.toString(), "true");

      assertThat(daemon.awaitConnection(SOON).lines.get(0))
          .isEqualTo("LEASE wait=2000 user=nightly%20build client=" + hostName());
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void theSharedDaemonIsAskedFirstAndItsSshProgramIsNotUsedHere(Client client) throws Exception {
    Path shared = run.resolve("shared.socket");
    String centralGrant = "GRANT host=h2 hosts=@h2/64 ssh=/central/distpool/ssh";
    try (FakeDaemon own = FakeDaemon.start(socket, FakeDaemon.line(GRANT));
        FakeDaemon central = FakeDaemon.start(shared, FakeDaemon.line(centralGrant))) {
      Client.Result result =
          client.run(tmp, Map.of("DISTPOOL_SOCKET", socket.toString()), "-v", "sh", "-c", SHOW_ENV);

      assertThat(result.exitCode()).isZero();
      // DISTCC_SSH stays unset: distcc's own ssh, with the user's ssh configuration.
      assertThat(result.stdout()).isEqualTo("@h2/64||101\n");
      assertThat(result.stderr())
          .isEqualTo("gethost: h2 (DISTCC_HOSTS=@h2/64) via " + shared + "\n");
      FakeDaemon.Connection connection = central.awaitConnection(SOON);
      assertThat(terms(connection.lines.get(0))).isEqualTo("LEASE wait=2000");
      assertThat(connection.closesWithin(SOON)).isTrue();
      assertThat(connection.lines.get(1)).matches("DONE exit=0 ms=\\d+");
      assertThat(own.hasConnections()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void aSharedDaemonsLocalAnswerDecides(Client client) throws Exception {
    Path shared = run.resolve("shared.socket");
    try (FakeDaemon own = FakeDaemon.start(socket, FakeDaemon.line(GRANT));
        FakeDaemon central = FakeDaemon.start(shared, FakeDaemon.line("LOCAL reason=busy"))) {
      Client.Result result = client.run(tmp, Map.of(), "-v", "--socket", socket.toString(), "true");

      assertThat(result.stderr()).isEqualTo("gethost: local: busy via " + shared + "\n");
      assertThat(own.hasConnections()).isFalse();
    }
  }

  /** A socket file nobody listens on, as a killed {@code distpool connect} leaves it. */
  private static Path staleSocket(Path path) throws Exception {
    try (java.nio.channels.ServerSocketChannel server =
        java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      server.bind(java.net.UnixDomainSocketAddress.of(path));
    }
    assertThat(path).exists();
    return path;
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void aStaleSharedSocketFallsThroughToTheOwnDaemonAtOnce(Client client) throws Exception {
    Path shared = staleSocket(run.resolve("shared.socket"));
    try (FakeDaemon own = FakeDaemon.start(socket, FakeDaemon.line(GRANT))) {
      Client.Result result =
          client.run(tmp, Map.of(), "-v", "--socket", socket.toString(), "sh", "-c", SHOW_ENV);

      assertThat(result.exitCode()).isZero();
      assertThat(result.stdout()).isEqualTo("@h1/64,lzo|/run/distpool x/ssh|101\n");
      assertThat(result.stderr())
          .isEqualTo(
              "gethost: no answer from the shared daemon at "
                  + shared
                  + " (Connection refused)\n"
                  + GRANTED);
      assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(5));
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void aDeadForwardFallsThroughToTheOwnDaemon(Client client) throws Exception {
    // ssh accepts on the shared socket, fails to reach the central daemon, and hangs up.
    Path shared = run.resolve("shared.socket");
    try (FakeDaemon own = FakeDaemon.start(socket, FakeDaemon.line(GRANT));
        FakeDaemon forward = FakeDaemon.start(shared, FakeDaemon.hangUp())) {
      Client.Result result = client.run(tmp, Map.of(), "-v", "--socket", socket.toString(), "true");

      assertThat(result.stderr())
          .isEqualTo(
              "gethost: no answer from the shared daemon at "
                  + shared
                  + " (the daemon closed the connection)\n"
                  + GRANTED);
      assertThat(own.awaitConnection(SOON)).isNotNull();
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void bothSocketsDeadMeansLocalWithTheCommandsExitStatus(Client client) throws Exception {
    Path shared = staleSocket(run.resolve("shared.socket"));
    staleSocket(socket);
    Client.Result result =
        client.run(
            tmp, Map.of(), "-v", "--socket", socket.toString(), "sh", "-c", SHOW_ENV + "; exit 7");

    assertThat(result.exitCode()).isEqualTo(7);
    assertThat(result.stdout()).isEqualTo(Placement.localHosts() + "||\n");
    assertThat(result.stderr())
        .isEqualTo(
            "gethost: no answer from the shared daemon at "
                + shared
                + " (Connection refused)\n"
                + "gethost: local: no answer from the daemon at "
                + socket
                + " (Connection refused)\n");
  }
}
