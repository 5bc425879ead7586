package dev.safeops.aws.dynamodb;

import dev.safeops.core.StateLedger;
import dev.safeops.core.contract.StateLedgerContract;
import java.time.Clock;

class DynamoDbStateLedgerTest extends StateLedgerContract {
  private String table;

  @Override
  protected StateLedger newStateLedger() {
    table = EmbeddedDynamoDb.newTable();
    return EmbeddedDynamoDb.stores(table, Clock.systemUTC()).stateLedger();
  }

  @Override
  protected StateLedger anotherView(StateLedger ledger) {
    return EmbeddedDynamoDb.stores(table, Clock.systemUTC()).stateLedger();
  }
}
