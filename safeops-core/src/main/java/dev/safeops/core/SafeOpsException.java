package dev.safeops.core;

/**
 * The one unchecked root of every exception safeops throws. Subtypes say which component
 * refused or broke which promise; messages are written for the person on call.
 */
public class SafeOpsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SafeOpsException(String message) {
    super(message);
  }

  public SafeOpsException(String message, Throwable cause) {
    super(message, cause);
  }
}
