package dev.safeops.aws;

import dev.safeops.aws.internal.VerbTierCatalog;

/**
 * Classifies every AWS operation as read, mutating or destructive: by the verb of its name
 * (Describe/List/Get read; Delete/Terminate/Remove/Deregister/Purge/Revoke destructive; the
 * rest mutating), with explicit entries for the exceptions. Never answers {@link
 * OperationClass#READ} for an operation it does not know. Thread-safe.
 */
public interface OperationCatalog {

  /**
   * @param service the SDK service name as the SDK reports it ({@code RDS}, {@code EC2},
   *     {@code S3}, {@code DynamoDB}...), case-insensitive
   * @param operation the operation name, e.g. {@code DeleteDBInstance}
   */
  Classification classify(String service, String operation);

  /** The catalog shipped with safeops. */
  static OperationCatalog defaults() {
    return VerbTierCatalog.DEFAULT;
  }

  /**
   * A classification with the reason, e.g. "Delete* is destructive" or "explicit entry:
   * GetSessionToken mints credentials".
   */
  record Classification(String service, String operation, OperationClass operationClass, String reason) {}
}
