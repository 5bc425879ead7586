package dev.safeops.aws.testing.internal;

import java.util.Map;

/**
 * An error the fake answers in the calling service's own wire shape. Thrown by handlers; the
 * protocol of the service decides how it is written.
 */
public final class AwsError extends RuntimeException {
  private final int status;
  private final String code;
  private final Map<String, String> extra;

  public AwsError(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  public AwsError(int status, String code, String message, Map<String, String> extra) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.extra = Map.copyOf(extra);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Extra elements some services add to an error (S3's BucketName). */
  public Map<String, String> extra() {
    return extra;
  }

  static AwsError badRequest(String code, String message) {
    return new AwsError(400, code, message);
  }
}
