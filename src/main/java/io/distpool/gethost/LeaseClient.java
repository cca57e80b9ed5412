package io.distpool.gethost;

import io.distpool.protocol.Codec;
import io.distpool.protocol.LineChannel;
import io.distpool.protocol.Request;
import io.distpool.protocol.Response;
import io.distpool.protocol.SocketDirectory;
import io.distpool.protocol.SocketPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Asks the daemon for a slot. The connection it opens is the lease: it stays open while the command
 * runs and its closing, by exit or by kill, frees the slot.
 */
final class LeaseClient implements AutoCloseable {
  /** How much longer than the wait itself to give the daemon to answer. */
  static final Duration GRACE = Duration.ofSeconds(2);

  private LineChannel channel;
  private String problem;
  private String skipped;

  /** A placement, never an exception: whatever goes wrong means compiling locally. */
  Placement lease(Path socket, Duration maxWait) {
    return lease(socket, new Request.Lease(maxWait));
  }

  /**
   * Like {@link #lease(Path, Duration)}, for a job with a compiler and tags to match. Asks the
   * shared daemon first, when {@code shared.socket} exists next to {@code socket} (the forward
   * {@code distpool connect} keeps), then the daemon at {@code socket}: the first one that answers
   * decides. A shared socket nobody answers on costs one refused connect, or the wait.
   */
  Placement lease(Path socket, Request.Lease request) {
    String unsafe = SocketDirectory.problem(socket.getParent());
    if (unsafe != null) {
      return Placement.local(
          unsafe.contains("cannot examine")
              ? "no daemon (" + socket.getParent() + " does not exist)"
              : "not using the socket: " + unsafe);
    }
    Path shared = SocketPaths.shared(socket);
    if (Files.exists(shared, LinkOption.NOFOLLOW_LINKS)) {
      Placement placement = ask(shared, request);
      if (placement != null) {
        return placement.viaShared(shared);
      }
      skipped = "no answer from the shared daemon at " + shared + " (" + problem + ")";
    }
    Placement placement = ask(socket, request);
    return placement != null
        ? placement
        : Placement.local("no answer from the daemon at " + socket + " (" + problem + ")");
  }

  /** Why the shared daemon was passed over for this lease, or null when it was not. */
  String skipped() {
    return skipped;
  }

  /** The daemon's answer as a placement; null when it gave none, with {@link #problem} why. */
  private Placement ask(Path socket, Request.Lease request) {
    Response response;
    try {
      channel = LineChannel.connect(socket);
      channel.send(Codec.encode(request));
      response = Codec.decodeResponse(channel.readLine(request.maxWait().plus(GRACE)));
    } catch (IOException e) {
      close();
      problem = e.getMessage();
      return null;
    }
    if (response instanceof Response.Grant) {
      Response.Grant grant = (Response.Grant) response;
      return Placement.remote(grant.host(), grant.distccHosts(), grant.distccSsh());
    }
    close();
    return Placement.local(
        response instanceof Response.Local
            ? ((Response.Local) response).reason()
            : "unexpected answer from the daemon: " + Codec.encode(response));
  }

  /** Tells the daemon how the job ended; best effort, the close that follows is what counts. */
  void reportDone(int exitStatus, Duration elapsed) {
    reportDone(exitStatus, elapsed, false);
  }

  /** Like {@link #reportDone(int, Duration)}; {@code hostFault}: the job never got to the host. */
  void reportDone(int exitStatus, Duration elapsed, boolean hostFault) {
    if (channel == null) {
      return;
    }
    try {
      channel.send(Codec.encode(new Request.Done(exitStatus, elapsed, hostFault)));
    } catch (IOException e) {
      // The daemon went away during the job: nothing left to report to.
    }
  }

  @Override
  public void close() {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // Closing a Unix socket we own does not fail in a way that matters here.
    } finally {
      channel = null;
    }
  }
}
