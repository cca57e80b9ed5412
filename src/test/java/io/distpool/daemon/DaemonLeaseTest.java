package io.distpool.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.distpool.probe.HostReport;
import io.distpool.probe.ProbeResult;
import io.distpool.protocol.Codec;
import io.distpool.protocol.Response;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Leases over the real socket: granted, held by the connection, released by its closing. */
@Timeout(30)
class DaemonLeaseTest {
  @TempDir Path tmp;

  @Test
  void leaseIsGrantedForDistccSshModeAndFreedWhenTheConnectionCloses() throws Exception {
    try (TestDaemon d = TestDaemon.start(tmp, TestDaemon.hosts(2, "h1"))) {
      d.await(s -> s.hosts().get(0).state().equals("up"));

      TestDaemon.Leased leased = d.lease(Duration.ofSeconds(1));

      Response.Grant grant = (Response.Grant) leased.response();
      assertThat(grant.host()).isEqualTo("h1");
      assertThat(grant.distccHosts()).isEqualTo("@h1/64");
      assertThat(grant.distccSsh()).isEqualTo(tmp.resolve("run/ssh").toString());
      assertThat(d.status().leased()).isEqualTo(1);
      assertThat(d.status().hosts().get(0).free()).isEqualTo(1);

      leased.close();
      d.await(s -> s.leased() == 0 && s.hosts().get(0).free() == 2);
    }
  }

  @Test
  void waitersAreServedFirstComeFirstServed() throws Exception {
    try (TestDaemon d = TestDaemon.start(tmp, TestDaemon.hosts(1, "h1"))) {
      d.await(s -> s.hosts().get(0).state().equals("up"));
      TestDaemon.Leased first = d.lease(Duration.ofSeconds(1));
      assertThat(first.response()).isInstanceOf(Response.Grant.class);

      var second = d.connect();
      second.send(Codec.encode(new io.distpool.protocol.Request.Lease(Duration.ofSeconds(20))));
      d.await(s -> s.waiting() == 1);
      var third = d.connect();
      third.send(Codec.encode(new io.distpool.protocol.Request.Lease(Duration.ofSeconds(20))));
      d.await(s -> s.waiting() == 2);

      first.close();
      assertThat(Codec.decodeResponse(second.readLine(Duration.ofSeconds(5))))
          .isInstanceOf(Response.Grant.class);
      assertThat(d.status().waiting()).isEqualTo(1);
      second.close();
      assertThat(Codec.decodeResponse(third.readLine(Duration.ofSeconds(5))))
          .isInstanceOf(Response.Grant.class);
      third.close();
      d.await(s -> s.leased() == 0 && s.waiting() == 0);
    }
  }

  @Test
  void statusNamesWhoHoldsEachLeaseFromWhatTheClientStatesOverItsOwnUsersConnection()
      throws Exception {
    try (TestDaemon d = TestDaemon.start(tmp, TestDaemon.hosts(2, "h1"))) {
      d.await(s -> s.hosts().get(0).state().equals("up"));
      var forwarded = d.connect(); // as a connection through an ssh forward arrives: our own uid
      forwarded.send(
          Codec.encode(
              new io.distpool.protocol.Request.Lease(
                  Duration.ofSeconds(1),
                  java.util.Optional.empty(),
                  java.util.List.of(),
                  java.util.Optional.of("alice"),
                  java.util.Optional.of("ws1"))));
      assertThat(Codec.decodeResponse(forwarded.readLine(Duration.ofSeconds(5))))
          .isInstanceOf(Response.Grant.class);
      TestDaemon.Leased unnamed = d.lease(Duration.ofSeconds(1));
      assertThat(unnamed.response()).isInstanceOf(Response.Grant.class);

      String me = System.getProperty("user.name");
      String here = HostName.ofThisMachine();
      assertThat(d.status().clients())
          .containsExactlyInAnyOrder(
              new io.distpool.protocol.StatusReport.ClientStatus("alice", "ws1", 1, 0),
              new io.distpool.protocol.StatusReport.ClientStatus(me, here, 1, 0));
      forwarded.close();
      unnamed.close();
      d.await(s -> s.clients().isEmpty());
    }
  }

  /** A LEASE as a workstation's gethost sends it through {@code distpool connect}. */
  private static String leaseFrom(String user, String client) {
    return Codec.encode(
        new io.distpool.protocol.Request.Lease(
            Duration.ofSeconds(1),
            java.util.Optional.empty(),
            java.util.List.of(),
            java.util.Optional.of(user),
            java.util.Optional.of(client)));
  }

  /** A lease from {@code client}, granted, whose job distcc could not get to the host. */
  private static void jobThatCannotReachItsHost(TestDaemon d, String user, String client)
      throws Exception {
    try (var connection = d.connect()) {
      connection.send(leaseFrom(user, client));
      assertThat(Codec.decodeResponse(connection.readLine(Duration.ofSeconds(5))))
          .isInstanceOf(Response.Grant.class);
      connection.send(
          Codec.encode(new io.distpool.protocol.Request.Done(116, Duration.ofMillis(300), true)));
    }
  }

