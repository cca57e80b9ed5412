package io.distpool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** gethost passes SIGINT, SIGTERM and SIGHUP on to its command and exits as the command did. */
@Timeout(60)
class SignalIT {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"INT", "TERM", "HUP"})
  void signalReachesTheCommandAndItsStatusComesBack(String signal) throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("DISTPOOL_SOCKET", tmp.resolve("none/socket").toString());
    Path ready = tmp.resolve("ready");
    Path out = tmp.resolve("out");
    String script =
        "trap 'echo got "
            + signal
            + "; exit 42' "
            + signal
            + "; touch "
            + ready
            + "; while :; do sleep 0.1; done";
    ProcessBuilder builder =
        new ProcessBuilder(Repo.gethost().toString(), "sh", "-c", script)
            .redirectOutput(out.toFile());
    builder.environment().putAll(env);
    Process gethost = builder.start();
    try {
      for (int i = 0; i < 200 && !Files.exists(ready); i++) {
        Thread.sleep(50);
      }
      assertThat(ready).exists();

      new ProcessBuilder("kill", "-" + signal, Long.toString(gethost.pid())).start().waitFor();

      assertThat(gethost.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(gethost.exitValue()).isEqualTo(42);
      assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo("got " + signal + "\n");
    } finally {
      gethost.descendants().forEach(ProcessHandle::destroyForcibly);
      gethost.destroyForcibly();
    }
  }
}
