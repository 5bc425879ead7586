package dev.safeops.core;

import dev.safeops.core.internal.InMemoryAuditLog;
import java.util.List;

/**
 * An {@link AuditSink} that can be read back. Events are append-only: an event for an
 * (operation id, sequence) already recorded is refused with {@link AuditException}, never
 * overwritten.
 */
public interface AuditLog extends AuditSink {

  /** The events of one operation, in sequence order. */
  List<AuditEvent> read(String operationId);

  /** An in-memory log, for one JVM and for tests. */
  static AuditLog inMemory() {
    return new InMemoryAuditLog();
  }
}
