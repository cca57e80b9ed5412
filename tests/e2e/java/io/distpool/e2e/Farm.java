package io.distpool.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A build farm on loopback: real sshd hosts sharing one throwaway user key, a known_hosts file
 * listing the hosts the test trusts, and a hosts.yaml describing them.
 */
final class Farm implements AutoCloseable {
  /** An idle host: no load, nothing runnable but the probe itself. */
  static final String QUIET_LOAD = "0.00 0.00 0.00 1/100 1000";

  final Path dir;
  final Path userKey;
  final Path knownHosts;
  final Path inventory;
  final List<SshdHost> hosts = new ArrayList<>();
  private int nextAddress = 20;

  private Farm(Path dir) {
    this.dir = dir;
    this.userKey = dir.resolve("userkey");
    this.knownHosts = dir.resolve("known_hosts");
    this.inventory = dir.resolve("hosts.yaml");
  }

  /** A farm with {@code count} trusted hosts named h1, h2, ... */
  static Farm start(Path dir, int count) throws IOException, InterruptedException {
    Farm farm = new Farm(java.nio.file.Files.createDirectories(dir));
    Run.ok(
        dir,
        Map.of(),
        Duration.ofSeconds(30),
        List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "userkey"));
    Files.copy(dir.resolve("userkey.pub"), dir.resolve("authorized_keys"));
    Files.writeString(farm.knownHosts, "");
    for (int i = 1; i <= count; i++) {
      farm.trust(farm.addHost("h" + i));
    }
    return farm;
  }

  /** Starts another host, not yet trusted. */
  SshdHost addHost(String name) throws IOException, InterruptedException {
    SshdHost host =
        SshdHost.create(dir, name, "127.0.0." + nextAddress++, dir.resolve("authorized_keys"));
    if (SshdHost.canFakeLoad()) {
      host.fakeLoad(QUIET_LOAD);
    }
    hosts.add(host);
    return host;
  }

  void trust(SshdHost host) throws IOException {
    Files.writeString(knownHosts, host.knownHostsLine() + "\n", StandardOpenOption.APPEND);
  }

  SshdHost host(String name) {
    return hosts.stream().filter(h -> h.name.equals(name)).findFirst().orElseThrow();
  }

  /**
   * hosts.yaml for the given hosts, each line of {@code extra} added to every host entry. The hosts
   * are this machine itself, so the tests keep the scheduler from choosing to compile here instead
   * ({@code local: slots: 0}), except where that choice is what they test.
   */
  String inventoryText(List<SshdHost> listed, String... extra) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("local:\n  slots: 0\n");
    yaml.append("defaults:\n")
        .append("  identity: ")
        .append(userKey)
        .append('\n')
        .append("  known_hosts: ")
        .append(knownHosts)
        .append('\n')
        .append("  poll_interval: 1s\n")
        .append("  poll_timeout: 3s\n")
        .append("hosts:\n");
    for (SshdHost host : listed) {
      yaml.append("  - name: ")
          .append(host.name)
          .append('\n')
          .append("    address: ")
          .append(host.address)
          .append('\n')
          .append("    port: ")
          .append(host.port)
          .append('\n');
      for (String line : extra) {
        yaml.append("    ").append(line).append('\n');
      }
    }
    return yaml.toString();
  }

  Path writeInventory(String text) throws IOException {
    Path temp = dir.resolve("hosts.yaml.tmp");
    Files.writeString(temp, text);
    Files.move(
        temp,
        inventory,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return inventory;
  }

  /**
   * Runs {@code command} on a host over a plain ssh connection of its own, as another client would;
   * its stdin stays open (and empty) until the process is destroyed.
   */
  Process sshToHost(String name, String... command) throws IOException {
    SshdHost host = host(name);
    List<String> argv =
        new java.util.ArrayList<>(
            List.of(
                "ssh",
                "-T",
                "-o",
                "BatchMode=yes",
                "-o",
                "StrictHostKeyChecking=yes",
                "-o",
                "UserKnownHostsFile=" + knownHosts,
                "-i",
                userKey.toString(),
                "-p",
                Integer.toString(host.port),
                System.getProperty("user.name") + "@" + host.address));
    argv.addAll(List.of(command));
    return new ProcessBuilder(argv)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  long compilesOnFarm() throws IOException {
    long total = 0;
    for (SshdHost host : hosts) {
      total += host.compiles();
    }
    return total;
  }

  @Override
  public void close() throws InterruptedException {
    for (SshdHost host : hosts) {
      host.close();
    }
  }
}
