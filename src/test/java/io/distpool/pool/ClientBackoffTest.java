package io.distpool.pool;

import static io.distpool.pool.Hosts.T0;
import static io.distpool.pool.Hosts.host;
import static io.distpool.pool.Hosts.idle;
import static io.distpool.pool.Hosts.inventory;
import static org.assertj.core.api.Assertions.assertThat;

import io.distpool.probe.ProbeResult;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A team's daemon on "central": workstations reach the hosts with their own ssh, so a host their
 * jobs cannot reach is kept away from their jobs only, until a second machine fails there too.
 */
class ClientBackoffTest {
  private static final Duration WAIT = Duration.ofMinutes(1);
  private static final Requester HERE = new Requester("carol", "central");
  private static final Requester WS1 = new Requester("alice", "ws1");
  private static final Requester WS2 = new Requester("bob", "ws2");

  private final SettableClock clock = new SettableClock(T0);
  private final Pool pool = new Pool(clock);

  @BeforeEach
  void twoHostsFastFirst() {
    pool.thisMachine("central");
    pool.apply(inventory(host("fast", 4).withSpeed(4.0), host("slow", 4)));
    pool.record("fast", new ProbeResult.Reachable(idle(4)));
    pool.record("slow", new ProbeResult.Reachable(idle(4)));
  }

  private Lease lease(Requester requester) {
    Ticket ticket = pool.request(JobSpec.any(), WAIT, requester);
    assertThat(ticket).isInstanceOf(Ticket.Granted.class);
    Lease lease = ((Ticket.Granted) ticket).lease();
    pool.release(lease);
    return lease;
  }

  private HostView view(String name) {
    return pool.status().hosts().stream()
        .filter(h -> h.host().name().equals(name))
        .findFirst()
        .get();
  }

  @Test
  void aFailureFromAWorkstationKeepsOnlyItsJobsAway() {
    Lease failed = lease(WS1);
    assertThat(failed.host()).isEqualTo("fast");

    assertThat(pool.failed(failed, "distcc exit 116")).isFalse();

    assertThat(lease(WS1).host()).isEqualTo("slow");
    assertThat(lease(WS2).host()).isEqualTo("fast");
    assertThat(lease(HERE).host()).isEqualTo("fast");
    assertThat(view("fast").state()).isEqualTo(HostState.UP);
  }

  @Test
  void failuresFromTwoWorkstationsBackTheHostOffForEveryone() {
    pool.failed(lease(WS1), "distcc exit 116");

    assertThat(pool.failed(lease(WS2), "distcc exit 116")).isTrue();

    assertThat(view("fast").state()).isNotEqualTo(HostState.UP);
    assertThat(lease(HERE).host()).isEqualTo("slow");
  }

  @Test
  void aFailureFromTheDaemonsOwnMachineBacksTheHostOffForEveryone() {
    assertThat(pool.failed(lease(HERE), "distcc exit 116")).isTrue();

    assertThat(lease(WS1).host()).isEqualTo("slow");
  }

  @Test
  void theWorkstationComesBackAfterItsBackoff() {
    pool.failed(lease(WS1), "distcc exit 116");
    clock.advance(Backoff.FIRST.plusSeconds(1));

    assertThat(lease(WS1).host()).isEqualTo("fast");
  }

  @Test
  void aJobThatGotThroughEndsTheWorkstationsBackoff() {
    Lease earlier = lease(WS1);
    pool.failed(lease(WS1), "distcc exit 116");

    pool.finished(earlier, Duration.ofSeconds(2));

    assertThat(lease(WS1).host()).isEqualTo("fast");
  }

  @Test
  void aWorkstationThatReachesNoHostIsToldToCheckItsSsh() {
    pool.failed(lease(WS1), "distcc exit 116");
    pool.failed(lease(WS1), "distcc exit 116"); // now on slow

    Ticket ticket = pool.request(JobSpec.any(), WAIT, WS1);

    assertThat(ticket).isInstanceOf(Ticket.Refused.class);
    assertThat(((Ticket.Refused) ticket).reason())
        .isEqualTo(
            "jobs from this machine could not reach fast, slow lately, and no other host that is"
                + " up suits the job (check this machine's ssh to them)");
    assertThat(lease(WS2).host()).isEqualTo("fast");
  }
}
