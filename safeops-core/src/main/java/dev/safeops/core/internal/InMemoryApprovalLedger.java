package dev.safeops.core.internal;

import dev.safeops.core.ApprovalLedger;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/** Used approval ids in one JVM; {@code putIfAbsent} is the conditional write. */
public final class InMemoryApprovalLedger implements ApprovalLedger {
  private final ConcurrentHashMap<String, String> used = new ConcurrentHashMap<>();

  @Override
  public boolean markUsed(String approvalId, String operationId, Instant retainUntil) {
    return used.putIfAbsent(approvalId, operationId) == null;
  }
}
