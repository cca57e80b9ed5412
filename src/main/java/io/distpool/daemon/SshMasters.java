package io.distpool.daemon;

import io.distpool.inventory.Host;
import io.distpool.inventory.Inventory;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the shared ssh connections (ControlMaster) distcc's jobs opened, when the daemon stops or a
 * host leaves the inventory or changes address, so none outlives its configuration. A master that
 * is already gone is fine: {@code ssh -O exit} then just fails.
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

  /** Ends the masters of hosts in {@code before} that {@code after} drops or reconfigures. */
  void endStale(Inventory before, Inventory after) {
    List<Host> stale = new ArrayList<>();
    for (Host old : before.hosts()) {
      if (old.sshMultiplex() && !after.hosts().contains(old)) {
        stale.add(old);
      }
    }
    end(stale);
  }

  void endAll(Inventory inventory) {
    end(inventory.hosts().stream().filter(Host::sshMultiplex).toList());
  }

  private void end(List<Host> hosts) {
    List<Process> running = new ArrayList<>();
    for (Host host : hosts) {
      try {
        running.add(
            new ProcessBuilder(
                    sshProgram, "-F", config.config().toString(), "-O", "exit", host.name())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null")))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start());
      } catch (IOException e) {
        log.debug("cannot run {} -O exit for {}: {}", sshProgram, host.name(), e.toString());
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
}
