package dev.safeops.core;

import dev.safeops.core.internal.InMemoryApprovalLedger;
import java.time.Instant;

/**
 * Remembers which approvals have been used, so none is used twice. A store with a
 * conditional write at its heart: {@link #markUsed} succeeds exactly once per approval id,
 * across every process sharing the store. Thread-safe. Durable approval requests, which people
 * answer later, are kept by a {@link RequestLedger}; this ledger only burns approvals.
 */
public interface ApprovalLedger {

  /**
   * Marks an approval used by an operation.
   *
   * @param retainUntil the ledger may forget the id after this instant (the approval's expiry)
   * @return true the first time for this id; false when it was used before
   * @throws StoreException when the store cannot answer
   */
  boolean markUsed(String approvalId, String operationId, Instant retainUntil);

  /** An in-memory ledger for one JVM. */
  static ApprovalLedger inMemory() {
    return new InMemoryApprovalLedger();
  }
}
