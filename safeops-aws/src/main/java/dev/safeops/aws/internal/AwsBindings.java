package dev.safeops.aws.internal;

/**
 * Plan bindings written by safeops' AWS dry runs and read by the interceptor. Bindings are
 * part of the plan digest, so an approval holds for exactly these values.
 */
public final class AwsBindings {
  /** Prefix of the fingerprints of the exact requests an execution may send ({@code aws.request.0}...). */
  public static final String REQUEST_PREFIX = "aws.request.";
  /** Comma-separated {@code service:Operation} names an execution may send. */
  public static final String OPERATIONS = "aws.operations";
  public static final String ACCOUNT = "aws.account";
  public static final String REGION = "aws.region";

  private AwsBindings() {}
}
