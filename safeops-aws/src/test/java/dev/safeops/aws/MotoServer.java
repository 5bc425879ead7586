package dev.safeops.aws;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * moto, an open-source AWS emulator, as a {@code moto_server} process on a loopback port the
 * server picks itself, the one way every test here starts it. Tests skip with {@link #ABSENT}
 * (a JUnit assumption) where {@code moto_server} is not on the PATH.
 *
 * <p>moto is not safe for concurrent requests (its FAQ: "Is Moto concurrency safe? No.";
 * getmoto/moto#4471): a conditional write checks and writes in two steps, so two racing
 * requests can both pass the check. Tests that race through moto go through a front that sends
 * it one request at a time (see {@code dev.safeops.aws.dynamodb.EmbeddedDynamoDb}).
 */
public final class MotoServer implements AutoCloseable {
  /** The account moto answers for. */
  public static final String ACCOUNT = "123456789012";
  public static final String ABSENT =
      "moto_server is not on the PATH (pip install 'moto[server]'): the tests that run against moto are skipped";
  private static final Pattern RUNNING_ON = Pattern.compile("Running on (http://127\\.0\\.0\\.1:\\d+)");

  private final Process process;
  private final URI endpoint;

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  public static boolean installed() {
    return executable().isPresent();
  }

  /** Skips the calling test, saying why, when {@code moto} is null (not installed). */
  public static void assumePresent(MotoServer moto) {
    assumeTrue(moto != null, ABSENT);
  }

  /** A moto of the caller's own, to {@link #close}; skips the calling test when moto is not installed. */
  public static MotoServer start() {
    MotoServer moto = startIfInstalled();
    assumePresent(moto);
    return moto;
  }

  /**
   * A moto of the caller's own, or null when moto is not installed; for {@code @BeforeAll}, so
   * that each test then skips through {@link #assumePresent} and is counted as skipped.
   *
   * @throws IllegalStateException when moto is installed but does not start listening within a minute
   */
  public static MotoServer startIfInstalled() {
    Optional<File> exe = executable();
    if (exe.isEmpty()) {
      return null;
    }
    Process p;
    try {
      // Port 0: the server binds a free port itself and announces it, so no other process can take it first.
      p = new ProcessBuilder(exe.get().getPath(), "-H", "127.0.0.1", "-p", "0").redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("moto_server did not start: " + e.getMessage(), e);
    }
    CompletableFuture<URI> address = new CompletableFuture<>();
    Thread drain = new Thread(() -> {
      // Reads the announcement, then keeps draining moto's request log so moto never blocks on a full pipe.
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          Matcher m = RUNNING_ON.matcher(line);
          if (m.find()) {
            address.complete(URI.create(m.group(1)));
          }
        }
      } catch (IOException e) {
        // The process went away; the wait below reports it.
      }
      address.completeExceptionally(new IllegalStateException("moto_server exited before it listened"));
    }, "moto-output");
    drain.setDaemon(true);
    drain.start();
    try {
      return new MotoServer(p, address.get(60, TimeUnit.SECONDS));
    } catch (Exception e) {
      p.destroyForcibly();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("moto_server did not start listening: " + e, e);
    }
  }

  private static Optional<File> executable() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      File f = new File(dir, "moto_server");
      if (f.canExecute()) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  public URI endpoint() {
    return endpoint;
  }

  /** A synchronous client of {@code builder}'s service at this moto, in {@code region}, with test credentials. */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, Region region) {
    return builder.endpointOverride(endpoint).region(region)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  /** Forgets everything moto holds, in every service and region. */
  public void reset() {
    try {
      HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
          HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset")).POST(HttpRequest.BodyPublishers.noBody())
              .timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("moto reset answered " + r.statusCode() + ": " + r.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("moto reset failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while resetting moto", e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