  @Test
  void aHostAWorkstationsJobsCannotReachIsKeptFromItsJobsOnlyUntilASecondOneFails()
      throws Exception {
    try (TestDaemon d = TestDaemon.start(tmp, TestDaemon.hosts(2, "h1"))) {
      d.await(s -> s.hosts().get(0).state().equals("up"));
      jobThatCannotReachItsHost(d, "alice", "ws1");
      d.await(s -> s.leased() == 0);

      assertThat(d.status().hosts().get(0).state()).isEqualTo("up");
      var again = d.connect();
      again.send(leaseFrom("alice", "ws1"));
      Response refused = Codec.decodeResponse(again.readLine(Duration.ofSeconds(5)));
      assertThat(refused).isInstanceOf(Response.Local.class);
      assertThat(((Response.Local) refused).reason())
          .startsWith("jobs from this machine could not reach h1 lately");
      again.close();
      try (TestDaemon.Leased here = d.lease(Duration.ofSeconds(1))) {
        assertThat(here.response()).isInstanceOf(Response.Grant.class);
      }

      jobThatCannotReachItsHost(d, "bob", "ws2");

      d.await(s -> s.hosts().get(0).state().equals("down"));
      assertThat(d.status().hosts().get(0).error()).startsWith("jobs failed to reach it");
    }
  }

  @Test
  void waiterIsToldToCompileLocallyWhenTheWaitRunsOut() throws Exception {
    try (TestDaemon d = TestDaemon.start(tmp, TestDaemon.hosts(1, "h1"))) {
      d.await(s -> s.hosts().get(0).state().equals("up"));
      try (TestDaemon.Leased holder = d.lease(Duration.ofSeconds(1))) {
        long start = System.nanoTime();

        TestDaemon.Leased late = d.lease(Duration.ofMillis(300));

        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertThat(late.response()).isInstanceOf(Response.Local.class);
        assertThat(((Response.Local) late.response()).reason()).contains("300 ms");
        assertThat(waited).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
        assertThat(d.status().waiting()).isZero();
        late.close();
      }
    }
  }

  @Test
  void emptyPoolAnswersLocalAtOnceAndStatusSaysWhereTheInventoryGoes() throws Exception {
    try (TestDaemon d = TestDaemon.start(tmp, null)) {
      TestDaemon.Leased leased = d.lease(Duration.ofSeconds(10));

      assertThat(leased.response())
          .isEqualTo(new Response.Local("the pool has no hosts (see hosts.yaml)"));
      assertThat(d.status().inventoryExists()).isFalse();
      assertThat(d.status().inventory()).isEqualTo(d.inventory.toString());
      leased.close();
    }
  }

  @Test
  void hostsThatAreDownGiveNoSlotsAndTheRequestIsRefusedAtOnce() throws Exception {
    try (TestDaemon d = TestDaemon.start(tmp, TestDaemon.hosts(2, "h1", "h2"))) {
      d.prober.answer("h1", new ProbeResult.Unreachable("connection refused"));
      d.prober.answer("h2", new ProbeResult.Reachable(HostReport.of(2, 0.0)));
      d.daemon.refresh(java.util.List.of()).get();

      try (TestDaemon.Leased leased = d.lease(Duration.ofSeconds(10))) {
        assertThat(((Response.Grant) leased.response()).host()).isEqualTo("h2");
      }
      d.prober.answer("h2", new ProbeResult.Unreachable("timeout"));
      d.daemon.refresh(java.util.List.of()).get();
      try (TestDaemon.Leased leased = d.lease(Duration.ofSeconds(10))) {
        assertThat(leased.response()).isEqualTo(new Response.Local("no host is up (2 down)"));
      }
    }
  }

  @Test
  void neverMoreConcurrentLeasesThanSlotsUnderManyClients() throws Exception {
    try (TestDaemon d = TestDaemon.start(tmp, TestDaemon.hosts(3, "h1", "h2"))) {
      d.await(s -> s.hosts().stream().allMatch(h -> h.state().equals("up")));
      int clients = 200;
      java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger>
          running = new java.util.concurrent.ConcurrentHashMap<>();
      java.util.concurrent.atomic.AtomicInteger worst =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicInteger granted =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(50);
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int i = 0; i < clients; i++) {
        done.add(
            pool.submit(
                () -> {
                  try (TestDaemon.Leased leased = d.lease(Duration.ofSeconds(20))) {
                    if (leased.response() instanceof Response.Grant) {
                      String host = ((Response.Grant) leased.response()).host();
                      int now =
                          running
                              .computeIfAbsent(
                                  host, h -> new java.util.concurrent.atomic.AtomicInteger())
                              .incrementAndGet();
                      worst.accumulateAndGet(now, Math::max);
                      granted.incrementAndGet();
                      Thread.sleep(2);
                      running.get(host).decrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (var future : done) {
        future.get();
      }
      pool.shutdown();

      assertThat(worst.get()).isLessThanOrEqualTo(3);
      assertThat(granted.get()).isEqualTo(clients);
      d.await(s -> s.leased() == 0 && s.waiting() == 0);
    }
  }
}
