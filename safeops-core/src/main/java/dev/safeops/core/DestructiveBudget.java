package dev.safeops.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How many destructive changes (deletes and replacements) one requester may make in one scope
 * within a sliding window, approved or not. Stops a run of deletes made one at a time.
 */
public record DestructiveBudget(int maxChanges, Duration window) {
  public DestructiveBudget {
    Objects.requireNonNull(window, "window");
    if (maxChanges < 0) {
      throw new IllegalArgumentException("maxChanges must be >= 0, was " + maxChanges);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
  }

  /** At most {@code maxChanges} destructive changes per {@code window}. */
  public static DestructiveBudget of(int maxChanges, Duration window) {
    return new DestructiveBudget(maxChanges, window);
  }

  /** The default: 10 destructive changes per hour per requester and scope. */
  public static DestructiveBudget defaults() {
    return new DestructiveBudget(10, Duration.ofHours(1));
  }
}
