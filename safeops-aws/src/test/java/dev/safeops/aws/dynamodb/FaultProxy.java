package dev.safeops.aws.dynamodb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A loopback HTTP proxy in front of the test DynamoDB that turns faulty from its n-th request
 * on: the endpoint goes away, answers with throttling errors, or applies the request but answers
 * too late for the client (so the write happened and the answer was lost). Made with {@link
 * #serializing}, it injects no fault and forwards one request at a time instead.
 */
final class FaultProxy implements AutoCloseable {
  enum Fault {
    /** Nothing goes wrong. */
    NONE,
    /** From the n-th request on the endpoint is gone: the request gets no answer, then connections are refused. */
    DOWN,
    /** From the n-th request on every answer is a DynamoDB throttling error. */
    THROTTLE,
    /** From the n-th request on every request is applied, and answered after the client gave up. */
    SLOW,
    /** Only the n-th request is applied and answered too late; the rest are answered normally. */
    SLOW_ONCE
  }

  static {
    // The JDK server otherwise leaves Nagle on, and small answers wait ~40 ms for a delayed ACK.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** A hung upstream fails its request instead of holding the proxy (and, one at a time, everyone) for ever. */
  private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(30);
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI target;
  private final Fault fault;
  private final int from;
  private final Duration slowBy;
  private final AtomicInteger requests = new AtomicInteger();
  private final CountDownLatch closed = new CountDownLatch(1);
  /** Held while a request is upstream when requests go one at a time; null when they go concurrently. */
  private final ReentrantLock oneAtATime;

  FaultProxy(URI target, Fault fault, int from, Duration slowBy) throws IOException {
    this(target, fault, from, slowBy, null);
  }

  /**
   * A proxy that changes nothing but the order: it forwards the next request only once the
   * previous one was answered, first come first served, whoever sends them.
   */
  static FaultProxy serializing(URI target) throws IOException {
    return new FaultProxy(target, Fault.NONE, Integer.MAX_VALUE, Duration.ZERO, new ReentrantLock(true));
  }

  private FaultProxy(URI target, Fault fault, int from, Duration slowBy, ReentrantLock oneAtATime) throws IOException {
    this.target = target;
    this.fault = fault;
    this.from = from;
    this.slowBy = slowBy;
    this.oneAtATime = oneAtATime;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  int requests() {
    return requests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    int n = requests.incrementAndGet();
    byte[] body = exchange.getRequestBody().readAllBytes();
    boolean faulty = n >= from && (fault != Fault.SLOW_ONCE || n == from);
    try {
      if (faulty && fault == Fault.DOWN) {
        // No answer, and no endpoint for anyone after this.
        threads.execute(() -> server.stop(0));
        return;
      }
      if (faulty && fault == Fault.THROTTLE) {
        respond(exchange, 400, Map.of("Content-Type", List.of("application/x-amz-json-1.0")),
            ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
                + "\"message\":\"The level of configured provisioned throughput for the table was exceeded.\"}")
                .getBytes(StandardCharsets.UTF_8));
        return;
      }
      HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
          .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
          .timeout(UPSTREAM_TIMEOUT);
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!RESTRICTED.contains(name.toLowerCase())) {
          values.forEach(v -> forward.header(name, v));
        }
      });
      HttpResponse<byte[]> answer;
      if (oneAtATime == null) {
        answer = upstream.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      } else {
        oneAtATime.lockInterruptibly();
        try {
          answer = upstream.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        } finally {
          oneAtATime.unlock();
        }
      }
      if (faulty) {
        // Applied upstream; the answer comes after the client's deadline (or when the proxy closes).
        closed.await(slowBy.toMillis(), TimeUnit.MILLISECONDS);
      }
      respond(exchange, answer.statusCode(), answer.headers().map(), answer.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientGone) {
      // The client gave up on a slow answer; nothing to do.
    } finally {
      exchange.close();
    }
  }

  private static void respond(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body) throws IOException {
    headers.forEach((name, values) -> {
      String lower = name.toLowerCase();
      if (!lower.equals("content-length") && !lower.equals("transfer-encoding") && !lower.equals("connection") && !lower.startsWith(":")) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream o = exchange.getResponseBody()) {
      o.write(body);
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
