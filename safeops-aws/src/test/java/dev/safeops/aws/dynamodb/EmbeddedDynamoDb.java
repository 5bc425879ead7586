package dev.safeops.aws.dynamodb;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * One in-process DynamoDB Local for the whole test JVM (telemetry off), and a fresh table per
 * test so each contract test starts from an empty store. Stopped with shutdownNow() at JVM
 * exit: shutdown() would leave a thread that keeps the JVM alive.
 */
final class EmbeddedDynamoDb {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static AmazonDynamoDBLocal local;
  private static DynamoDbClient client;

  private EmbeddedDynamoDb() {}

  static synchronized DynamoDbClient client() {
    if (local == null) {
      local = DynamoDBEmbedded.create(true);
      client = local.dynamoDbClient();
      AmazonDynamoDBLocal started = local;
      Runtime.getRuntime().addShutdownHook(new Thread(started::shutdownNow, "dynamodb-local-stop"));
    }
    return client;
  }

  /** A new, empty store table. */
  static String newTable() {
    String name = "safeops-test-" + TABLES.incrementAndGet();
    DynamoDbStores.createTable(client(), name);
    return name;
  }

  static DynamoDbStores stores(String table, Clock clock) {
    return DynamoDbStores.builder(client(), table).clock(clock).build();
  }
}
