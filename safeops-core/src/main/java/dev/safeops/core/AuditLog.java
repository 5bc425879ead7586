package dev.safeops.core;

import dev.safeops.core.internal.InMemoryAuditLog;
import java.util.List;

/**
 * An {@link AuditSink} that can be read back. Events are append-only: an event for an
 * (operation id, sequence) already recorded is refused with {@link AuditException}, never
 * overwritten. Thread-safe.
 */
public interface AuditLog extends AuditSink {

  /**
   * The events of one operation, in sequence order.
   *
   * @throws AuditException when the log cannot be read
   */
  List<AuditEvent> read(String operationId);

  /**
   * Every operation in the log whose outcome is unknown ({@link UnknownOutcome}: an {@code
   * EXECUTING} event with no result after it), oldest first. An operation still running shows
   * here too until its result is written. This reads the whole log: call it from a command or
   * a periodic check, not on every operation.
   *
   * @throws AuditException when the log cannot be read
   */
  List<UnknownOutcome> unknownOutcomes();

  /** An in-memory log, for one JVM and for tests. */
  static AuditLog inMemory() {
    return new InMemoryAuditLog();
  }
}
