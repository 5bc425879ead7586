package dev.safeops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.ApprovalLedger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ApprovalLedger} promises: an approval id is marked used exactly once, by
 * whichever caller gets there first, and every later attempt (another operation, another
 * instance over the same store, many threads at once) is refused. Extend it and give a fresh,
 * empty store.
 */
public abstract class ApprovalLedgerContract {
  private static final Instant RETAIN = Instant.parse("2030-01-01T00:00:00Z");

  private ApprovalLedger ledger;

  /** A new ledger over an empty store. */
  protected abstract ApprovalLedger newApprovalLedger();

  /** A second ledger over the same store, as another process would open it; one-JVM stores return it as is. */
  protected ApprovalLedger anotherView(ApprovalLedger ledger) {
    return ledger;
  }

  @BeforeEach
  void newStore() {
    ledger = newApprovalLedger();
  }

  @Test
  void anApprovalIsUsedTheFirstTime() {
    assertThat(ledger.markUsed("approval-1", "op-1", RETAIN)).isTrue();
  }

  @Test
  void aReplayedApprovalIsRefusedForAnyOperation() {
    ledger.markUsed("approval-1", "op-1", RETAIN);

    assertThat(ledger.markUsed("approval-1", "op-1", RETAIN)).isFalse();
    assertThat(ledger.markUsed("approval-1", "op-2", RETAIN)).isFalse();
    assertThat(anotherView(ledger).markUsed("approval-1", "op-3", RETAIN)).isFalse();
  }

  @Test
  void differentApprovalsAreIndependent() {
    assertThat(ledger.markUsed("approval-1", "op-1", RETAIN)).isTrue();
    assertThat(ledger.markUsed("approval-2", "op-1", RETAIN)).isTrue();
  }

  @Test
  void concurrentUsesOfOneApprovalSucceedExactlyOnce() throws Exception {
    List<Boolean> answers = Race.of(16, n -> (n % 2 == 0 ? ledger : anotherView(ledger))
        .markUsed("approval-race", "op-" + n, RETAIN));

    assertThat(answers.stream().filter(Boolean::booleanValue).count()).isEqualTo(1);
  }
}
