package dev.safeops.terraform;

import dev.safeops.core.GuardRefusedException;
import dev.safeops.core.Step;

/**
 * The state guard refused: the state was probably replaced (another lineage, a lower serial,
 * an empty state where one was recorded), the state moved since the plan was approved, or
 * the backend keeps the state on one machine outside DEVELOPMENT. Nothing was planned or
 * applied after it was thrown.
 */
public class StateGuardException extends GuardRefusedException {
  private static final long serialVersionUID = 1L;

  public StateGuardException(Step step, String message) {
    super(step, message);
  }
}
