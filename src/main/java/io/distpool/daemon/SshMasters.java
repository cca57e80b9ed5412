package io.distpool.daemon;

import io.distpool.inventory.Host;
import io.distpool.inventory.Inventory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retires the shared ssh connections (ControlMaster) of distcc's jobs when the daemon stops, or a
 * host leaves the inventory or changes how it is reached, so none outlives its configuration.
 *
 * <p>It asks each master to stop accepting new sessions ({@code ssh -O stop}): jobs running over it
 * finish, later jobs open a fresh connection, and the master exits when its last session ends.
 */
final class SshMasters {
  private static final Logger log = LoggerFactory.getLogger(SshMasters.class);
  private static final long LIMIT_SECONDS = 3;

  private final SshConfigFile config;
  private final String sshProgram;

  SshMasters(SshConfigFile config, String sshProgram) {
    this.config = config;
    this.sshProgram = sshProgram;
  }

  /** Retires the masters of hosts that {@code after} drops or reaches differently. */
  void retireChanged(Inventory before, Inventory after) {
    List<Host> changed = new ArrayList<>();
    for (Host old : before.hosts()) {
      Host now = after.host(old.name()).orElse(null);
      if (now == null || !sameConnection(old, now)) {
        changed.add(old);
      }
    }
    retire(changed);
  }

  void retireAll(Inventory inventory) {
    retire(inventory.hosts());
  }

  private static boolean sameConnection(Host a, Host b) {
    return a.address().equals(b.address())
        && a.port() == b.port()
        && a.user().equals(b.user())
        && a.identities().equals(b.identities())
        && a.knownHosts().equals(b.knownHosts())
        && a.sshMultiplex() == b.sshMultiplex()
        && Objects.equals(a.slots(), b.slots());
  }

  private void retire(List<Host> hosts) {
    List<Process> running = new ArrayList<>();
    for (Host host : hosts) {
      for (int lane = 0; lane < config.lanes(host); lane++) {
        String alias = SshConfigFile.alias(host.name(), lane);
        if (Files.exists(config.muxDirectory().resolve(alias))) {
          stop(alias, running);
        }
      }
    }
    for (Process process : running) {
      try {
        if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  private void stop(String alias, List<Process> running) {
    try {
      running.add(
          new ProcessBuilder(sshProgram, "-F", config.config().toString(), "-O", "stop", alias)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null")))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start());
    } catch (IOException e) {
      log.warn("cannot ask the ssh master of {} to stop: {}", alias, e.toString());
    }
  }
}
