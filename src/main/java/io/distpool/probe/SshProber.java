package io.distpool.probe;

import io.distpool.inventory.Host;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes hosts over SSH: one persistent connection per host, one exec of the probe script per poll.
 * A failed exec closes the connection; the next probe reconnects.
 *
 * <p>A watchdog closes the connection when a probe outlives the host's {@code poll_timeout}, which
 * unblocks any read so a hung host never holds its poll loop.
 *
 * <p>A host's compilers are asked for at most once every {@link #COMPILERS_KEPT} over one
 * connection: they rarely change, and asking runs a few compiler processes on the host at every
 * poll (about 2 CPU-s a minute at 5 s polls). Other probes report the last answer. A new
 * connection, a change in the names asked for, or {@link #recheck} asks again.
 */
public final class SshProber implements Prober {
  private static final Logger log = LoggerFactory.getLogger(SshProber.class);
  private static final int MAX_OUTPUT = 256 * 1024;
  private static final int MAX_COMPILERS = 24;

  static final Duration COMPILERS_KEPT = Duration.ofSeconds(60);

  /** An open connection and the host settings it was opened with. */
  private record Link(Host host, SSHClient client) {}

  /** What a host said of its compilers: which names were asked, when, over which connection. */
  private record Compilers(String names, List<Toolchain> found, Instant asked, SSHClient over) {}

  private final SshConnector connector;
  private final Supplier<Set<String>> wantedCompilers;
  private final InstantSource clock;
  private final Map<String, Link> links = new ConcurrentHashMap<>();
  private final Map<String, Compilers> compilers = new ConcurrentHashMap<>();
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "probe-watchdog");
            t.setDaemon(true);
            return t;
          });

  public SshProber(SshConnector connector) {
    this(connector, Set::of);
  }

  /**
   * A prober that also asks every host for the compilers in {@code wantedCompilers}, names jobs
   * have asked for that hosts.yaml does not list.
   */
  public SshProber(SshConnector connector, Supplier<Set<String>> wantedCompilers) {
    this(connector, wantedCompilers, InstantSource.system());
  }

  SshProber(SshConnector connector, Supplier<Set<String>> wantedCompilers, InstantSource clock) {
    this.connector = connector;
    this.wantedCompilers = wantedCompilers;
    this.clock = clock;
  }

  @Override
  public ProbeResult probe(Host host) {
    AtomicBoolean timedOut = new AtomicBoolean();
    Duration timeout = host.pollTimeout();
    try {
      Link link = link(host, timeout);
      ScheduledFuture<?> alarm =
          watchdog.schedule(
              () -> {
                timedOut.set(true);
                SshConnector.closeQuietly(link.client());
              },
              timeout.toMillis(),
              TimeUnit.MILLISECONDS);
      try {
        return new ProbeResult.Reachable(report(host, link));
      } finally {
        alarm.cancel(false);
      }
    } catch (ConnectFailure e) {
      forget(host.name());
      return e.refusedKey()
          .<ProbeResult>map(key -> new ProbeResult.Untrusted(e.getMessage(), key))
          .orElseGet(() -> new ProbeResult.Unreachable(e.getMessage()));
    } catch (IOException | RuntimeException e) {
      forget(host.name());
      if (timedOut.get()) {
        return new ProbeResult.Unreachable(
            "no answer within " + timeout.toMillis() / 1000.0 + "s (poll_timeout)");
      }
      log.debug("probe of {} failed", host.name(), e);
      return new ProbeResult.Unreachable("probe failed: " + message(e));
    }
  }

  /** Runs the probe, asking for the host's compilers only when the last answer is stale. */
  private HostReport report(Host host, Link link) throws IOException {
    String names = compilerNames(host);
    Instant now = clock.instant();
    Compilers last = compilers.get(host.name());
    if (last != null
        && last.names().equals(names)
        && last.over() == link.client()
        && now.isBefore(last.asked().plus(COMPILERS_KEPT))) {
      return ReportParser.parse(run(link.client(), "")).withToolchains(last.found());
    }
    HostReport report = ReportParser.parse(run(link.client(), names));
    compilers.put(host.name(), new Compilers(names, report.toolchains(), now, link.client()));
    return report;
  }

  @Override
  public void recheck(String hostName) {
    compilers.remove(hostName);
  }

  /** Longest a calibration may take: two compiles on a slow, busy host. */
  static final Duration CALIBRATION_TIMEOUT = Duration.ofSeconds(120);

  @Override
  public Calibration calibrate(Host host) {
    AtomicBoolean timedOut = new AtomicBoolean();
    try {
      Link link = link(host, host.pollTimeout());
      ScheduledFuture<?> alarm =
          watchdog.schedule(
              () -> {
                timedOut.set(true);
                SshConnector.closeQuietly(link.client());
              },
              CALIBRATION_TIMEOUT.toMillis(),
              TimeUnit.MILLISECONDS);
      try {
        long start = System.nanoTime();
        String output = exec(link.client(), Calibration.COMMAND, new byte[0], Calibration.SCRIPT);
        return Calibration.parse(output, (System.nanoTime() - start) / 1e9);
      } finally {
        alarm.cancel(false);
      }
    } catch (ConnectFailure e) {
      forget(host.name());
      return new Calibration.Failed(e.getMessage());
    } catch (IOException | RuntimeException e) {
      forget(host.name());
      return new Calibration.Failed(
          timedOut.get()
              ? "no result within " + CALIBRATION_TIMEOUT.toSeconds() + "s"
              : "calibration failed: " + message(e));
    }
  }

  private static String message(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private Link link(Host host, Duration timeout) throws ConnectFailure {
    Link link = links.get(host.name());
    if (link != null
        && link.host().equals(host)
        && link.client().isConnected()
        && link.client().isAuthenticated()) {
      return link;
    }
    if (link != null) {
      forget(host.name());
    }
    // A connect that hangs after TCP is up (KEX, auth) is bounded by the transport timeout.
    SSHClient client = connector.connect(host, timeout);
    Link fresh = new Link(host, client);
    links.put(host.name(), fresh);
    log.info("connected to {} ({}@{}:{})", host.name(), host.user(), host.address(), host.port());
    return fresh;
  }

  /** The compilers to look for: the host's list, then names jobs asked for, at most 24. */
  private String compilerNames(Host host) {
    Set<String> names = new LinkedHashSet<>(host.compilers());
    for (String name : wantedCompilers.get()) {
      if (Toolchain.isSafeName(name)) {
        names.add(name);
      }
    }
    return String.join(" ", names.stream().limit(MAX_COMPILERS).toList());
  }

  private static String run(SSHClient client, String compilers) throws IOException {
    // Names are validated words ([A-Za-z0-9._+/-]), safe inside single quotes.
    byte[] settings =
        ("DISTPOOL_COMPILERS='" + compilers + "'\n").getBytes(StandardCharsets.US_ASCII);
    return exec(client, ProbeScript.COMMAND, settings, ProbeScript.TEXT);
  }

  /** Runs {@code command} with {@code prefix} and {@code script} on its stdin; its output. */
  private static String exec(SSHClient client, String command, byte[] prefix, byte[] script)
      throws IOException {
    try (Session session = client.startSession()) {
      Session.Command exec = session.exec(command);
      try (OutputStream stdin = exec.getOutputStream()) {
        stdin.write(prefix);
        stdin.write(script);
      }
      String output = read(exec.getInputStream());
      exec.join();
      return output;
    }
  }

  private static String read(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_OUTPUT);
    // Drain any excess so the channel can close; the parser notices the missing end marker.
    in.transferTo(OutputStream.nullOutputStream());
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public void forget(String hostName) {
    compilers.remove(hostName);
    Link link = links.remove(hostName);
    if (link != null) {
      SshConnector.closeQuietly(link.client());
    }
  }

  @Override
  public void close() {
    links.keySet().forEach(this::forget);
    watchdog.shutdownNow();
  }
}
