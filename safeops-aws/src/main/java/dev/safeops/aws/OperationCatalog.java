package dev.safeops.aws;

import dev.safeops.aws.internal.VerbTierCatalog;
import dev.safeops.core.Effect;
import java.util.List;

/**
 * Classifies every AWS operation as read, mutating or destructive: by the verb of its name
 * (Describe/List/Get read; Delete/Terminate/Remove/Deregister/Purge/Revoke destructive; the
 * rest mutating), with explicit entries for the exceptions. Never answers {@link
 * Effect#READ_ONLY} for an operation it does not know. Thread-safe.
 */
public interface OperationCatalog {

  /**
   * @param service the SDK service name as the SDK reports it ({@code RDS}, {@code EC2},
   *     {@code S3}, {@code DynamoDB}...), case-insensitive
   * @param operation the operation name, e.g. {@code DeleteDBInstance}
   */
  ClassifiedOperation classify(String service, String operation);

  /**
   * Every operation of every AWS SDK v2 service module on the classpath, classified; found
   * once, lazily, from the SDK's generated request marshallers. Operation names are the
   * SDK's Java spelling ({@code DeleteDbInstance}); {@link #classify} matches names
   * case-insensitively, so the wire name classifies the same.
   */
  default List<ClassifiedOperation> classifyClasspath() {
    return List.of();
  }

  /** The catalog shipped with safeops. */
  static OperationCatalog defaults() {
    return VerbTierCatalog.DEFAULT;
  }

  /**
   * One operation with its {@link Effect} and the reason, e.g. "Delete* is destructive" or
   * "explicit entry: GetSessionToken mints credentials". Immutable.
   */
  record ClassifiedOperation(String service, String operation, Effect effect, String reason) {}
}
