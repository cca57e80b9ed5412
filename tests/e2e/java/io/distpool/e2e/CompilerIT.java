package io.distpool.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Jobs go only to hosts with the client's own compiler, and only to hosts with the tags asked. */
@Timeout(300)
class CompilerIT {
  @TempDir Path tmp;

  /** Gives a host a gcc that claims another version (and otherwise is the real one). */
  private static void otherGccVersion(SshdHost host) throws Exception {
    Path gcc = host.dir.resolve("bin/gcc");
    Files.writeString(
        gcc,
        String.join(
            "\n",
            "#!/bin/sh",
            "case \"$*\" in *-dumpfullversion*|-dumpversion) echo 99.1.0; exit 0 ;; esac",
            "exec /usr/bin/gcc \"$@\"",
            ""));
    Files.setPosixFilePermissions(gcc, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void aHostWithAnotherGccVersionGetsNoJobs() throws Exception {
    try (Farm farm = Farm.start(tmp.resolve("farm"), 2)) {
      otherGccVersion(farm.host("h2"));
      farm.writeInventory(farm.inventoryText(farm.hosts, "slots: 4"));
      try (DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory)) {
        JsonNode status =
            daemon.await(
                Duration.ofSeconds(30),
                s ->
                    s.get("hosts").size() == 2
                        && s.get("hosts").get(0).get("compilers").size() > 0
                        && s.get("hosts").get(1).get("compilers").size() > 0);
        assertThat(daemon.host("h2").get("compilers").toString()).contains("99.1.0");
        assertThat(daemon.host("h1").get("compilers").toString()).doesNotContain("99.1.0");
        Path src = Builds.copyFixture(tmp.resolve("src"));

        Run.Result build = Builds.make(src, daemon.env, 4, "30");

        assertThat(build.exitCode()).as(build.toString()).isZero();
        assertThat(farm.host("h1").compiles()).isEqualTo(Builds.OBJECTS);
        assertThat(farm.host("h2").compiles()).isZero();
        Map<String, String> env = new HashMap<>(daemon.env);
        Run.Result why =
            Run.run(
                src,
                env,
                Duration.ofSeconds(30),
                List.of(
                    Repo.gethost().toString(),
                    "-v",
                    "distcc",
                    "gcc",
                    "-c",
                    "alpha.c",
                    "-o",
                    "alpha.o"));
        assertThat(why.stderr()).contains("gethost: h1 ");
        assertThat(status.get("hosts")).hasSize(2);
      }
    }
  }

  @Test
  void tagsNarrowTheChoiceAndAnUnknownTagCompilesLocally() throws Exception {
    try (Farm farm = Farm.start(tmp.resolve("farm"), 2)) {
      String yaml =
          farm.inventoryText(farm.hosts)
              .replace(
                  "    port: " + farm.host("h2").port + "\n",
                  "    port: " + farm.host("h2").port + "\n    tags: [sparc]\n");
      farm.writeInventory(yaml);
      try (DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory)) {
        daemon.await(Duration.ofSeconds(30), DaemonProcess.allUp(2));
        Path src = Builds.copyFixture(tmp.resolve("src"));

        Run.Result tagged =
            Run.run(
                src,
                daemon.env,
                Duration.ofSeconds(30),
                List.of(
                    Repo.gethost().toString(),
                    "-v",
                    "--tag",
                    "sparc",
                    "distcc",
                    "gcc",
                    "-c",
                    "beta.c",
                    "-o",
                    "beta.o"));
        Run.Result unknown =
            Run.run(
                src,
                daemon.env,
                Duration.ofSeconds(30),
                List.of(
                    Repo.gethost().toString(),
                    "-v",
                    "--tag",
                    "ppc",
                    "distcc",
                    "gcc",
                    "-c",
                    "gamma.c",
                    "-o",
                    "gamma.o"));

        assertThat(tagged.exitCode()).isZero();
        assertThat(tagged.stderr()).contains("gethost: h2 ");
        assertThat(unknown.exitCode()).isZero();
        assertThat(unknown.stderr()).contains("gethost: local:").contains("tagged ppc");
        assertThat(src.resolve("gamma.o")).exists();
      }
    }
  }
}
