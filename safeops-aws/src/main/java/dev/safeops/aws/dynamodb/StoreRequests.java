package dev.safeops.aws.dynamodb;

import dev.safeops.aws.dynamodb.internal.StoreTable;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;

/**
 * How the safeops SDK interceptor tells the stores' own DynamoDB requests apart from the
 * mutations it guards; an interceptor must not guard (or refuse) them, or the guard could never
 * take its own lock.
 *
 * <p>Every request the {@link DynamoDbStores} send carries a capability that only the stores'
 * implementation can mint, bound to that request's exact content, under an execution attribute
 * that is not public API. There is no marker a caller can set: {@link #isExempt} is true only
 * for a request that carries a capability minted for exactly its content, is one of the few
 * operations the stores send (GetItem, PutItem, UpdateItem, Query, and CreateTable,
 * DescribeTable, UpdateTimeToLive) and names a table opened or created through {@link
 * DynamoDbStores} in this JVM. The interceptor refuses every other mutating request that names
 * such a table, approved or not: only the stores write their table.
 *
 * <p>Not covered: code with reflection, and execution interceptors registered on the client
 * itself (they see and may rewrite every request). Thread-safe.
 */
public final class StoreRequests {

  private StoreRequests() {}

  /** True when the interceptor must let {@code request} through unguarded: the stores built and sent it as it is. */
  public static boolean isExempt(SdkRequest request, ExecutionAttributes attributes) {
    return StoreTable.isExempt(request, attributes);
  }
}
