package dev.safeops.aws;

import dev.safeops.core.GuardRefusedException;
import dev.safeops.core.Step;
import java.util.Objects;

/**
 * Thrown by {@link SafeOpsInterceptor} before a mutating AWS request is marshalled: it ran
 * outside an approved guarded execution, or the approval does not cover this operation or
 * these targets. Nothing reached the wire and the SDK does not retry it.
 */
public class UnguardedMutationException extends GuardRefusedException {
  private static final long serialVersionUID = 1L;
  private final String service;
  private final String operation;

  public UnguardedMutationException(String service, String operation, String message) {
    super(Step.APPROVAL, message);
    this.service = Objects.requireNonNull(service, "service");
    this.operation = Objects.requireNonNull(operation, "operation");
  }

  /** The SDK service name of the refused request, e.g. {@code RDS}. */
  public String service() {
    return service;
  }

  /** The refused operation, e.g. {@code DeleteDBInstance}. */
  public String operation() {
    return operation;
  }
}
