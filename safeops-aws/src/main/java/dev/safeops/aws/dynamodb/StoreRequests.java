package dev.safeops.aws.dynamodb;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/**
 * How the safeops SDK interceptor tells the stores' own DynamoDB requests apart from the
 * mutations it guards. Every request the {@link DynamoDbStores} send carries {@link
 * #STORE_REQUEST} = {@code true}; an interceptor must not guard (or refuse) them, or the guard
 * could never take its own lock.
 *
 * <p>The marker alone is not enough to exempt a request, since any caller can set an execution
 * attribute: {@link #isExempt} also requires that the request is one of the few operations the
 * stores send (GetItem, PutItem, UpdateItem, Query, and CreateTable, DescribeTable,
 * UpdateTimeToLive) and that it names a table opened or created through {@link DynamoDbStores}
 * in this JVM. Thread-safe.
 */
public final class StoreRequests {

  /** Set to {@code true} on every request a safeops store sends. */
  public static final ExecutionAttribute<Boolean> STORE_REQUEST = new ExecutionAttribute<>("SafeOpsStoreRequest");

  private static final Set<String> STORE_TABLES = ConcurrentHashMap.newKeySet();

  private StoreRequests() {}

  /**
   * True when the interceptor must let {@code request} through unguarded: it carries {@link
   * #STORE_REQUEST}, is an operation the stores send, and names a store table.
   */
  public static boolean isExempt(SdkRequest request, ExecutionAttributes attributes) {
    if (request == null || attributes == null || !Boolean.TRUE.equals(attributes.getAttribute(STORE_REQUEST))) {
      return false;
    }
    String table;
    if (request instanceof GetItemRequest r) {
      table = r.tableName();
    } else if (request instanceof PutItemRequest r) {
      table = r.tableName();
    } else if (request instanceof UpdateItemRequest r) {
      table = r.tableName();
    } else if (request instanceof QueryRequest r) {
      table = r.tableName();
    } else if (request instanceof CreateTableRequest r) {
      table = r.tableName();
    } else if (request instanceof DescribeTableRequest r) {
      table = r.tableName();
    } else if (request instanceof UpdateTimeToLiveRequest r) {
      table = r.tableName();
    } else {
      return false;
    }
    return table != null && STORE_TABLES.contains(table);
  }

  static void register(String table) {
    STORE_TABLES.add(table);
  }
}
