package io.distpool.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What gethost costs per compile, and what shared ssh connections save per job, measured on a real
 * sshd host on loopback with the real daemon, distcc and gcc. Every variant runs in turn, round
 * after round, so drift hits them all alike; medians are reported next to the baseline measured in
 * the same run. Run by tests/bench/client-overhead.
 */
public final class ClientBench {
  private ClientBench() {}

  /** One command to time, with its environment. */
  record Variant(String name, List<String> command, Map<String, String> env) {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    Path tmp = Files.createTempDirectory("client-bench");
    try (Farm farm = Farm.start(tmp.resolve("farm"), 1)) {
      farm.writeInventory(farm.inventoryText(farm.hosts, "slots: 4"));
      try (DaemonProcess daemon = DaemonProcess.start(tmp, farm.inventory)) {
        daemon.await(Duration.ofSeconds(30), DaemonProcess.allUp(1));
        run(tmp, daemon, rounds);
      }
    }
  }

  private static void run(Path tmp, DaemonProcess daemon, int rounds) throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("x.c"), "int twice(int x) { return 2 * x; }\n");
    Path nativeClient = Repo.ROOT.resolve("target/native/gethost");
    if (!Files.isExecutable(nativeClient)) {
      throw new IllegalStateException("build the native client first: mvn package");
    }
    String[] grant =
        Run.ok(
                src,
                daemon.env,
                Duration.ofSeconds(30),
                List.of(nativeClient.toString(), "sh", "-c", "echo \"$DISTCC_HOSTS|$DISTCC_SSH\""))
            .stdout()
            .trim()
            .split("\\|");
    Map<String, String> fixed = new HashMap<>(daemon.env);
    fixed.put("DISTCC_HOSTS", grant[0]);
    fixed.put("DISTCC_SSH", grant[1]);
    fixed.put("DISTCC_BACKOFF_PERIOD", "1");
    fixed.put("DISTCC_FALLBACK", "0");
    Map<String, String> java = new HashMap<>(daemon.env);
    java.put("DISTPOOL_GETHOST", "java");
    List<String> compile = List.of("distcc", "gcc", "-c", "x.c", "-o", "x.o");
    String gethost = Repo.gethost().toString();

    System.out.printf("gethost overhead, %d rounds, medians (host %s)%n%n", rounds, grant[0]);
    Map<String, Double> quick =
        time(
            src,
            rounds,
            List.of(
                new Variant("true", List.of("true"), daemon.env),
                new Variant(
                    "native gethost true", List.of(nativeClient.toString(), "true"), daemon.env),
                new Variant("scripts/gethost true (native)", List.of(gethost, "true"), daemon.env),
                new Variant("scripts/gethost true (Java)", List.of(gethost, "true"), java)));
    table(quick, "true");
    Map<String, Double> compiles =
        time(
            src,
            Math.max(10, rounds / 2),
            List.of(
                new Variant("distcc gcc -c x.c (fixed DISTCC_HOSTS)", compile, fixed),
                new Variant(
                    "native gethost distcc gcc -c x.c",
                    prepend(nativeClient.toString(), compile),
                    daemon.env),
                new Variant(
                    "scripts/gethost distcc gcc -c x.c (Java)", prepend(gethost, compile), java)));
    table(compiles, "distcc gcc -c x.c (fixed DISTCC_HOSTS)");
    rss(src, nativeClient.toString(), daemon.env, java, gethost);
    ssh(tmp, src, daemon, fixed, compile, Math.max(10, rounds / 2));
  }

  private static List<String> prepend(String first, List<String> rest) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }

  /** Median wall milliseconds of each variant, after two warm-up rounds. */
  static Map<String, Double> time(Path dir, int rounds, List<Variant> variants) throws Exception {
    Map<String, double[]> samples = new LinkedHashMap<>();
    for (Variant v : variants) {
      samples.put(v.name(), new double[rounds]);
    }
    for (int round = -2; round < rounds; round++) {
      for (Variant v : variants) {
        double ms = once(dir, v);
        if (round >= 0) {
          samples.get(v.name())[round] = ms;
        }
      }
    }
    Map<String, Double> medians = new LinkedHashMap<>();
    samples.forEach((name, values) -> medians.put(name, median(values)));
    return medians;
  }

  private static double once(Path dir, Variant v) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(v.command())
            .directory(dir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(v.env());
    long start = System.nanoTime();
    int exit = builder.start().waitFor();
    double ms = (System.nanoTime() - start) / 1e6;
    if (exit != 0) {
      throw new IllegalStateException(v.name() + " failed with " + exit);
    }
    return ms;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static void table(Map<String, Double> medians, String baseline) {
    double base = medians.get(baseline);
    System.out.println("| command | median ms | added ms | ratio |");
    System.out.println("|---|---:|---:|---:|");
    medians.forEach(
        (name, ms) ->
            System.out.printf(
                Locale.ROOT, "| %s | %.2f | %+.2f | %.3f |%n", name, ms, ms - base, ms / base));
    System.out.println();
  }

  /** Peak resident memory of the client while its command runs: the command reads its parent. */
  private static void rss(
      Path dir,
      String nativeClient,
      Map<String, String> env,
      Map<String, String> java,
      String gethost)
      throws Exception {
    String probe = "sed -n 's/^VmHWM:[[:space:]]*\\([0-9]*\\) kB/\\1/p' /proc/$PPID/status";
    System.out.println("| client | peak RSS while the command runs, median of 10 (MiB) |");
    System.out.println("|---|---:|");
    for (Variant v :
        List.of(
            new Variant("native", List.of(nativeClient, "sh", "-c", probe), env),
            new Variant("Java", List.of(gethost, "sh", "-c", probe), java))) {
      double[] kib = new double[10];
      for (int i = 0; i < kib.length; i++) {
        kib[i] =
            Double.parseDouble(
                Run.ok(dir, v.env(), Duration.ofSeconds(30), v.command()).stdout().trim());
      }
      System.out.printf(Locale.ROOT, "| %s | %.2f |%n", v.name(), median(kib) / 1024);
    }
    System.out.println();
  }

  /** distcc's ssh mode with a fresh connection per job against the shared one. */
  private static void ssh(
      Path tmp,
      Path src,
      DaemonProcess daemon,
      Map<String, String> fixed,
      List<String> compile,
      int rounds)
      throws Exception {
    Path config = daemon.socket.getParent().resolve("ssh_config");
    Path fresh = tmp.resolve("ssh-fresh");
    Files.writeString(
        fresh,
        "#!/bin/sh\nexec ssh -F " + config + " -o ControlMaster=no -o ControlPath=none \"$@\"\n");
    fresh.toFile().setExecutable(true);
    Map<String, String> freshEnv = new HashMap<>(fixed);
    freshEnv.put("DISTCC_SSH", fresh.toString());
    String host = fixed.get("DISTCC_HOSTS").substring(1).split("/")[0];
    Map<String, Double> wall =
        time(
            src,
            rounds,
            List.of(
                new Variant(
                    "ssh HOST true, fresh connection",
                    List.of(fresh.toString(), host, "true"),
                    fixed),
                new Variant(
                    "ssh HOST true, shared connection",
                    List.of(fixed.get("DISTCC_SSH"), host, "true"),
                    fixed),
                new Variant("distcc job, fresh connection", compile, freshEnv),
                new Variant("distcc job, shared connection", compile, fixed)));
    System.out.println("| distcc ssh mode | median wall ms | client CPU ms (user+sys) |");
    System.out.println("|---|---:|---:|");
    for (var e : wall.entrySet()) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f | %.0f |%n",
          e.getKey(),
          e.getValue(),
          clientCpu(
              src,
              e.getKey().contains("fresh") ? freshEnv : fixed,
              e.getKey().startsWith("ssh")
                  ? List.of(
                      e.getKey().contains("fresh") ? fresh.toString() : fixed.get("DISTCC_SSH"),
                      host,
                      "true")
                  : compile));
    }
    double freshOverhead = wall.get("ssh HOST true, fresh connection");
    double sharedOverhead = wall.get("ssh HOST true, shared connection");
    System.out.printf(
        Locale.ROOT,
        "%nssh cost per job, shared / fresh: %.2f (wall); distcc job wall, shared / fresh: %.2f%n",
        sharedOverhead / freshOverhead,
        wall.get("distcc job, shared connection") / wall.get("distcc job, fresh connection"));
  }

  /** Median CPU of the command and its children, from the shell's {@code times}. */
  private static double clientCpu(Path dir, Map<String, String> env, List<String> command)
      throws Exception {
    String line = String.join(" ", command.stream().map(w -> "'" + w + "'").toList());
    double[] ms = new double[9];
    for (int i = 0; i < ms.length; i++) {
      String out =
          Run.ok(
                  dir,
                  env,
                  Duration.ofSeconds(60),
                  List.of("bash", "-c", line + " >/dev/null 2>&1; times"))
              .stdout();
      String[] children = out.lines().skip(1).findFirst().orElseThrow().trim().split("\\s+");
      ms[i] = seconds(children[0]) * 1000 + seconds(children[1]) * 1000;
    }
    return median(ms);
  }

  private static double seconds(String bashTime) {
    String[] parts = bashTime.replace("s", "").split("m");
    return Double.parseDouble(parts[0]) * 60 + Double.parseDouble(parts[1]);
  }
}
