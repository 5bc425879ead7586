package dev.safeops.aws;

import dev.safeops.core.GuardRefusedException;
import dev.safeops.core.Step;

/**
 * The credentials or the client point at another AWS account or region than the
 * {@link dev.safeops.core.Environment} names. Thrown by {@link AccountGuard} before any
 * other call of a dry run, so nothing is described or changed in the wrong place.
 */
public class AccountMismatchException extends GuardRefusedException {
  private static final long serialVersionUID = 1L;

  public AccountMismatchException(String message) {
    super(Step.DRY_RUN, message);
  }
}
