package dev.safeops.aws.dynamodb;

import dev.safeops.core.AuditLog;
import dev.safeops.core.contract.AuditLogContract;
import java.time.Clock;

class DynamoDbAuditLogTest extends AuditLogContract {
  private String table;

  @Override
  protected AuditLog newAuditLog() {
    table = EmbeddedDynamoDb.newTable();
    return EmbeddedDynamoDb.stores(table, Clock.systemUTC()).auditLog();
  }

  @Override
  protected AuditLog anotherView(AuditLog log) {
    return EmbeddedDynamoDb.stores(table, Clock.systemUTC()).auditLog();
  }
}
