package dev.safeops.aws.dynamodb;

import dev.safeops.core.BudgetLedger;
import dev.safeops.core.contract.BudgetLedgerContract;
import java.time.Clock;

class DynamoDbBudgetLedgerTest extends BudgetLedgerContract {
  private String table;

  @Override
  protected BudgetLedger newBudgetLedger() {
    table = EmbeddedDynamoDb.newTable();
    return EmbeddedDynamoDb.stores(table, Clock.systemUTC()).budgetLedger();
  }

  @Override
  protected BudgetLedger anotherView(BudgetLedger ledger) {
    return EmbeddedDynamoDb.stores(table, Clock.systemUTC()).budgetLedger();
  }
}
