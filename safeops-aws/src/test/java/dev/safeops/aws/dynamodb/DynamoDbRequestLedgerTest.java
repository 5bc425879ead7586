package dev.safeops.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.RequestLedger;
import dev.safeops.core.StoreException;
import dev.safeops.core.contract.RequestLedgerContract;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbRequestLedgerTest extends RequestLedgerContract {
  private String table;

  @Override
  protected RequestLedger newRequestLedger() {
    table = EmbeddedDynamoDb.newTable();
    return EmbeddedDynamoDb.stores(table, Clock.systemUTC()).requestLedger();
  }

  @Override
  protected RequestLedger anotherView(RequestLedger ledger) {
    return EmbeddedDynamoDb.stores(table, Clock.systemUTC()).requestLedger();
  }

  /**
   * Another JVM reaches the emulator through the endpoint the test client talks to; an emulator
   * inside this JVM has none, and then the two-process test is skipped.
   */
  @Override
  protected Optional<ProcessStore> storeForAnotherProcess() {
    Optional<URI> endpoint;
    try {
      endpoint = EmbeddedDynamoDb.client().serviceClientConfiguration().endpointOverride();
    } catch (UnsupportedOperationException inProcess) {
      endpoint = Optional.empty();
    }
    return endpoint.map(e -> new ProcessStore(Opener.class, List.of(e.toString(), table)));
  }

  /** Opens the same table through the same endpoint in another JVM. */
  public static final class Opener implements StoreOpener {
    @Override
    public RequestLedger open(List<String> arguments) {
      DynamoDbClient client = DynamoDbClient.builder()
          .endpointOverride(URI.create(arguments.get(0)))
          .region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
          .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(5)).build())
          .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
          .build();
      return DynamoDbStores.create(client, arguments.get(1)).requestLedger();
    }
  }

  @Test
  void anItemWrittenByHandFailsClosedNamingIt() {
    RequestLedger ledger = newRequestLedger();
    EmbeddedDynamoDb.client().putItem(b -> b.tableName(table).item(Map.of(
        "pk", AttributeValue.fromS("requests"), "sk", AttributeValue.fromS("request#r1"),
        "version", AttributeValue.fromN("1"), "body", AttributeValue.fromS("{\"format\": \"safeops.request/1\"}"))));

    assertThatThrownBy(() -> ledger.find("r1")).isInstanceOf(StoreException.class)
        .hasMessageContaining("request#r1").hasMessageContaining("unreadable").hasMessageContaining("fails closed");
    assertThatThrownBy(ledger::list).isInstanceOf(StoreException.class);
  }
}
