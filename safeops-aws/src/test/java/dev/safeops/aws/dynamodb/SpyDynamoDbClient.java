package dev.safeops.aws.dynamodb;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.RequestOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * What any caller can write with the public surface alone: a DynamoDbClient of its own that
 * keeps every PutItem the stores hand it, execution attributes included.
 */
public final class SpyDynamoDbClient implements DynamoDbClient {
  public final List<PutItemRequest> puts = new ArrayList<>();

  /** A PutItem the stores built for {@code table} (marking an approval used), as a spy sees it. */
  public static PutItemRequest capturedStorePut(String table) {
    SpyDynamoDbClient spy = new SpyDynamoDbClient();
    DynamoDbStores.create(spy, table).approvalLedger().markUsed("approval-1", "op-1", Instant.now().plusSeconds(60));
    return spy.puts.get(0);
  }

  public static ExecutionAttributes attributesOf(PutItemRequest request) {
    return request.overrideConfiguration().map(RequestOverrideConfiguration::executionAttributes)
        .orElseGet(ExecutionAttributes::new).copy();
  }

  @SuppressWarnings("unchecked")
  public static ExecutionAttribute<Object> raw(ExecutionAttribute<?> key) {
    return (ExecutionAttribute<Object>) key;
  }

  @Override
  public PutItemResponse putItem(PutItemRequest request) {
    puts.add(request);
    return PutItemResponse.builder().build();
  }

  @Override
  public String serviceName() {
    return "dynamodb";
  }

  @Override
  public void close() {
    // nothing to release
  }
}
