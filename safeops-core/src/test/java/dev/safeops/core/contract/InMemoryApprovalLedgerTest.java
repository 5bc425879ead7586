package dev.safeops.core.contract;

import dev.safeops.core.ApprovalLedger;
import dev.safeops.core.internal.InMemoryApprovalLedger;

class InMemoryApprovalLedgerTest extends ApprovalLedgerContract {
  @Override
  protected ApprovalLedger newApprovalLedger() {
    return new InMemoryApprovalLedger();
  }
}
