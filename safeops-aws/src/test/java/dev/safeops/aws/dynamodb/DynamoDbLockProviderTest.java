package dev.safeops.aws.dynamodb;

import dev.safeops.core.LockProvider;
import dev.safeops.core.contract.LockProviderContract;
import java.time.Clock;

class DynamoDbLockProviderTest extends LockProviderContract {
  private String table;

  @Override
  protected LockProvider newLockProvider(Clock clock) {
    table = EmbeddedDynamoDb.newTable();
    return EmbeddedDynamoDb.stores(table, clock).lockProvider();
  }

  @Override
  protected LockProvider anotherView(LockProvider provider, Clock clock) {
    return EmbeddedDynamoDb.stores(table, clock).lockProvider();
  }
}
