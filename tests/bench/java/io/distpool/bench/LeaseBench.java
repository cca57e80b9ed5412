package io.distpool.bench;

import io.distpool.protocol.DaemonClient;
import io.distpool.protocol.Request;
import io.distpool.protocol.Response;
import io.distpool.protocol.StatusJson;
import io.distpool.protocol.StatusReport;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lease throughput and latency of the real daemon (in its own JVM) with 1, 64 and 1,000 concurrent
 * clients that lease and release as fast as they can, against a baseline server that only answers
 * on the same kind of socket; then a correctness run of 1,000 clients on 100 slots that checks no
 * lease is ever double-granted or lost. Run by tests/bench/lease-throughput.
 */
public final class LeaseBench {
  /** What both gethost clients send: who asks and from which machine, as they always do. */
  private static final byte[] LEASE =
      "LEASE wait=60000 user=bench client=bench-host\n".getBytes(StandardCharsets.US_ASCII);

  private LeaseBench() {}

  /** One measured run. */
  record Result(String server, int clients, long cycles, double seconds, long[] latencies) {
    double rate() {
      return cycles / seconds;
    }

    double percentileMillis(double p) {
      int i = (int) Math.min(latencies.length - 1, Math.floor(p * latencies.length));
      return latencies[i] / 1e6;
    }
  }

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    Path dir = Files.createTempDirectory("lease-bench");
    Path run =
        Files.createDirectory(
            dir.resolve("run"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    List<Result> results = new ArrayList<>();
    int[] concurrency = {1, 64, 1000};
    try (ServerProcess echo = ServerProcess.start("EchoServer", run.resolve("echo"))) {
      for (int c : concurrency) {
        results.add(measure("baseline", echo.socket, c, seconds));
      }
    }
    Path hosts = dir.resolve("hosts.yaml");
    Files.writeString(hosts, hostsYaml(16, 128));
    try (ServerProcess daemon =
        ServerProcess.start("BenchDaemon", run.resolve("socket"), hosts.toString())) {
      for (int c : concurrency) {
        results.add(measure("daemon", daemon.socket, c, seconds));
      }
    }
    print(results);
    Files.writeString(hosts, hostsYaml(4, 25));
    try (ServerProcess daemon =
        ServerProcess.start("BenchDaemon", run.resolve("socket"), hosts.toString())) {
      correctness(daemon.socket, 1000, 20, 100);
    }
  }

  static String hostsYaml(int hosts, int slots) {
    StringBuilder yaml =
        new StringBuilder(
            "defaults:\n  slots: "
                + slots
                + "\n  poll_interval: 1h\n  ssh_multiplex: false\nhosts:\n");
    for (int i = 1; i <= hosts; i++) {
      yaml.append("  - name: h").append(i).append("\n    address: 127.0.0.1\n");
    }
    return yaml.toString();
  }

  static Result measure(String server, Path socket, int clients, double seconds) throws Exception {
    runClients(socket, clients, Math.min(1.0, seconds / 5), null); // warm-up
    long[][] perThread = new long[clients][];
    long start = System.nanoTime();
    AtomicLong cycles = runClients(socket, clients, seconds, perThread);
    double elapsed = (System.nanoTime() - start) / 1e9;
    long[] all = Arrays.stream(perThread).flatMapToLong(Arrays::stream).sorted().toArray();
    return new Result(server, clients, cycles.get(), elapsed, all);
  }

  private static AtomicLong runClients(Path socket, int clients, double seconds, long[][] latencies)
      throws Exception {
    AtomicLong cycles = new AtomicLong();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < clients; t++) {
      int index = t;
      Thread thread =
          new Thread(
              () -> {
                long[] mine = new long[1024];
                int n = 0;
                ByteBuffer answer = ByteBuffer.allocate(512);
                while (System.nanoTime() < end) {
                  long t0 = System.nanoTime();
                  try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    channel.connect(UnixDomainSocketAddress.of(socket));
                    channel.write(ByteBuffer.wrap(LEASE));
                    answer.clear();
                    readLine(channel, answer);
                    if (answer.get(0) != 'G') {
                      throw new IllegalStateException(
                          "not a grant: "
                              + new String(
                                  answer.array(), 0, answer.position(), StandardCharsets.UTF_8));
                    }
                    if (n == mine.length) {
                      mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = System.nanoTime() - t0;
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                  cycles.incrementAndGet();
                }
                if (latencies != null) {
                  latencies[index] = Arrays.copyOf(mine, n);
                }
              },
              "client-" + t);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return cycles;
  }

  private static void readLine(SocketChannel channel, ByteBuffer into) throws java.io.IOException {
    while (into.position() == 0 || into.get(into.position() - 1) != '\n') {
      if (channel.read(into) < 0) {
        throw new java.io.EOFException("server closed the connection");
      }
    }
  }

  /**
   * 1,000 clients each take {@code rounds} leases on {@code slots} slots, holding each for 0-2 ms;
   * any moment with more holders of a host than its slots is a double grant.
   */
  static void correctness(Path socket, int clients, int rounds, int slots) throws Exception {
    ConcurrentHashMap<String, AtomicInteger> holding = new ConcurrentHashMap<>();
    AtomicInteger worstPerHost = new AtomicInteger();
    AtomicInteger granted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < clients; t++) {
      Thread thread =
          new Thread(
              () -> {
                java.util.Random random = new java.util.Random();
                ByteBuffer answer = ByteBuffer.allocate(512);
                for (int r = 0; r < rounds; r++) {
                  try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    channel.connect(UnixDomainSocketAddress.of(socket));
                    channel.write(ByteBuffer.wrap(LEASE));
                    answer.clear();
                    readLine(channel, answer);
                    String line =
                        new String(answer.array(), 0, answer.position(), StandardCharsets.UTF_8);
                    if (!line.startsWith("GRANT host=")) {
                      refused.incrementAndGet();
                      continue;
                    }
                    String host = line.substring(11, line.indexOf(' ', 11));
                    AtomicInteger count = holding.computeIfAbsent(host, h -> new AtomicInteger());
                    worstPerHost.accumulateAndGet(count.incrementAndGet(), Math::max);
                    granted.incrementAndGet();
                    Thread.sleep(random.nextInt(3));
                    count.decrementAndGet();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    Thread.sleep(200);
    Response response = new DaemonClient(socket).call(new Request.Status(), Duration.ofSeconds(10));
    StatusReport status = StatusJson.read(((Response.Status) response).json());
    int perHostSlots = slots / status.hosts().size();
    System.out.printf(
        Locale.ROOT,
        "%ncorrectness: %d clients x %d leases on %d hosts x %d slots in %.1f s:%n"
            + "  granted %d of %d, refused %d; most concurrent holders of one host %d (slots %d);"
            + " after: leased %d, waiting %d -> %s%n",
        clients,
        rounds,
        status.hosts().size(),
        perHostSlots,
        elapsed,
        granted.get(),
        clients * rounds,
        refused.get(),
        worstPerHost.get(),
        perHostSlots,
        status.leased(),
        status.waiting(),
        granted.get() == clients * rounds
                && worstPerHost.get() <= perHostSlots
                && status.leased() == 0
                && status.waiting() == 0
            ? "OK"
            : "FAILED");
  }

  static void print(List<Result> results) {
    System.out.println("| server | clients | cycles/s | p50 ms | p99 ms | max ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %.0f | %.3f | %.3f | %.3f |%n",
          r.server(),
          r.clients(),
          r.rate(),
          r.percentileMillis(0.5),
          r.percentileMillis(0.99),
          r.percentileMillis(1.0));
    }
    for (Result d : results) {
      if (d.server().equals("daemon")) {
        results.stream()
            .filter(b -> b.server().equals("baseline") && b.clients() == d.clients())
            .findFirst()
            .ifPresent(
                b ->
                    System.out.printf(
                        Locale.ROOT,
                        "daemon/baseline with %d clients: throughput %.2f, p50 latency %.2f%n",
                        d.clients(),
                        d.rate() / b.rate(),
                        d.percentileMillis(0.5) / b.percentileMillis(0.5)));
      }
    }
  }
}
