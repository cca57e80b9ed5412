package io.distpool.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionLanesTest {
  private final ConnectionLanes lanes = new ConnectionLanes(8);

  @Test
  void jobsPackOntoTheFirstLaneUntilItIsFull() {
    for (long id = 1; id <= 8; id++) {
      assertThat(lanes.acquire("h1", id, 4)).isZero();
    }

    assertThat(lanes.acquire("h1", 9, 4)).isEqualTo(1);
    assertThat(lanes.acquire("h2", 10, 4)).as("another host has lanes of its own").isZero();
  }

  @Test
  void releasedLeaseMakesRoomOnItsLane() {
    for (long id = 1; id <= 9; id++) {
      lanes.acquire("h1", id, 2);
    }

    lanes.release("h1", 3);

    assertThat(lanes.acquire("h1", 10, 2)).isZero();
    assertThat(lanes.acquire("h1", 11, 2)).isEqualTo(1);
  }

  @Test
  void whenEveryLaneIsFullTheLeastBusyOneIsShared() {
    for (long id = 1; id <= 16; id++) {
      lanes.acquire("h1", id, 2);
    }
    lanes.release("h1", 16);

    assertThat(lanes.acquire("h1", 17, 2)).isEqualTo(1);
    assertThat(lanes.acquire("h1", 18, 2)).isZero();
  }

  @Test
  void releasingAnUnknownLeaseChangesNothing() {
    lanes.acquire("h1", 1, 1);

    lanes.release("h1", 99);
    lanes.release("nosuch", 1);

    for (long id = 2; id <= 8; id++) {
      assertThat(lanes.acquire("h1", id, 2)).isZero();
    }
    assertThat(lanes.acquire("h1", 9, 2)).isEqualTo(1);
  }
}
