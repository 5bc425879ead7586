package dev.safeops.aws.dynamodb;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.safeops.aws.MotoServer;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB every store test runs against: moto ({@code moto_server}, open source), one
 * process for the whole test JVM, started on first use on a loopback port and stopped at JVM
 * exit, and a fresh table per test so each contract test starts from an empty store. A test
 * that needs it skips (JUnit assumption, {@link MotoServer#ABSENT}) when moto_server is not on
 * the PATH. Other processes of a test (see {@link StoreRacer}) reach the same server at
 * {@link #endpoint()}.
 *
 * <p>Everything reaches moto through {@link FaultProxy#serializing}, one request at a time:
 * moto is not safe for concurrent requests (getmoto/moto#4471, its FAQ), and evaluates a
 * conditional write's check and its write in two steps, so two racing writers could both pass
 * a check that DynamoDB lets exactly one pass. The contracts' races and the three-process race
 * test the stores, not that defect.
 */
final class EmbeddedDynamoDb {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static URI endpoint;
  private static Exception failedToStart;
  private static DynamoDbClient client;

  private EmbeddedDynamoDb() {}

  /**
   * Where the shared server answers; starts it on first use. Skips the calling test when
   * moto_server is absent; when it is there but does not start, every later call fails at once
   * with the first reason rather than waiting for it again.
   */
  static synchronized URI endpoint() {
    assumeTrue(MotoServer.installed(), MotoServer.ABSENT);
    if (failedToStart != null) {
      throw new IllegalStateException("moto did not start for this test JVM: " + failedToStart.getMessage(), failedToStart);
    }
    if (endpoint == null) {
      MotoServer moto = null;
      try {
        moto = MotoServer.start();
        FaultProxy front = FaultProxy.serializing(moto.endpoint());
        MotoServer started = moto;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          front.close();
          started.close();
        }, "moto-stop"));
        endpoint = front.endpoint();
      } catch (IOException | RuntimeException e) {
        if (moto != null) {
          moto.close();
        }
        failedToStart = e;
        throw new IllegalStateException("moto did not start for this test JVM: " + e.getMessage(), e);
      }
    }
    return endpoint;
  }

  /** A client of the shared server. */
  static synchronized DynamoDbClient client() {
    if (client == null) {
      client = client(endpoint());
    }
    return client;
  }

  /**
   * A client of {@code endpoint} without the SDK's own retries, so the stores' retry is the only
   * one and fault tests stay fast; the socket timeouts stop a client stuck on a dead endpoint.
   */
  static DynamoDbClient client(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(5)).build())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
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
