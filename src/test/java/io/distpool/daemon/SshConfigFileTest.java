package io.distpool.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.distpool.inventory.Host;
import io.distpool.inventory.Inventory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The ssh config distcc's ssh mode runs with. */
class SshConfigFileTest {
  private final SshConfigFile file = new SshConfigFile(Path.of("/run/user/1000/distpool"), "ssh");

  private static Inventory inventory(Host... hosts) {
    return new Inventory(Optional.empty(), List.of(hosts));
  }

  @Test
  void eachHostGetsABlockWithItsConnectionDetailsAndLanes() {
    Host host =
        Host.of("build1", "192.0.2.11", 2222)
            .withUser("builder")
            .withIdentities(List.of(Path.of("/home/u/.ssh/farm key")))
            .withKnownHosts(Path.of("/home/u/.ssh/known_hosts"))
            .withSlots(OptionalInt.of(20));

    String config = file.render(inventory(host));

    assertThat(config)
        .contains(
            String.join(
                "\n",
                "Host build1 build1+2 build1+3",
                "  HostName 192.0.2.11",
                "  Port 2222",
                "  User builder",
                "  IdentityFile \"/home/u/.ssh/farm key\"",
                "  UserKnownHostsFile \"/home/u/.ssh/known_hosts\"",
                "  ControlMaster auto",
                "  ControlPath \"/run/user/1000/distpool/m/%n\"",
                "  ControlPersist 60"))
        .contains("StrictHostKeyChecking yes")
        .contains("BatchMode yes");
  }

  @Test
  void percentSignsCannotBecomeSshTokens() {
    Host host =
        Host.of("v6", "fe80::1%eth0", 22).withKnownHosts(Path.of("/home/u/100%/known_hosts"));

    String config = file.render(inventory(host));

    assertThat(config)
        .contains("HostName fe80::1%%eth0")
        .contains("UserKnownHostsFile \"/home/u/100%%/known_hosts\"");
  }

  @Test
  void multiplexingOffMeansOneDirectConnectionPerJob() {
    Host host = Host.of("solo", "192.0.2.5", 22).withSshMultiplex(false);

    String config = file.render(inventory(host));

    assertThat(config).contains("Host solo\n").contains("ControlMaster no\n  ControlPath none");
    assertThat(file.lanes(host)).isEqualTo(1);
  }

  @Test
  void aRuntimeDirectoryTooDeepForControlSocketsTurnsMultiplexingOff() {
    SshConfigFile deep = new SshConfigFile(Path.of("/tmp/" + "d".repeat(70)), "ssh");
    Host host = Host.of("build1", "192.0.2.11", 22);

    assertThat(deep.multiplexes(host)).isFalse();
    assertThat(deep.render(inventory(host))).contains("ControlMaster no");
    assertThat(file.multiplexes(host)).isTrue();
  }

  @Test
  void hostWithSlotsFromTheProbeGetsLanesForUpTo256Jobs() {
    assertThat(file.lanes(Host.of("big", "192.0.2.9", 22))).isEqualTo(32);
    assertThat(file.lanes(Host.of("small", "192.0.2.9", 22).withSlots(OptionalInt.of(8))))
        .isEqualTo(1);
  }
}
