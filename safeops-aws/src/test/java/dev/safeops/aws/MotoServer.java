package dev.safeops.aws;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * moto, an independent AWS emulator, on a free loopback port: one process per test class,
 * reset between tests. Skips (assumption) when {@code moto_server} is not on the PATH.
 */
final class MotoServer implements AutoCloseable {
  static final String ABSENT = "moto_server is not on the PATH: the moto scenarios are skipped";
  private final Process process;
  private final URI endpoint;

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  static boolean available() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (new File(dir, "moto_server").canExecute()) {
        return true;
      }
    }
    return false;
  }

  static MotoServer start() throws Exception {
    assumeTrue(available(), ABSENT);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
        .redirectErrorStream(true).start();
    // Werkzeug announces the address once it listens; reading that line is the wait.
    CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
      try {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
          if (line.contains("Running on")) {
            Thread drain = new Thread(() -> {
              try {
                while (r.readLine() != null) {
                  // discard moto's request log
                }
              } catch (IOException ignored) {
                // process ended
              }
            }, "moto-log-drain");
            drain.setDaemon(true);
            drain.start();
            return true;
          }
        }
        return false;
      } catch (IOException e) {
        return false;
      }
    });
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
    MotoServer m = new MotoServer(p, URI.create("http://127.0.0.1:" + port));
    m.reset();
    return m;
  }

  URI endpoint() {
    return endpoint;
  }

  void reset() throws Exception {
    HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
        HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset")).POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("moto reset answered " + r.statusCode());
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
