package io.distpool.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Copies the fixture program and builds it the way users do: make with gethost as CC. */
final class Builds {
  static final int OBJECTS = 8;

  private Builds() {}

  static Path copyFixture(Path target) throws IOException {
    Path source = Repo.fixture("hello");
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.copy(file, target.resolve(file.getFileName()));
      }
    }
    return target;
  }

  /** {@code make -jN CC="gethost distcc gcc"}, with the daemon's environment. */
  static Run.Result make(Path dir, Map<String, String> daemonEnv, int jobs, String waitSeconds)
      throws IOException, InterruptedException {
    Map<String, String> env = new HashMap<>(daemonEnv);
    env.put("DISTPOOL_WAIT", waitSeconds);
    return Run.run(
        dir,
        env,
        Duration.ofMinutes(3),
        List.of("make", "-j" + jobs, "CC=" + Repo.gethost() + " distcc gcc"));
  }

  /** What the program prints when built locally with plain gcc: the expected output. */
  static String expectedOutput(Path scratch) throws IOException, InterruptedException {
    Path dir = copyFixture(scratch);
    Run.ok(dir, Map.of(), Duration.ofMinutes(2), List.of("make", "-j2", "CC=gcc"));
    return Run.ok(dir, Map.of(), Duration.ofSeconds(10), List.of("./hello")).stdout();
  }
}
