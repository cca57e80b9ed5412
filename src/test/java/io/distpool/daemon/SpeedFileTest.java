package io.distpool.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.distpool.pool.SpeedMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeedFileTest {
  @TempDir Path tmp;

  @Test
  void whatIsSavedIsLoadedUnknownValuesIncluded() throws Exception {
    SpeedFile file = new SpeedFile(tmp.resolve("state/distpool"));
    SpeedMemory memory =
        new SpeedMemory(
            List.of(
                new SpeedMemory.HostMemory("a", "10.0.0.1", 22, 1.25, Double.NaN, Double.NaN, 0),
                new SpeedMemory.HostMemory("b", "b.example.com", 2222, Double.NaN, 3.5, 1.5, 40)),
            0.75,
            2.5,
            1.2);

    file.save(memory);

    assertThat(file.load()).contains(memory);
    assertThat(Files.readString(file.path())).contains("\"calibrated\" : null");
  }

  @Test
  void noFileOrAnUnreadableOneIsNothingRemembered() throws Exception {
    SpeedFile file = new SpeedFile(tmp);
    assertThat(file.load()).isEmpty();

    Files.writeString(file.path(), "{\"version\": 1, \"hosts\": [");
    assertThat(file.load()).isEmpty();

    Files.writeString(file.path(), "{\"version\": 99}");
    assertThat(file.load()).isEmpty();
  }

  @Test
  void entriesThatMakeNoSenseAreDroppedOrLeftUnknown() throws Exception {
    SpeedFile file = new SpeedFile(tmp);
    Files.writeString(
        file.path(),
        "{\"version\":1,\"hosts\":[{\"name\":\"a\",\"address\":\"x\",\"calibrated\":-3,"
            + "\"jobs\":-1},{\"address\":\"nameless\"}]}");

    SpeedMemory memory = file.load().orElseThrow();

    assertThat(memory.hosts())
        .containsExactly(
            new SpeedMemory.HostMemory("a", "x", 22, Double.NaN, Double.NaN, Double.NaN, 0));
    assertThat(memory.work()).isNaN();
  }
}
