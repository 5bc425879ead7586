package dev.safeops.core;

import java.util.Objects;

/**
 * An SSH signature that does not prove what it must: it is malformed or truncated, it does not
 * match what it claims to sign, it was made for another namespace, or its key is not allowed
 * (not in {@code allowed_signers}, not for this namespace, or not at this time). The message is
 * one sentence for the person who signed.
 */
public class SignatureRejectedException extends SafeOpsException {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the signature. */
  public enum Problem {
    /** Not an SSH signature, or a damaged or truncated one. */
    MALFORMED,
    /** Well formed, but not a valid signature over the expected message in the expected namespace. */
    INVALID,
    /** A valid signature by a key that is not allowed to sign this, here and now. */
    NOT_ALLOWED
  }

  private final Problem problem;

  public SignatureRejectedException(Problem problem, String message) {
    super(message);
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  public Problem problem() {
    return problem;
  }
}
