package dev.safeops.core;

import dev.safeops.core.internal.InMemoryBudgetLedger;
import java.time.Duration;
import java.time.Instant;

/**
 * Counts destructive changes per key (requester and scope) in a sliding window. A store whose
 * {@link #tryConsume} is atomic across every process sharing it. Thread-safe.
 */
public interface BudgetLedger {

  /**
   * Adds {@code amount} to the key's count if the count in the window ending at {@code now},
   * plus {@code amount}, stays within {@code limit}.
   *
   * @return true when consumed; false (and nothing consumed) when it would exceed the limit
   * @throws StoreException when the store cannot answer
   */
  boolean tryConsume(String key, int amount, int limit, Duration window, Instant now);

  /**
   * How much the key consumed in the window ending at {@code now}.
   *
   * @throws StoreException when the store cannot answer
   */
  int used(String key, Duration window, Instant now);

  static BudgetLedger inMemory() {
    return new InMemoryBudgetLedger();
  }
}
