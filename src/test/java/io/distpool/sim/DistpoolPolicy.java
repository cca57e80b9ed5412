package io.distpool.sim;

import io.distpool.inventory.Host;
import io.distpool.inventory.Inventory;
import io.distpool.pool.JobSpec;
import io.distpool.pool.Lease;
import io.distpool.pool.Pool;
import io.distpool.pool.Ticket;
import io.distpool.probe.HostReport;
import io.distpool.probe.ProbeResult;
import io.distpool.probe.Session;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * distpool's own scheduler: the real {@link Pool}, on a clock that reads simulated time, fed probe
 * reports every poll interval (load averages computed the way the kernel does, run queue, a console
 * session on busy desktops), and answering each job as gethost would: a grant, a wait of at most
 * {@code --wait}, or a local compile.
 */
final class DistpoolPolicy implements Policy {
  static final double POLL_INTERVAL = 5;
  static final double GETHOST_WAIT = 10;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Simulation sim;
  private Pool pool;
  private final Map<String, Integer> index = new HashMap<>();
  private double[] load1;
  private int localCpus;
  private double clientLoad;

  @Override
  public String name() {
    return "distpool";
  }

  @Override
  public void start(Simulation sim) {
    this.sim = sim;
    InstantSource clock = () -> T0.plusNanos((long) (sim.now() * 1e9));
    SimClient client = sim.scenario.client();
    // The client as a candidate: as many local compiles as it has cores (the daemon's default),
    // at its core speed; a fractional core shows as one slower core.
    localCpus = (int) Math.ceil(client.cores());
    this.pool =
        new Pool(
            clock,
            Integer.getInteger("sim.localSlots", localCpus),
            client.speed() * client.cores() / localCpus,
            1.0);
    List<Host> hosts = new ArrayList<>();
    for (int i = 0; i < sim.scenario.hosts().size(); i++) {
      SimHost h = sim.scenario.hosts().get(i);
      index.put(h.name(), i);
      hosts.add(
          Host.of(h.name(), "127.0.0.1", 22)
              .withSpeed(h.speed())
              .withSlots(OptionalInt.of(h.cpus()))
              .withDesktop(h.desktopActive()));
    }
    pool.apply(new Inventory(Optional.empty(), hosts));
    load1 = new double[hosts.size()];
    probeClient();
    for (int i = 0; i < hosts.size(); i++) {
      load1[i] = sim.scenario.hosts().get(i).background();
      probe(i);
    }
  }

  /** One poll of host {@code i}, then the next one an interval later. */
  private void probe(int i) {
    SimHost h = sim.scenario.hosts().get(i);
    double running = sim.compiling[i] + h.background();
    double decay = Math.exp(-POLL_INTERVAL / 60);
    load1[i] = load1[i] * decay + running * (1 - decay);
    List<Session> sessions =
        h.desktopActive()
            ? List.of(
                new Session("user", "console", Optional.of(Duration.ZERO), Optional.empty(), true))
            : List.of();
    HostReport report =
        HostReport.of(h.cpus(), load1[i])
            .withRunQueue((int) Math.round(running))
            .withSessions(sessions)
            .withCompilers(sim.compiling[i]);
    pool.record(h.name(), new ProbeResult.Reachable(report));
    sim.at(sim.now() + POLL_INTERVAL, () -> probe(i));
  }

  /** The daemon probes its own machine like a host: its CPUs and what is runnable on them. */
  private void probeClient() {
    int runnable = sim.client.tasks.size();
    double decay = Math.exp(-POLL_INTERVAL / 60);
    clientLoad = clientLoad * decay + runnable * (1 - decay);
    // /proc/loadavg's run queue counts the process reading it: the probe itself.
    pool.recordLocal(HostReport.of(localCpus, clientLoad).withRunQueue(runnable + 1));
    sim.at(sim.now() + POLL_INTERVAL, this::probeClient);
  }

  /** Seconds jobs spent waiting for a decision, and how many waited (for SimDebug). */
  double waited;

  int queued;

  @Override
  public void place(SimJob job, Consumer<Placement> original) {
    double asked = sim.now();
    Consumer<Placement> then =
        placement -> {
          waited += sim.now() - asked;
          original.accept(placement);
        };
    Ticket ticket = pool.request(JobSpec.any(), Duration.ofMillis((long) (GETHOST_WAIT * 1000)));
    if (ticket instanceof Ticket.Granted) {
      then.accept(remote(((Ticket.Granted) ticket).lease()));
    } else if (ticket instanceof Ticket.Refused) {
      then.accept(new Placement.Local());
    } else {
      queued++;
      var waiter = ((Ticket.Queued) ticket).waiter();
      waiter
          .outcome()
          .thenAccept(
              outcome ->
                  then.accept(
                      outcome instanceof Ticket.Granted
                          ? remote(((Ticket.Granted) outcome).lease())
                          : new Placement.Local()));
      sim.at(
          sim.now() + GETHOST_WAIT,
          () -> {
            if (pool.cancel(waiter)) {
              then.accept(new Placement.Local());
            }
          });
    }
  }

  private Placement remote(Lease lease) {
    return new Placement.Remote(index.get(lease.host()), lease);
  }

  @Override
  public void finished(Placement placement, SimJob job, double seconds) {
    if (placement instanceof Placement.Remote) {
      Lease lease = (Lease) ((Placement.Remote) placement).token();
      pool.finished(lease, Duration.ofNanos((long) (seconds * 1e9)));
      pool.release(lease);
    }
  }
}
