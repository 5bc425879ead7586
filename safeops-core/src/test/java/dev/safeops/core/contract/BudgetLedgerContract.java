package dev.safeops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.BudgetLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BudgetLedger} promises: consumption within the limit is counted, a request
 * that would exceed it consumes nothing, the window slides, and concurrent callers together
 * never exceed the limit. Extend it and give a fresh, empty store.
 */
public abstract class BudgetLedgerContract {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private BudgetLedger budget;

  /** A new ledger over an empty store. */
  protected abstract BudgetLedger newBudgetLedger();

  /** A second ledger over the same store, as another process would open it; one-JVM stores return it as is. */
  protected BudgetLedger anotherView(BudgetLedger ledger) {
    return ledger;
  }

  @BeforeEach
  void newStore() {
    budget = newBudgetLedger();
  }

  @Test
  void nothingIsUsedAtFirst() {
    assertThat(budget.used("agent|prod", HOUR, T0)).isZero();
  }

  @Test
  void consumptionWithinTheLimitIsCounted() {
    assertThat(budget.tryConsume("agent|prod", 2, 5, HOUR, T0)).isTrue();
    assertThat(anotherView(budget).tryConsume("agent|prod", 3, 5, HOUR, T0.plusSeconds(60))).isTrue();

    assertThat(budget.used("agent|prod", HOUR, T0.plusSeconds(60))).isEqualTo(5);
  }

  @Test
  void aRequestOverTheLimitConsumesNothing() {
    budget.tryConsume("agent|prod", 4, 5, HOUR, T0);

    assertThat(anotherView(budget).tryConsume("agent|prod", 2, 5, HOUR, T0.plusSeconds(1))).isFalse();
    assertThat(budget.used("agent|prod", HOUR, T0.plusSeconds(1))).isEqualTo(4);
    assertThat(budget.tryConsume("agent|prod", 1, 5, HOUR, T0.plusSeconds(2))).isTrue();
  }

  @Test
  void aRequestLargerThanTheWholeLimitIsRefused() {
    assertThat(budget.tryConsume("agent|prod", 6, 5, HOUR, T0)).isFalse();
    assertThat(budget.used("agent|prod", HOUR, T0)).isZero();
  }

  @Test
  void theWindowSlides() {
    budget.tryConsume("agent|prod", 3, 5, HOUR, T0);
    budget.tryConsume("agent|prod", 2, 5, HOUR, T0.plus(Duration.ofMinutes(30)));

    assertThat(budget.tryConsume("agent|prod", 1, 5, HOUR, T0.plus(Duration.ofMinutes(59)))).isFalse();
    assertThat(budget.used("agent|prod", HOUR, T0.plus(HOUR))).isEqualTo(2);
    assertThat(anotherView(budget).tryConsume("agent|prod", 3, 5, HOUR, T0.plus(HOUR))).isTrue();
    assertThat(budget.used("agent|prod", HOUR, T0.plus(Duration.ofMinutes(90)))).isEqualTo(3);
    assertThat(budget.used("agent|prod", HOUR, T0.plus(Duration.ofHours(3)))).isZero();
  }

  @Test
  void keysAreCountedIndependently() {
    budget.tryConsume("agent|prod", 5, 5, HOUR, T0);

    assertThat(budget.tryConsume("agent|staging", 5, 5, HOUR, T0)).isTrue();
    assertThat(budget.tryConsume("human|prod", 1, 5, HOUR, T0)).isTrue();
  }

  @Test
  void concurrentConsumersNeverExceedTheLimit() throws Exception {
    int limit = 23;
    List<Integer> granted = Race.of(6, n -> {
      BudgetLedger mine = n % 2 == 0 ? budget : anotherView(budget);
      int ok = 0;
      for (int i = 0; i < 6; i++) {
        if (mine.tryConsume("agent|prod", 1, limit, HOUR, T0.plusMillis(n * 10L + i))) {
          ok++;
        }
      }
      return ok;
    });

    assertThat(granted.stream().mapToInt(Integer::intValue).sum()).isEqualTo(limit);
    assertThat(budget.used("agent|prod", HOUR, T0.plusSeconds(1))).isEqualTo(limit);
  }
}
