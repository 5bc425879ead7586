package dev.safeops.core;

import java.util.Objects;

/**
 * Thrown where a guard cannot return an {@link Outcome} (an SDK interceptor, a tool
 * wrapper) and must stop the caller instead. Carries the step that refused and why.
 */
public class GuardRefusedException extends SafeOpsException {
  private static final long serialVersionUID = 1L;
  private final Step step;

  public GuardRefusedException(Step step, String message) {
    super(message);
    this.step = Objects.requireNonNull(step, "step");
  }

  /** The pipeline step that refused. */
  public Step step() {
    return step;
  }
}
