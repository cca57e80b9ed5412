package io.distpool.daemon;

import io.distpool.pool.JobSpec;
import io.distpool.pool.Lease;
import io.distpool.pool.Pool;
import io.distpool.pool.Ticket;
import io.distpool.pool.Waiter;
import io.distpool.probe.Toolchain;
import io.distpool.protocol.Codec;
import io.distpool.protocol.ProtocolException;
import io.distpool.protocol.Request;
import io.distpool.protocol.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each request line. Leases are tied to their connection: granted on LEASE, released when
 * the connection closes, whichever way it closes.
 */
final class RequestDispatcher implements ConnectionHandler {
  private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

  /** Longest a REFRESH waits for slow hosts before answering anyway. */
  static final Duration REFRESH_LIMIT = Duration.ofSeconds(30);

  /** Calibrating takes two compiles on each host: on a slow one, most of a minute. */
  static final Duration CALIBRATE_LIMIT = Duration.ofSeconds(130);

  private final Pool pool;
  private final Grants grants;
  private final DaemonControl control;
  private final ScheduledExecutorService timer;
  private final Callers callers;

  RequestDispatcher(
      Pool pool,
      Grants grants,
      DaemonControl control,
      ScheduledExecutorService timer,
      Callers callers) {
    this.pool = pool;
    this.grants = grants;
    this.control = control;
    this.timer = timer;
    this.callers = callers;
  }

  @Override
  public void line(Connection connection, String line) {
    Request request;
    try {
      request = Codec.decodeRequest(line);
    } catch (ProtocolException e) {
      connection.sendAndClose(Codec.encode(new Response.Failure(e.getMessage())));
      return;
    }
    if (request instanceof Request.Lease) {
      lease(connection, (Request.Lease) request);
    } else if (request instanceof Request.Done) {
      done(connection, (Request.Done) request);
    } else if (request instanceof Request.Status) {
      connection.send(Codec.encode(new Response.Status(control.statusJson())));
    } else if (request instanceof Request.Refresh) {
      refresh(connection, (Request.Refresh) request);
    } else if (request instanceof Request.Reload) {
      reload(connection);
    } else {
      connection.sendAndClose(Codec.encode(new Response.Ok("stopping")));
      control.stop();
    }
  }

  private void lease(Connection connection, Request.Lease request) {
    LeaseSession session = connection.session;
    synchronized (session) {
      if (session.requested) {
        connection.sendAndClose(Codec.encode(new Response.Failure("one lease per connection")));
        return;
      }
      session.requested = true;
    }
    Ticket ticket =
        pool.request(
            spec(request), request.maxWait(), callers.identify(connection.channel, request));
    if (ticket instanceof Ticket.Queued) {
      Waiter waiter = ((Ticket.Queued) ticket).waiter();
      synchronized (session) {
        session.waiter = waiter;
      }
      waiter.outcome().thenAccept(outcome -> answer(connection, outcome));
      timer.schedule(
          () -> expire(connection, waiter, request.maxWait()),
          request.maxWait().toMillis(),
          TimeUnit.MILLISECONDS);
    } else {
      answer(connection, ticket);
    }
  }

  /** A grant, or the reason to compile locally. */
  private void answer(Connection connection, Ticket ticket) {
    if (ticket instanceof Ticket.Granted) {
      granted(connection, ((Ticket.Granted) ticket).lease());
      return;
    }
    synchronized (connection.session) {
      connection.session.waiter = null;
    }
    connection.send(Codec.encode(new Response.Local(((Ticket.Refused) ticket).reason())));
  }

  private JobSpec spec(Request.Lease request) {
    Optional<Toolchain> compiler = Optional.empty();
    if (request.compiler().isPresent()) {
      Request.Compiler c = request.compiler().get();
      compiler = Optional.of(new Toolchain(c.name(), "", c.target(), c.version()));
      if (Toolchain.isSafeName(c.name())) {
        control.wantCompiler(Toolchain.baseName(c.name()));
      }
    }
    return new JobSpec(compiler, new java.util.HashSet<>(request.tags()), java.util.Set.of());
  }

  /** The client's wait is up: the best place there is now, free host or here. */
  private void expire(Connection connection, Waiter waiter, Duration wait) {
    pool.expire(waiter, "every slot stayed busy for " + wait.toMillis() + " ms")
        .ifPresent(ticket -> answer(connection, ticket));
  }

  private void granted(Connection connection, Lease lease) {
    LeaseSession session = connection.session;
    synchronized (session) {
      session.waiter = null;
      if (session.closed) {
        pool.release(lease);
        return;
      }
      session.lease = lease;
    }
    // If the client goes away meanwhile, closed() releases the lease; the send is then dropped.
    grants.of(lease).thenAccept(grant -> connection.send(Codec.encode(grant)));
  }

  private void done(Connection connection, Request.Done done) {
    Lease lease;
    synchronized (connection.session) {
      lease = connection.session.lease;
    }
    if (lease != null) {
      log.debug(
          "job on {} ended with status {} after {} ms",
          lease.host(),
          done.exitStatus(),
          done.elapsed().toMillis());
      if (done.hostFault()) {
        boolean everyone = pool.failed(lease, "distcc exit " + done.exitStatus());
        log.warn(
            "a job from {} could not use {} (distcc exit {}); {}",
            lease.holder().client(),
            lease.host(),
            done.exitStatus(),
            everyone
                ? "backing off from it"
                : "its jobs keep away from it (its ssh to the host may be the fault)");
        return;
      }
      // Its wall time teaches the scheduler the host's speed and the typical job's size; a
      // command that could not even start (127) says nothing about either.
      if (done.exitStatus() != 127) {
        pool.finished(lease, done.elapsed());
      }
    }
  }

  private void refresh(Connection connection, Request.Refresh request) {
    CompletableFuture<String> probed;
    try {
      probed = control.refresh(request.hosts(), request.calibrate());
    } catch (IllegalArgumentException e) {
      connection.send(Codec.encode(new Response.Failure(e.getMessage())));
      return;
    }
    probed
        .completeOnTimeout(
            "some hosts are still being probed",
            (request.calibrate() ? CALIBRATE_LIMIT : REFRESH_LIMIT).toMillis(),
            TimeUnit.MILLISECONDS)
        .whenComplete(
            (message, error) ->
                connection.send(
                    Codec.encode(
                        error == null
                            ? new Response.Ok(message)
                            : new Response.Failure("refresh failed: " + error.getMessage()))));
  }

  private void reload(Connection connection) {
    // Reading a file is quick, but not something the socket thread should wait on.
    timer.execute(
        () -> {
          Response response;
          try {
            response = new Response.Ok(control.reload());
          } catch (IOException e) {
            response = new Response.Failure(e.getMessage());
          }
          connection.send(Codec.encode(response));
        });
  }

  @Override
  public void closed(Connection connection) {
    Lease lease;
    Waiter waiter;
    LeaseSession session = connection.session;
    synchronized (session) {
      if (session.closed) {
        return;
      }
      session.closed = true;
      lease = session.lease;
      waiter = session.waiter;
      session.lease = null;
      session.waiter = null;
    }
    if (waiter != null) {
      pool.cancel(waiter);
    }
    if (lease != null) {
      grants.released(lease);
      pool.release(lease);
    }
  }
}
