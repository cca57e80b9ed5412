package io.distpool.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwardPidFileTest {
  @TempDir Path tmp;
  Process process;

  @AfterEach
  void stop() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor();
    }
  }

  /** A process whose executable is named ssh and whose arguments hold {@code argument}. */
  Process fakeSsh(String argument) throws Exception {
    Path ssh = tmp.resolve("bin/ssh");
    Files.createDirectories(ssh.getParent());
    Files.copy(Path.of("/bin/sh"), ssh, StandardCopyOption.REPLACE_EXISTING);
    process = new ProcessBuilder(ssh.toString(), "-c", "sleep 60", argument).start();
    return process;
  }

  Path shared() {
    return tmp.resolve("shared.socket");
  }

  void write(ForwardPidFile pids, long ssh, long owner) throws Exception {
    Files.writeString(pids.file(), ssh + " " + owner + "\n");
  }

  @Test
  void anSshWhoseConnectIsGoneIsEnded() throws Exception {
    Process ssh = fakeSsh(shared() + ":/run/remote/socket");
    ForwardPidFile pids = new ForwardPidFile(shared());
    write(pids, ssh.pid(), 1); // its connect was pid 1: not its parent now

    OptionalLong ended = pids.endLeftover();

    assertThat(ended).hasValue(ssh.pid());
    assertThat(ssh.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(pids.file()).doesNotExist();
  }

  @Test
  void theSshOfARunningConnectIsLeftAlone() throws Exception {
    Process ssh = fakeSsh(shared() + ":/run/remote/socket");
    ForwardPidFile pids = new ForwardPidFile(shared());
    pids.record(ssh.toHandle()); // this process started it and still runs

    assertThat(pids.endLeftover()).isEmpty();
    assertThat(ssh.isAlive()).isTrue();
    assertThat(pids.file()).exists();
  }

  @Test
  void aPidThatNoLongerForwardsThisSocketIsLeftAlone() throws Exception {
    Process other = fakeSsh(tmp.resolve("other.socket") + ":/run/remote/socket");
    ForwardPidFile pids = new ForwardPidFile(shared());
    write(pids, other.pid(), 1);

    assertThat(pids.endLeftover()).isEmpty();
    assertThat(other.isAlive()).isTrue();
  }

  @Test
  void aProcessThatIsNotSshIsLeftAlone() throws Exception {
    process = new ProcessBuilder("sh", "-c", "sleep 60", shared() + ":/run/remote/socket").start();
    ForwardPidFile pids = new ForwardPidFile(shared());
    write(pids, process.pid(), 1);

    assertThat(pids.endLeftover()).isEmpty();
    assertThat(process.isAlive()).isTrue();
  }

  @Test
  void aGarbledFileIsDroppedAndNothingEnded() throws Exception {
    ForwardPidFile pids = new ForwardPidFile(shared());
    Files.writeString(pids.file(), "not a pid\n");

    assertThat(pids.endLeftover()).isEmpty();
    assertThat(pids.file()).doesNotExist();
  }

  @Test
  void noFileNothingToDo() throws Exception {
    assertThat(new ForwardPidFile(shared()).endLeftover()).isEmpty();
  }
}
