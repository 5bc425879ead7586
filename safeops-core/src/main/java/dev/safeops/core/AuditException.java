package dev.safeops.core;

/** The audit trail could not be written. The operation it was about does not run. */
public class AuditException extends StoreException {
  private static final long serialVersionUID = 1L;

  public AuditException(String message, Throwable cause) {
    super("audit", message, cause);
  }
}
