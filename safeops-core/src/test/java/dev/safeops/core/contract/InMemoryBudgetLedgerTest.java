package dev.safeops.core.contract;

import dev.safeops.core.BudgetLedger;
import dev.safeops.core.internal.InMemoryBudgetLedger;

class InMemoryBudgetLedgerTest extends BudgetLedgerContract {
  @Override
  protected BudgetLedger newBudgetLedger() {
    return new InMemoryBudgetLedger();
  }
}
