package dev.safeops.core.internal;

import dev.safeops.core.BudgetLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** Sliding-window counts in one JVM: the window ending at {@code now} holds every entry after {@code now - window}. */
public final class InMemoryBudgetLedger implements BudgetLedger {
  private record Entry(Instant at, int amount) {}

  private final Map<String, Deque<Entry>> entries = new HashMap<>();

  @Override
  public synchronized boolean tryConsume(String key, int amount, int limit, Duration window, Instant now) {
    int used = used(key, window, now);
    if (used + amount > limit) {
      return false;
    }
    entries.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new Entry(now, amount));
    return true;
  }

  @Override
  public synchronized int used(String key, Duration window, Instant now) {
    Deque<Entry> d = entries.get(key);
    if (d == null) {
      return 0;
    }
    Instant from = now.minus(window);
    // Entries later than now still count: callers' clocks differ, and a consumption another
    // caller stamped a moment later must not free budget for this one (fail closed).
    int sum = 0;
    for (Entry e : d) {
      if (e.at.isAfter(from)) {
        sum += e.amount;
      }
    }
    return sum;
  }
}
