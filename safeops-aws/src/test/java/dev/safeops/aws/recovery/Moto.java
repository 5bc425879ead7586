package dev.safeops.aws.recovery;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * moto_server on a free loopback port, started by the test and stopped after it; tests skip
 * (with a message saying why) where moto_server is not installed.
 */
final class Moto implements AutoCloseable {
  static final String ACCOUNT = "123456789012";
  static final Region REGION = Region.EU_WEST_1;

  private final Process process;
  private final URI endpoint;

  private Moto(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  static final String ABSENT = "moto_server is not on PATH: these recovery tests need it (pip install 'moto[server]')";

  /** Started moto, or null when moto_server is not installed; each test then skips with {@link #assumePresent}. */
  static Moto startIfInstalled() throws Exception {
    File exe = onPath("moto_server");
    if (exe == null) {
      return null;
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(exe.getPath(), "-H", "127.0.0.1", "-p", String.valueOf(port))
        .redirectErrorStream(true)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    Thread drain = new Thread(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.contains("Running on")) {
            ready.complete(true);
          }
        }
      } catch (IOException e) {
        // The process went away; the wait below reports it.
      }
      ready.complete(false);
    }, "moto-output");
    drain.setDaemon(true);
    drain.start();
    boolean up;
    try {
      up = ready.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      up = false;
    }
    if (!up) {
      p.destroyForcibly();
      throw new IllegalStateException("moto_server did not start on port " + port);
    }
    return new Moto(p, URI.create("http://127.0.0.1:" + port));
  }

  static void assumePresent(Moto moto) {
    assumeTrue(moto != null, ABSENT);
  }

  private static File onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      File f = new File(dir, name);
      if (f.canExecute()) {
        return f;
      }
    }
    return null;
  }

  URI endpoint() {
    return endpoint;
  }

  void reset() {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset")).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("moto reset answered " + r.statusCode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  RdsClient rds(ExecutionInterceptor... interceptors) {
    return rds(REGION, interceptors);
  }

  RdsClient rds(Region region, ExecutionInterceptor... interceptors) {
    return RdsClient.builder()
        .endpointOverride(endpoint).region(region).credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.executionInterceptors(List.of(interceptors)))
        .build();
  }

  DynamoDbClient dynamoDb() {
    return DynamoDbClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  S3Client s3() {
    return S3Client.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials())
        .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build();
  }

  BackupClient backup() {
    return BackupClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
