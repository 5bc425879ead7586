package dev.safeops.core;

/**
 * A component broke a promise safeops depends on, for example a dry run that returned
 * null or an action executed twice. The message names the component and the promise.
 */
public class InvariantViolationException extends SafeOpsException {
  private static final long serialVersionUID = 1L;

  public InvariantViolationException(String message) {
    super(message);
  }
}
