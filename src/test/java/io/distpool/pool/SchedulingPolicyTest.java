package io.distpool.pool;

import static io.distpool.pool.Hosts.T0;
import static io.distpool.pool.Hosts.host;
import static io.distpool.pool.Hosts.idle;
import static io.distpool.pool.Hosts.inventory;
import static org.assertj.core.api.Assertions.assertThat;

import io.distpool.inventory.Host;
import io.distpool.probe.HostReport;
import io.distpool.probe.ProbeResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Where the next job goes, on small farms whose answer is clear: the choice by expected finish
 * time, waiting for a faster host, and this machine as a candidate.
 */
class SchedulingPolicyTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  private final SettableClock clock = new SettableClock(T0);

  /** A pool that never compiles here by choice, as the daemon is without a local probe. */
  private final Pool pool = new Pool(clock);

  @Test
  void theJobGoesToTheFreeHostWhereItFinishesFirst() {
    farm(pool, host("slow", 4).withSpeed(1.0), host("fast", 4).withSpeed(3.0));

    assertThat(grantedHost(pool.request(JobSpec.any(), WAIT))).isEqualTo("fast");
  }

  @Test
  void aLoadedFastHostLosesToAnIdleSlowerOneWhenItsShareOfACoreIsSmaller() {
    farm(pool, host("loaded", 4).withSpeed(2.0), host("idle", 4).withSpeed(1.5));
    pool.record("loaded", reachable(HostReport.of(2, 2.0).withRunQueue(2)));

    // loaded: 2.0 x 2 CPUs / (2 others + this job) = 1.33 per job; idle: 1.5.
    assertThat(grantedHost(pool.request(JobSpec.any(), WAIT))).isEqualTo("idle");
  }

  @Test
  void atTheEndOfABuildTheLastJobWaitsForAFastHostRatherThanCrawlOnASlowOne() {
    farm(pool, host("fast", 1).withSpeed(4.0), host("slow", 1).withSpeed(0.25));
    Lease onFast = grantedLease(pool.request(JobSpec.any(), WAIT));

    // fast: 1 s + 2/4 = 1.5 s, and free within 1.5 s; slow: 1 s + 2/0.25 = 9 s.
    Ticket last = pool.request(JobSpec.any(), WAIT);
    assertThat(last).isInstanceOf(Ticket.Queued.class);

    clock.advance(Duration.ofMillis(1500));
    pool.release(onFast);
    assertThat(((Ticket.Queued) last).waiter().lease().join().host()).isEqualTo("fast");
  }

  @Test
  void inTheMiddleOfABuildAFreeSlowHostIsUsedRatherThanLeftIdle() {
    farm(pool, host("fast", 1).withSpeed(4.0), host("slow", 1).withSpeed(0.25));
    for (int i = 0; i < 40; i++) { // a make -j that keeps asking: 4 jobs a second
      Ticket ticket = pool.request(JobSpec.any(), Duration.ZERO);
      if (ticket instanceof Ticket.Granted) {
        pool.release(((Ticket.Granted) ticket).lease());
      }
      clock.advance(Duration.ofMillis(250));
    }
    assertThat(grantedHost(pool.request(JobSpec.any(), WAIT))).isEqualTo("fast");

    // fast is taken, and jobs keep coming: one of them will take fast when it frees, so
    // waiting for it would leave slow idle for nothing.
    assertThat(grantedHost(pool.request(JobSpec.any(), WAIT))).isEqualTo("slow");
  }

  @Test
  void aSmallJobStaysOnAnIdleClientWhenSshModesFixedCostWouldMakeItSlowerRemotely() {
    Pool withLocal = new Pool(clock, 2, 1.0, 1.0);
    farm(withLocal, host("a", 4).withSpeed(1.0));
    withLocal.recordLocal(HostReport.of(4, 0.0).withRunQueue(1)); // the probe itself

    // here: 2 s of work on a spare core; on a: 1 s of ssh and distccd, then the same 2 s.
    Ticket ticket = withLocal.request(JobSpec.any(), WAIT);

    assertThat(ticket).isInstanceOf(Ticket.Refused.class);
    assertThat(((Ticket.Refused) ticket).reason()).startsWith("faster here: about 2.0 s");
  }

  @Test
  void aBusyClientSendsTheJobOutEvenThoughTheHostPaysTheFixedCost() {
    Pool withLocal = new Pool(clock, 2, 1.0, 1.0);
    farm(withLocal, host("a", 4).withSpeed(1.0));
    withLocal.recordLocal(HostReport.of(2, 2.5).withRunQueue(3));

    assertThat(grantedHost(withLocal.request(JobSpec.any(), WAIT))).isEqualTo("a");
  }

  @Test
  void aMuchFasterHostBeatsTheIdleClientDespiteTheFixedCost() {
    Pool withLocal = new Pool(clock, 2, 1.0, 1.0);
    farm(withLocal, host("a", 4).withSpeed(8.0));
    withLocal.recordLocal(HostReport.of(4, 0.0).withRunQueue(1)); // the probe itself

    // here: 2 s; on a: 1 s + 2/8 s.
    assertThat(grantedHost(withLocal.request(JobSpec.any(), WAIT))).isEqualTo("a");
  }

  @Test
  void whenTheFarmIsFullAndJobsKeepComingASpareLocalCoreIsExtraCapacity() {
    Pool withLocal = new Pool(clock, 1, 0.5, 1.0);
    farm(withLocal, host("a", 1).withSpeed(4.0));
    withLocal.recordLocal(HostReport.of(2, 0.0).withRunQueue(1));
    for (int i = 0; i < 20; i++) { // jobs keep coming, and a takes each (1.5 s against 4 s here)
      withLocal.release(grantedLease(withLocal.request(JobSpec.any(), Duration.ZERO)));
      clock.advance(Duration.ofMillis(250));
    }
    grantedLease(withLocal.request(JobSpec.any(), WAIT));

    // a is taken; waiting for it would be quicker for this job, but the next one would take it.
    Ticket ticket = withLocal.request(JobSpec.any(), WAIT);

    assertThat(ticket).isInstanceOf(Ticket.Refused.class);
    assertThat(((Ticket.Refused) ticket).reason()).contains("waiting for a busy host");
  }

  @Test
  void aHostWhoseSpeedIsUnknownIsTriedThenRankedByWhatItsJobsTook() {
    farm(pool, host("known", 4).withSpeed(1.0), host("new", 4));
    // Unknown speed is assumed as fast as the fastest known: it gets a job to learn from.
    assertThat(grantedHost(pool.request(JobSpec.any(), WAIT))).isIn("known", "new");

    // Jobs on the known host hold their slot 3 s (1 s fixed + 2 s of work at 1.0) ...
    for (int i = 0; i < 5; i++) {
      finish(pool, "known", Duration.ofSeconds(3));
      finish(pool, "new", Duration.ofMillis(1500));
    }

    // ... and on the new one 1.5 s: 2 s of work in 0.5 s, speed 4.
    HostView learned = view(pool, "new");
    assertThat(learned.speed()).isCloseTo(4.0, org.assertj.core.data.Offset.offset(0.1));
    assertThat(learned.speedSource()).isEqualTo("learned from 5 jobs");
    assertThat(grantedHost(pool.request(JobSpec.any(), WAIT))).isEqualTo("new");
  }

  private void finish(Pool target, String hostName, Duration held) {
    Lease lease = null;
    // Take slots until one lands on the host wanted; give the others back unused.
    java.util.List<Lease> others = new java.util.ArrayList<>();
    while (lease == null) {
      Lease next = grantedLease(target.request(JobSpec.any(), Duration.ZERO));
      if (next.host().equals(hostName)) {
        lease = next;
      } else {
        others.add(next);
      }
    }
    others.forEach(target::release);
    target.finished(lease, held);
    target.release(lease);
  }

  static void farm(Pool target, Host... hosts) {
    target.apply(inventory(hosts));
    for (Host host : hosts) {
      target.record(host.name(), reachable(idle(4)));
    }
  }

  static ProbeResult reachable(HostReport report) {
    return new ProbeResult.Reachable(report);
  }

  static String grantedHost(Ticket ticket) {
    return grantedLease(ticket).host();
  }

  static Lease grantedLease(Ticket ticket) {
    assertThat(ticket).isInstanceOf(Ticket.Granted.class);
    return ((Ticket.Granted) ticket).lease();
  }

  static HostView view(Pool target, String name) {
    return target.status().hosts().stream()
        .filter(v -> v.host().name().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
