package io.distpool.connect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pids of the running ssh forward and of the {@code distpool connect} that started it, in a
 * file beside the shared socket ({@code shared.socket.ssh-pid}, in the 0700 socket directory). A
 * {@code connect} killed with SIGKILL cannot stop its ssh, which would keep listening on the shared
 * socket (so that the next {@code connect} refused to start) and keep a connection to the central
 * machine open until the network fails; the next {@code connect} ends it. An ssh is ended only
 * while it still forwards this shared socket and its {@code connect} is gone (it has another parent
 * now), so a reused pid and a running {@code connect} are left alone.
 */
public final class ForwardPidFile {
  private final Path local;
  private final Path file;

  public ForwardPidFile(Path local) {
    this.local = local;
    this.file = local.resolveSibling(local.getFileName() + ".ssh-pid");
  }

  public Path file() {
    return file;
  }

  /** Notes {@code ssh}, started by this process, as the running forward. */
  void record(ProcessHandle ssh) throws IOException {
    Path next = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".new");
    String pids = ssh.pid() + " " + ProcessHandle.current().pid() + "\n";
    Files.writeString(next, pids, StandardCharsets.US_ASCII);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The forward ended as it should: nothing left to clean up. */
  void clear() throws IOException {
    Files.deleteIfExists(file);
  }

  /**
   * Ends the forward a killed {@code connect} left running, if its ssh still runs.
   *
   * @return the ssh's pid when one was ended
   */
  public OptionalLong endLeftover() throws IOException, InterruptedException {
    if (!Files.exists(file)) {
      return OptionalLong.empty();
    }
    String[] pids = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
    long pid;
    long owner;
    try {
      pid = Long.parseLong(pids[0]);
      owner = pids.length == 2 ? Long.parseLong(pids[1]) : -1;
    } catch (NumberFormatException e) {
      clear();
      return OptionalLong.empty();
    }
    Optional<ProcessHandle> leftover =
        ProcessHandle.of(pid)
            .filter(this::forwardsOurSocket)
            .filter(ssh -> ssh.parent().map(ProcessHandle::pid).orElse(-1L) != owner);
    if (leftover.isEmpty()) {
      return OptionalLong.empty(); // gone, not ours, or its connect still runs
    }
    clear();
    ProcessHandle ssh = leftover.get();
    ssh.destroy();
    try {
      ssh.onExit().get(2, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      ssh.destroyForcibly();
    } catch (ExecutionException e) {
      throw new IOException("waiting for ssh " + pid + " to end: " + e.getCause(), e);
    }
    return OptionalLong.of(pid);
  }

  /** Whether {@code process} is an ssh whose {@code -L} starts at this shared socket. */
  private boolean forwardsOurSocket(ProcessHandle process) {
    ProcessHandle.Info info = process.info();
    List<String> arguments = info.arguments().map(List::of).orElse(List.of());
    String listen = local + ":";
    return process.isAlive()
        && info.command().map(c -> Path.of(c).getFileName().toString().equals("ssh")).orElse(false)
        && arguments.stream().anyMatch(a -> a.startsWith(listen));
  }
}
