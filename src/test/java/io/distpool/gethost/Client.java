package io.distpool.gethost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The two gethost clients, run as separate processes the way a build runs them: the Java one from
 * this JVM's class path, the native one from {@code target/native/gethost}.
 */
enum Client {
  JAVA {
    @Override
    List<String> command() {
      return List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          "-Xshare:auto",
          "-cp",
          System.getProperty("java.class.path"),
          GetHost.class.getName());
    }
  },
  NATIVE {
    @Override
    List<String> command() {
      Path home = Path.of(System.getProperty("distpool.home", "")).toAbsolutePath();
      Path binary = home.resolve("target/native/gethost");
      if (!Files.isExecutable(binary)) {
        // Not a skip: a build that never tests the native client lets the two drift apart.
        throw new AssertionError(
            binary
                + " was not built, so the native gethost cannot be tested: install a C compiler"
                + " (cc, gcc or clang, or set $CC) and run mvn package again");
      }
      return List.of(binary.toString());
    }
  };

  /** The program and the arguments that come before gethost's own. */
  abstract List<String> command();

  /** How a run ended. */
  record Result(int exitCode, String stdout, String stderr, Duration elapsed) {}

  /** A started client; its output goes to files so a leftover grandchild cannot block a pipe. */
  record Running(Process process, Path stdout, Path stderr, long startedAt) {
    Result await(Duration limit) throws IOException, InterruptedException {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        throw new AssertionError("gethost still running after " + limit + ": " + process.info());
      }
      return new Result(
          process.exitValue(),
          Files.readString(stdout, StandardCharsets.UTF_8),
          Files.readString(stderr, StandardCharsets.UTF_8),
          Duration.ofNanos(System.nanoTime() - startedAt));
    }
  }

  /**
   * Starts this client with {@code args} in {@code dir}. The environment is this JVM's without any
   * DISTCC_ or DISTPOOL_ variable, with XDG_CACHE_HOME in {@code dir} (so no test reads or writes
   * the compiler cache in the home directory), plus {@code env}.
   */
  Running start(Path dir, Map<String, String> env, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(command());
    command.addAll(args);
    Path out = Files.createTempFile(dir, "gethost", ".out");
    Path err = Files.createTempFile(dir, "gethost", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.startsWith("DISTCC_") || k.startsWith("DISTPOOL_"));
    environment.put("XDG_CACHE_HOME", dir.resolve(".cache").toString());
    environment.putAll(env);
    return new Running(builder.start(), out, err, System.nanoTime());
  }

  Result run(Path dir, Map<String, String> env, List<String> args)
      throws IOException, InterruptedException {
    return start(dir, env, args).await(Duration.ofSeconds(30));
  }

  Result run(Path dir, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    return run(dir, env, List.of(args));
  }

  static Map<String, String> env(String... keysAndValues) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      env.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return env;
  }

  /** A client's arguments as words: {@code "-v --wait 1 true"}. */
  static List<String> words(String text) {
    return text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
  }

  /** Each case once per client, the client first: arguments for a parameterized test. */
  static Stream<Arguments> forBoth(Object[]... cases) {
    return Stream.of(values())
        .flatMap(client -> Arrays.stream(cases).map(c -> withClient(client, c)));
  }

  private static Arguments withClient(Client client, Object[] c) {
    Object[] arguments = new Object[c.length + 1];
    arguments[0] = client;
    System.arraycopy(c, 0, arguments, 1, c.length);
    return Arguments.of(arguments);
  }
}
