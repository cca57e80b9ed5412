package io.distpool.pool;

import static io.distpool.pool.Hosts.T0;
import static io.distpool.pool.Hosts.host;
import static io.distpool.pool.Hosts.idle;
import static io.distpool.pool.Hosts.inventory;
import static org.assertj.core.api.Assertions.assertThat;

import io.distpool.inventory.Host;
import io.distpool.probe.ProbeResult;
import io.distpool.probe.Toolchain;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Jobs go only where their compiler and tags are. */
class JobSpecTest {
  private static final Toolchain GCC12 =
      new Toolchain("gcc", "/usr/bin/gcc", "x86_64-linux-gnu", "12.2.0");
  private static final Toolchain GCC11 =
      new Toolchain("gcc", "/usr/bin/gcc", "x86_64-linux-gnu", "11.4.0");

  private final Pool pool = new Pool(InstantSource.fixed(T0));

  private void probe(String name, Toolchain... toolchains) {
    pool.record(name, new ProbeResult.Reachable(idle(2).withToolchains(List.of(toolchains))));
  }

  private static JobSpec gcc12(String... tags) {
    return new JobSpec(
        Optional.of(new Toolchain("gcc", "", "x86_64-linux-gnu", "12.2.0")),
        Set.of(tags),
        Set.of());
  }

  @Test
  void onlyAHostWithTheSameCompilerVersionAndTargetIsGranted() {
    pool.apply(inventory(host("old", 2).withSpeed(4.0), host("new", 2)));
    probe("old", GCC11);
    probe("new", GCC12);

    Ticket ticket = pool.request(gcc12());

    assertThat(((Ticket.Granted) ticket).lease().host()).isEqualTo("new");
  }

  @Test
  void theCompilersPathDoesNotMatterItsNameDoes() {
    pool.apply(inventory(host("h", 2)));
    probe("h", new Toolchain("gcc", "/opt/gcc-12/bin/gcc", "x86_64-linux-gnu", "12.2.0"));

    JobSpec byPath =
        new JobSpec(
            Optional.of(new Toolchain("/usr/bin/gcc", "", "x86_64-linux-gnu", "12.2.0")),
            Set.of(),
            Set.of());

    assertThat(pool.request(byPath)).isInstanceOf(Ticket.Granted.class);
  }

  @Test
  void noMatchingHostIsRefusedSayingWhatTheHostsHave() {
    pool.apply(inventory(host("a", 2), host("b", 2)));
    probe("a", GCC11);
    probe("b");

    Ticket ticket = pool.request(gcc12());

    assertThat(((Ticket.Refused) ticket).reason())
        .isEqualTo(
            "no host that is up has gcc 12.2.0 (x86_64-linux-gnu) (a: 11.4.0 (x86_64-linux-gnu))");
  }

  @Test
  void tagsMustAllBeOnTheHost() {
    Host sparc = host("sparc1", 2).withTags(Set.of("solaris", "sparc"));
    Host x86 = host("x86", 2).withTags(Set.of("linux"));
    pool.apply(inventory(x86, sparc));
    probe("sparc1", GCC12);
    probe("x86", GCC12);

    assertThat(((Ticket.Granted) pool.request(gcc12("sparc", "solaris"))).lease().host())
        .isEqualTo("sparc1");
    assertThat(((Ticket.Refused) pool.request(gcc12("sparc", "linux"))).reason())
        .startsWith("no host that is up has gcc 12.2.0 (x86_64-linux-gnu) and tagged linux, sparc");
  }

  @Test
  void aWaiterForFullHostsDoesNotHoldUpOneThatOtherHostsSuit() {
    pool.apply(inventory(host("old", 1), host("new", 1)));
    probe("old", GCC11);
    probe("new", GCC12);
    Ticket first = pool.request(gcc12());
    Ticket blocked = pool.request(gcc12());
    assertThat(blocked).isInstanceOf(Ticket.Queued.class);

    Ticket other =
        pool.request(
            new JobSpec(
                Optional.of(new Toolchain("gcc", "", "x86_64-linux-gnu", "11.4.0")),
                Set.of(),
                Set.of()));

    assertThat(((Ticket.Granted) other).lease().host()).isEqualTo("old");
    pool.release(((Ticket.Granted) first).lease());
    assertThat(((Ticket.Queued) blocked).waiter().lease()).isCompleted();
  }

  @Test
  void aJobWithoutACompilerGoesAnywhere() {
    pool.apply(inventory(host("bare", 2)));
    probe("bare");

    assertThat(pool.request()).isInstanceOf(Ticket.Granted.class);
  }
}
