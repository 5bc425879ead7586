package dev.safeops.core;

/**
 * Observes the executor. Unlike the {@link AuditSink}, a listener is not part of the guard:
 * its exceptions are logged and swallowed, and it cannot stop an operation.
 */
public interface GuardListener {

  /** Called after each audit event has been recorded. */
  default void onEvent(AuditEvent event) {}

  /** Called once per execution with its outcome. */
  default void onOutcome(Operation operation, Outcome<?> outcome) {}
}
