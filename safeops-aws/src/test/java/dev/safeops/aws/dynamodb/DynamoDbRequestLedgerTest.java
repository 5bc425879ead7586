package dev.safeops.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.RequestLedger;
import dev.safeops.core.StoreException;
import dev.safeops.core.contract.RequestLedgerContract;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
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

  /** Another JVM opens the same table on the same test DynamoDB, through its loopback endpoint. */
  @Override
  protected Optional<ProcessStore> storeForAnotherProcess() {
    return Optional.of(new ProcessStore(Opener.class, List.of(EmbeddedDynamoDb.endpoint().toString(), table)));
  }

  /** Opens the same table through the same endpoint in another JVM. */
  public static final class Opener implements StoreOpener {
    @Override
    public RequestLedger open(List<String> arguments) {
      return DynamoDbStores.create(EmbeddedDynamoDb.client(URI.create(arguments.get(0))), arguments.get(1)).requestLedger();
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
