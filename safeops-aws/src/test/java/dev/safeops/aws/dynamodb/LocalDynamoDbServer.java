package dev.safeops.aws.dynamodb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/** DynamoDB Local as an HTTP server on a free loopback port, in this JVM, in memory, telemetry off. */
final class LocalDynamoDbServer implements AutoCloseable {
  private final DynamoDBProxyServer server;
  private final int port;

  private LocalDynamoDbServer(DynamoDBProxyServer server, int port) {
    this.server = server;
    this.port = port;
  }

  static LocalDynamoDbServer start() throws Exception {
    int port = freePort();
    DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
        new String[] {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)});
    server.start();
    return new LocalDynamoDbServer(server, port);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A client of {@code endpoint} without the SDK's own retries, so the stores' retry is the only
   * one and fault tests stay fast; the socket timeouts stop a client stuck on a dead endpoint.
   */
  static DynamoDbClient client(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(5)).build())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not stop: " + e.getMessage(), e);
    }
  }
}
