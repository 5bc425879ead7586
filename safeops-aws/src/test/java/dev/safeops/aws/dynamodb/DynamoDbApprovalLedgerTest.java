package dev.safeops.aws.dynamodb;

import dev.safeops.core.ApprovalLedger;
import dev.safeops.core.contract.ApprovalLedgerContract;
import java.time.Clock;

class DynamoDbApprovalLedgerTest extends ApprovalLedgerContract {
  private String table;

  @Override
  protected ApprovalLedger newApprovalLedger() {
    table = EmbeddedDynamoDb.newTable();
    return EmbeddedDynamoDb.stores(table, Clock.systemUTC()).approvalLedger();
  }

  @Override
  protected ApprovalLedger anotherView(ApprovalLedger ledger) {
    return EmbeddedDynamoDb.stores(table, Clock.systemUTC()).approvalLedger();
  }
}
