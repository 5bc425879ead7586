package dev.safeops.terraform;

import dev.safeops.core.SafeOpsException;

/**
 * The {@code terraform}/{@code tofu} binary could not be run, timed out, or failed. The
 * message says which command, and the first error Terraform printed.
 */
public class TerraformException extends SafeOpsException {
  private static final long serialVersionUID = 1L;

  public TerraformException(String message) {
    super(message);
  }

  public TerraformException(String message, Throwable cause) {
    super(message, cause);
  }
}
