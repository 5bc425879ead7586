package dev.safeops.core;

import dev.safeops.core.internal.CompositeAuditSink;
import dev.safeops.core.internal.JsonLinesAuditLog;
import dev.safeops.core.internal.Slf4jAuditSink;
import java.nio.file.Path;
import java.util.List;

/**
 * Receives an {@link AuditEvent} at every step of the pipeline. The sink is part of the
 * guard: when {@link #record} returns, the event must be durable (flushed, acknowledged); when
 * it cannot be, {@code record} throws {@link AuditException} and the operation does not run.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface AuditSink {

  /**
   * Records the event durably.
   *
   * @throws AuditException when the event could not be made durable
   */
  void record(AuditEvent event);

  /**
   * Appends one JSON object per line to {@code file}, flushing and syncing each line to the
   * device before returning; creates the file and its directories when missing.
   */
  static AuditLog jsonLines(Path file) {
    return new JsonLinesAuditLog(file);
  }

  /** Logs each event as JSON through SLF4J at INFO, logger {@code dev.safeops.audit}. */
  static AuditSink slf4j() {
    return new Slf4jAuditSink();
  }

  /** Records to every sink in order; fails (and stops) at the first sink that fails. */
  static AuditSink composite(List<? extends AuditSink> sinks) {
    return new CompositeAuditSink(sinks);
  }
}
