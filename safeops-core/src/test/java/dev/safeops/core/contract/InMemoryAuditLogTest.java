package dev.safeops.core.contract;

import dev.safeops.core.AuditLog;
import dev.safeops.core.internal.InMemoryAuditLog;

class InMemoryAuditLogTest extends AuditLogContract {
  @Override
  protected AuditLog newAuditLog() {
    return new InMemoryAuditLog();
  }
}
