package dev.safeops.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.Approval;
import dev.safeops.core.Decision;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Outcome;
import dev.safeops.core.Principal;
import dev.safeops.core.StateRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/** The marker the safeops SDK interceptor relies on to let the stores' own requests through, and only those. */
class StoreRequestsTest {
  /** Sees every request as an interceptor would, and notes whether it is exempt. */
  private static final class Watcher implements ExecutionInterceptor {
    final Map<String, Boolean> exemptByOperation = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      exemptByOperation.merge(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
          StoreRequests.isExempt(context.request(), attributes), Boolean::logicalAnd);
    }
  }

  @Test
  void everyRequestTheStoresSendCarriesTheMarkerAndIsExempt() {
    Watcher watcher = new Watcher();
    try (DynamoDbClient client = DynamoDbClient.builder()
        .endpointOverride(EmbeddedDynamoDb.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.addExecutionInterceptor(watcher))
        .build()) {
      DynamoDbStores.createTable(client, "safeops-marked");
      DynamoDbStores stores = DynamoDbStores.create(client, "safeops-marked");
      GuardedExecutor executor = stores.applyTo(GuardedExecutor.builder())
          .policy((op, radius) -> Decision.requireApprovals(1, "deletes need a second person"))
          .approvalCallback(request -> CompletableFuture.completedFuture(List.of(Approval.of("approval-1",
              Principal.human("bob"), request.plan().digest(), Instant.now(), Instant.now().plus(Duration.ofHours(1))))))
          .build();

      Outcome<String> outcome = executor.execute(StoreRacer.operation("op-marked"),
          GuardedAction.of("prod/network", () -> StoreRacer.deletePlan("aws_instance.a"), approved -> "deleted"));
      stores.stateLedger().advance("prod/network", new StateRecord("lineage-a", 1));
      stores.stateLedger().find("prod/network");
      stores.auditLog().read("op-marked");

      assertThat(outcome.status()).isEqualTo(Outcome.Status.EXECUTED);
      assertThat(watcher.exemptByOperation).containsOnlyKeys(
          "CreateTable", "DescribeTable", "UpdateTimeToLive", "GetItem", "PutItem", "UpdateItem", "Query");
      assertThat(watcher.exemptByOperation).allSatisfy((operation, exempt) -> assertThat(exempt).as(operation).isTrue());
    }
  }

  @Test
  void aStoreRequestIsExemptOnlyWithTheCapabilityTheStoresGaveIt() {
    PutItemRequest put = SpyDynamoDbClient.capturedStorePut("safeops-registered");

    assertThat(StoreRequests.isExempt(put, new ExecutionAttributes())).isFalse();
    assertThat(StoreRequests.isExempt(put, SpyDynamoDbClient.attributesOf(put))).isTrue();
  }

  @Test
  void aCopiedCapabilityAdmitsNoOtherContentTableOrOperation() {
    PutItemRequest put = SpyDynamoDbClient.capturedStorePut("safeops-registered");
    ExecutionAttributes copied = SpyDynamoDbClient.attributesOf(put);

    PutItemRequest unUseApproval = put.toBuilder().item(Map.of("pk", AttributeValue.fromS("approval#a-1"),
        "sk", AttributeValue.fromS("used"))).conditionExpression(null).build();
    DeleteItemRequest delete = DeleteItemRequest.builder().tableName("safeops-registered")
        .key(Map.of("pk", AttributeValue.fromS("x"))).build();
    PutItemRequest otherTable = put.toBuilder().tableName("customer-orders").build();

    assertThat(StoreRequests.isExempt(unUseApproval, copied)).isFalse();
    assertThat(StoreRequests.isExempt(delete, copied)).isFalse();
    assertThat(StoreRequests.isExempt(otherTable, copied)).isFalse();
  }

  /** The only way to a store's execution attributes is through what the stores send; the old guessable marker is gone. */
  @Test
  void noPublicMarkerRemains() {
    assertThat(StoreRequests.class.getFields()).isEmpty();
    PutItemRequest put = SpyDynamoDbClient.capturedStorePut("safeops-registered");
    ExecutionAttributes forged = new ExecutionAttributes();
    SpyDynamoDbClient.attributesOf(put).getAttributes().keySet()
        .forEach(key -> forged.putAttribute(SpyDynamoDbClient.raw(key), Boolean.TRUE));
    assertThat(StoreRequests.isExempt(put, forged)).isFalse();
  }
}
