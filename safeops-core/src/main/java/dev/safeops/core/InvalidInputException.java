package dev.safeops.core;

/**
 * Input that safeops cannot trust: a malformed plan or state, an unknown flag, a missing
 * file. The message is one sentence that names the input and, where it can, the position.
 */
public class InvalidInputException extends SafeOpsException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
