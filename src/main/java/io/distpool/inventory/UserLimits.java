package io.distpool.inventory;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The {@code limits:} section: how many slots one user may hold at once on a shared daemon.
 *
 * @param userSlots every user's cap, empty for none
 * @param perUser caps for named users, overriding {@code userSlots}
 */
public record UserLimits(OptionalInt userSlots, Map<String, Integer> perUser) {
  public UserLimits {
    Objects.requireNonNull(userSlots, "userSlots");
    perUser = Map.copyOf(perUser);
  }

  /** No caps: fairness alone shares the farm. */
  public static UserLimits none() {
    return new UserLimits(OptionalInt.empty(), Map.of());
  }

  /** The most slots {@code user} may hold; {@link Integer#MAX_VALUE} when unlimited. */
  public int capFor(String user) {
    Integer own = perUser.get(user);
    if (own != null) {
      return own;
    }
    return userSlots.isPresent() ? userSlots.getAsInt() : Integer.MAX_VALUE;
  }
}
