package io.distpool.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.PriorityQueue;

/**
 * Replays a job trace on a simulated farm under one policy and reports the makespan. Discrete
 * events, processor sharing on every machine, deterministic for a given scenario and policy.
 *
 * <p>A job's life follows distcc's: the lease is taken first; then the client preprocesses (and
 * spends a little CPU on ssh); then the remote job waits {@code remoteOverhead} (handshake,
 * distccd's one-second poll) and compiles on the host. A job kept local compiles on the client,
 * preprocessing included.
 */
final class Simulation {
  private record Event(double time, long seq, Runnable action) {}

  final Scenario scenario;
  final SharedCpu client;
  final SharedCpu[] hosts;

  /** Jobs of ours compiling on each host right now (what a probe's run queue would show). */
  final int[] compiling;

  private final int[] perHost;

  private final PriorityQueue<Event> events =
      new PriorityQueue<>(
          (a, b) -> a.time != b.time ? Double.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
  private final Deque<SimJob> pending;
  private long seq;
  private double now;
  private int running;
  private double lastEnd;
  private int remoteJobs;

  Simulation(Scenario scenario) {
    this.scenario = scenario;
    SimClient c = scenario.client();
    this.client = new SharedCpu(c.cores(), c.speed(), 0);
    this.hosts = new SharedCpu[scenario.hosts().size()];
    this.compiling = new int[hosts.length];
    this.perHost = new int[hosts.length];
    for (int i = 0; i < hosts.length; i++) {
      SimHost h = scenario.hosts().get(i);
      hosts[i] = new SharedCpu(h.cpus(), h.speed(), h.background());
    }
    this.pending = new ArrayDeque<>(scenario.jobs());
  }

  double now() {
    return now;
  }

  void at(double time, Runnable action) {
    events.add(new Event(Math.max(time, now), seq++, action));
  }

  /** Runs the whole build; returns the makespan in seconds. */
  double run(Policy policy) {
    policy.start(this);
    for (int i = 0; i < scenario.client().jobs() && !pending.isEmpty(); i++) {
      startNext(policy);
    }
    while (!events.isEmpty() && (running > 0 || !pending.isEmpty())) {
      Event event = events.poll();
      now = event.time;
      event.action.run();
    }
    if (running > 0 || !pending.isEmpty()) {
      throw new IllegalStateException(policy.name() + " left jobs unfinished");
    }
    return lastEnd;
  }

  int remoteJobs() {
    return remoteJobs;
  }

  /** Jobs each host compiled, by index; the client's local ones are what remains. */
  int[] jobsPerHost() {
    return perHost.clone();
  }

  private void startNext(Policy policy) {
    SimJob job = pending.poll();
    if (job == null) {
      return;
    }
    running++;
    policy.place(job, placement -> at(now, () -> run(policy, job, placement, now)));
  }

  /** Runs a placed job; {@code start} is when it got its place (gethost times its command). */
  private void run(Policy policy, SimJob job, Placement placement, double start) {
    Runnable finish =
        () -> {
          policy.finished(placement, job, now - start);
          running--;
          lastEnd = Math.max(lastEnd, now);
          startNext(policy);
        };
    if (placement instanceof Placement.Local) {
      compute(client, job.preprocess() + job.work(), finish);
      return;
    }
    remoteJobs++;
    int h = ((Placement.Remote) placement).host();
    perHost[h]++;
    double overhead = scenario.hosts().get(h).remoteOverhead();
    compute(
        client,
        job.preprocess() + scenario.client().perJobCpu(),
        () ->
            at(
                now + overhead,
                () -> {
                  compiling[h]++;
                  compute(
                      hosts[h],
                      job.work(),
                      () -> {
                        compiling[h]--;
                        finish.run();
                      });
                }));
  }

  /** Work submitted to the client so far (for reports). */
  double clientWork;

  /** Runs {@code work} on {@code cpu}, then {@code done}. */
  private void compute(SharedCpu cpu, double work, Runnable done) {
    if (cpu == client) {
      clientWork += work;
    }
    cpu.advance(now);
    cpu.tasks.add(new SharedCpu.Task(work, done));
    reschedule(cpu);
  }

  private void reschedule(SharedCpu cpu) {
    int version = ++cpu.version;
    double next = cpu.nextCompletion();
    if (next < Double.POSITIVE_INFINITY) {
      at(next, () -> complete(cpu, version));
    }
  }

  private void complete(SharedCpu cpu, int version) {
    if (version != cpu.version) {
      return;
    }
    cpu.advance(now);
    SharedCpu.Task first = null;
    for (SharedCpu.Task task : cpu.tasks) {
      if (first == null || task.remaining < first.remaining) {
        first = task;
      }
    }
    cpu.tasks.remove(first);
    reschedule(cpu);
    first.done.run();
  }
}
