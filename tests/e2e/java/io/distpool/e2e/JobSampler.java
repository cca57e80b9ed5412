package io.distpool.e2e;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts, every few milliseconds while a build runs, the distcc jobs on each host: the peak, and
 * the share of samples in which a host ran more jobs than its slots.
 */
final class JobSampler implements AutoCloseable {
  private static final long PERIOD_MS = 50;

  private final List<SshdHost> hosts;
  private final int slots;
  private final int[] peak;
  private final long[] over;
  private long samples;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  JobSampler(List<SshdHost> hosts, int slots) {
    this.hosts = List.copyOf(hosts);
    this.slots = slots;
    this.peak = new int[hosts.size()];
    this.over = new long[hosts.size()];
    this.thread = new Thread(this::sample, "job-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void sample() {
    while (running.get()) {
      synchronized (this) {
        for (int i = 0; i < hosts.size(); i++) {
          int jobs = hosts.get(i).sshJobs();
          peak[i] = Math.max(peak[i], jobs);
          over[i] += jobs > slots ? 1 : 0;
        }
        samples++;
      }
      try {
        Thread.sleep(PERIOD_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The most jobs any host ran at once. */
  synchronized int peak() {
    int most = 0;
    for (int p : peak) {
      most = Math.max(most, p);
    }
    return most;
  }

  /** The largest share of samples, over the hosts, in which a host ran more than its slots. */
  synchronized double overShare() {
    double most = 0;
    for (long o : over) {
      most = Math.max(most, samples == 0 ? 0 : (double) o / samples);
    }
    return most;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "peak %d jobs, over %d slots %.0f%% of the time",
        peak(),
        slots,
        100 * overShare());
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join();
  }
}
