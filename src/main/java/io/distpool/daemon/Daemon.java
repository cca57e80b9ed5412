package io.distpool.daemon;

import io.distpool.inventory.Host;
import io.distpool.inventory.Inventory;
import io.distpool.inventory.InventoryException;
import io.distpool.inventory.InventoryLoader;
import io.distpool.pool.Pool;
import io.distpool.pool.SpeedMemory;
import io.distpool.probe.Calibration;
import io.distpool.probe.LocalProber;
import io.distpool.probe.Polling;
import io.distpool.probe.ProbeListener;
import io.distpool.probe.ProbeResult;
import io.distpool.probe.Prober;
import io.distpool.protocol.StatusJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler process: inventory, probes, slot table and socket, wired together and run until
 * stopped. Everything else (gethost, status, refresh, stop) talks to it over its socket.
 */
public final class Daemon implements DaemonControl, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Daemon.class);
  static final Duration SAVE_EVERY = Duration.ofMinutes(1);

  private final DaemonSettings settings;
  private final java.util.Set<String> wantedCompilers;
  private final RuntimeDirectory runtime;
  private final Pool pool;
  private final Polling polling;
  private final Optional<SpeedFile> speedFile;
  private final LocalMachineWatch localWatch;
  private final ScheduledExecutorService background;
  private SpeedMemory saved;
  private final SshConfigFile sshConfig;
  private final SshMasters sshMasters;
  private final ScheduledExecutorService timer;
  private final java.util.concurrent.ExecutorService sshStarter;
  private final SocketServer server;
  private final InventoryWatcher watcher;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Inventory inventory;
  private volatile String inventoryError;
  private volatile boolean stopping;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  private Daemon(
      DaemonSettings settings,
      RuntimeDirectory runtime,
      Inventory inventory,
      Prober prober,
      InstantSource clock,
      java.util.Set<String> wantedCompilers)
      throws IOException {
    this.settings = settings;
    this.wantedCompilers = wantedCompilers;
    this.runtime = runtime;
    this.inventory = inventory;
    this.pool = new Pool(clock);
    this.speedFile = settings.stateDirectory().map(SpeedFile::new);
    speedFile.flatMap(SpeedFile::load).ifPresent(pool::remember);
    ProbeLog probeLog = new ProbeLog();
    this.polling =
        new Polling(
            prober,
            new ProbeListener() {
              @Override
              public void probed(Host host, ProbeResult result, Instant at) {
                probeLog.record(host, result);
                pool.record(host.name(), result);
              }

              @Override
              public void calibrated(Host host, Calibration result, Instant at) {
                pool.calibrated(host.name(), result);
              }
            },
            clock,
            host -> pool.needsCalibration(host.name()));
    this.localWatch = new LocalMachineWatch(pool, new LocalProber(), () -> this.inventory);
    this.background = Executors.newSingleThreadScheduledExecutor(r -> named(r, "local-machine"));
    this.sshConfig = new SshConfigFile(runtime.directory(), settings.sshProgram());
    this.sshMasters = new SshMasters(sshConfig, settings.sshProgram());
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> named(r, "daemon-timer"));
    this.sshStarter = Executors.newCachedThreadPool(r -> named(r, "ssh-master"));
    Callers callers = Callers.ofThisProcess();
    pool.thisMachine(callers.thisMachine());
    this.server =
        SocketServer.bind(
            runtime.socket(),
            new RequestDispatcher(
                pool,
                new Grants(
                    sshConfig,
                    new MasterConnections(sshConfig, settings.sshProgram(), sshStarter),
                    () -> this.inventory),
                this,
                timer,
                callers));
    this.watcher = new InventoryWatcher(settings.inventoryFile(), this::reloadQuietly);
  }

  /**
   * Loads the inventory, claims the socket and starts every thread.
   *
   * @throws InventoryException when hosts.yaml exists but is invalid
   * @throws DaemonException when the socket is taken or its directory unsafe
   */
  public static Daemon start(DaemonSettings settings, Prober prober, InstantSource clock)
      throws IOException {
    return start(settings, prober, clock, java.util.concurrent.ConcurrentHashMap.newKeySet());
  }

  /**
   * Like {@link #start(DaemonSettings, Prober, InstantSource)}; compilers jobs ask for are added to
   * {@code wantedCompilers}, which the prober should look for on every host.
   */
  public static Daemon start(
      DaemonSettings settings,
      Prober prober,
      InstantSource clock,
      java.util.Set<String> wantedCompilers)
      throws IOException {
    Inventory inventory = initialInventory(settings.inventoryFile());
    RuntimeDirectory runtime = RuntimeDirectory.claim(settings.socket());
    Daemon daemon;
    try {
      daemon = new Daemon(settings, runtime, inventory, prober, clock, wantedCompilers);
    } catch (IOException | RuntimeException e) {
      runtime.close();
      throw e;
    }
    daemon.apply(inventory);
    daemon.startBackground();
    named(daemon.server, "socket-server").start();
    named(daemon.watcher, "inventory-watch").start();
    log.info(
        "distpool {} listening on {} with {} hosts from {}",
        settings.version(),
        settings.socket(),
        inventory.hosts().size(),
        settings.inventoryFile());
    return daemon;
  }

  /** Local probing and calibration (when wanted) and keeping what was learned, every minute. */
  private void startBackground() {
    if (settings.probeLocalMachine()) {
      localWatch.start(background);
    }
    if (speedFile.isPresent()) {
      background.scheduleWithFixedDelay(
          this::saveSpeeds, SAVE_EVERY.toSeconds(), SAVE_EVERY.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** Writes what was measured and learned, if anything changed since the last write. */
  private void saveSpeeds() {
    if (speedFile.isEmpty()) {
      return;
    }
    SpeedMemory memory = pool.memory();
    if (memory.equals(saved)) {
      return;
    }
    try {
      speedFile.get().save(memory);
      saved = memory;
    } catch (IOException | RuntimeException e) {
      log.warn("cannot keep learned speeds in {}: {}", speedFile.get().path(), e.toString());
    }
  }

  private static Inventory initialInventory(Path file) throws InventoryException {
    if (!Files.exists(file)) {
      log.info(
          "no inventory at {}: every compile runs locally until it is created "
              + "(see hosts.example.yaml)",
          file);
      return Inventory.empty();
    }
    return InventoryLoader.load(file);
  }

  private static Thread named(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  private void apply(Inventory next) throws IOException {
    if (inventory != next) {
      sshMasters.retireChanged(inventory, next); // before their config disappears
    }
    sshConfig.write(next);
    pool.apply(next);
    polling.apply(next.hosts());
    inventory = next;
  }

  /** Blocks until the daemon has stopped. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  @Override
  public String statusJson() {
    return StatusJson.write(
        StatusMapper.map(
            pool.status(),
            settings.inventoryFile(),
            Files.exists(settings.inventoryFile()),
            inventoryError,
            settings.version()));
  }

  @Override
  public CompletableFuture<String> refresh(List<String> names) {
    return refresh(names, false);
  }

  @Override
  public CompletableFuture<String> refresh(List<String> names, boolean calibrate) {
    if (calibrate && names.isEmpty() && settings.probeLocalMachine()) {
      localWatch.calibrateSoon();
    }
    List<String> unknown = new ArrayList<>();
    List<String> disabled = new ArrayList<>();
    List<String> probed = new ArrayList<>();
    for (var host : inventory.hosts()) {
      if (names.isEmpty() || names.contains(host.name())) {
        (host.enabled() ? probed : disabled).add(host.name());
      }
    }
    for (String name : names) {
      if (inventory.host(name).isEmpty()) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "no host named " + String.join(", ", unknown) + " in " + settings.inventoryFile());
    }
    String summary =
        (calibrate ? "probed and calibrated " : "probed ")
            + probed.size()
            + " host(s)"
            + (disabled.isEmpty()
                ? ""
                : "; not probed (enabled: false): " + String.join(", ", disabled));
    if (probed.isEmpty()) {
      return CompletableFuture.completedFuture(summary);
    }
    return polling.refresh(probed, calibrate).thenApply(ignored -> summary);
  }

  @Override
  public synchronized String reload() throws IOException {
    watcher.seenNow();
    Inventory next;
    try {
      next = InventoryLoader.load(settings.inventoryFile());
    } catch (InventoryException e) {
      inventoryError = e.getMessage();
      throw e;
    }
    apply(next);
    inventoryError = null;
    String summary = "loaded " + next.hosts().size() + " host(s) from " + settings.inventoryFile();
    log.info(summary);
    return summary;
  }

  /** Reloads after SIGHUP or a file change; a bad edit is logged and the old inventory kept. */
  public void reloadFromSignal() {
    reloadQuietly();
  }

  private void reloadQuietly() {
    try {
      reload();
    } catch (IOException e) {
      log.error(
          "hosts.yaml changed but is not valid; still using the previous inventory:\n{}",
          e.getMessage());
    }
  }

  @Override
  public void wantCompiler(String name) {
    if (wantedCompilers.add(name)) {
      log.info("jobs ask for compiler {}: probing every host for it", name);
      polling.refresh(List.of());
    }
  }

  @Override
  public void stop() {
    if (stopping) {
      return;
    }
    stopping = true;
    // Let the socket thread send its last answer before everything closes.
    timer.execute(this::close);
  }

  /** Stops everything; later calls (the shutdown hook after STOP, say) do nothing. */
  @Override
  public void close() {
    stopping = true;
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      watcher.stop();
      server.close();
      polling.close();
      background.shutdownNow();
      saveSpeeds();
      sshMasters.retireAll(inventory);
      timer.shutdown();
      sshStarter.shutdownNow();
      runtime.close();
      log.info("distpool daemon stopped");
    } catch (IOException | RuntimeException e) {
      log.error("error while stopping", e);
    } finally {
      stopped.countDown();
    }
  }
}
