package dev.safeops.aws.testing.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The loopback HTTP server behind the public fake: finds the service from the SigV4 credential
 * scope, lets that service's handler name the operation and answer it, and records every
 * request. Requests are answered one at a time against the world (its monitor is held), so
 * concurrent clients see a consistent account.
 */
public final class FakeEndpoint implements AutoCloseable {
  private static final Pattern SCOPE =
      Pattern.compile("Credential=[^/,\\s]+/\\d{8}/([^/]+)/([^/]+)/aws4_request");

  /** One request as received and answered. */
  public record Exchange(
      String service,
      String operation,
      Map<String, String> parameters,
      boolean mutated,
      int status,
      String errorCode,
      String requestId) {}

  private final World world;
  private final Map<String, ServiceHandler> handlers = new LinkedHashMap<>();
  private final List<Exchange> exchanges = new ArrayList<>();
  private HttpServer server;
  private ExecutorService executor;

  public FakeEndpoint(World world) {
    this.world = world;
    for (ServiceHandler h : List.of(new StsHandler(), new RdsHandler(), new Ec2Handler(),
        new ElbHandler(), new S3Handler(), new DynamoDbHandler(), new EcsHandler(),
        new BackupHandler(), new CloudWatchHandler())) {
      handlers.put(h.signingName(), h);
    }
  }

  public synchronized URI start() {
    if (server != null) {
      return endpoint();
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not bind the fake AWS endpoint on loopback", e);
    }
    AtomicInteger n = new AtomicInteger();
    executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "fake-aws-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
    return endpoint();
  }

  public synchronized URI endpoint() {
    if (server == null) {
      throw new IllegalStateException("the fake AWS endpoint is not started: call start() first");
    }
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public synchronized boolean started() {
    return server != null;
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
      executor = null;
    }
  }

  public List<Exchange> exchanges() {
    synchronized (exchanges) {
      return List.copyOf(exchanges);
    }
  }

  public void clearExchanges() {
    synchronized (exchanges) {
      exchanges.clear();
    }
  }

  private void serve(HttpExchange http) {
    try (http) {
      WireRequest request = read(http);
      WireResponse response = answer(request);
      for (Map.Entry<String, String> h : response.headers().entrySet()) {
        http.getResponseHeaders().set(h.getKey(), h.getValue());
      }
      boolean noBody = response.body().length == 0 || "HEAD".equals(request.method());
      http.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
      if (!noBody) {
        try (OutputStream out = http.getResponseBody()) {
          out.write(response.body());
        }
      }
    } catch (IOException e) {
      // The client went away; there is nobody left to answer.
    }
  }

  private WireResponse answer(WireRequest request) {
    String requestId = UUID.randomUUID().toString();
    Call call = new Call(request, world, requestId);
    ServiceHandler handler = request.service() == null ? null : handlers.get(request.service());
    WireResponse response;
    String errorCode = null;
    if (handler == null) {
      errorCode = "UnsupportedOperation";
      response = unknownService(call);
    } else {
      try {
        handler.identify(call);
        synchronized (world) {
          if (world.isDenied(handler.signingName(), call.operation)) {
            throw handler.accessDenied(call);
          }
          response = handler.handle(call);
        }
      } catch (AwsError e) {
        call.mutated = false;
        errorCode = e.code();
        response = handler.error(call, e);
      } catch (RuntimeException e) {
        call.mutated = false;
        errorCode = "InternalFailure";
        response = handler.error(call, new AwsError(500, "InternalFailure",
            "The fake AWS endpoint failed on " + call.operation + ": " + e));
      }
    }
    Map<String, String> headers = new LinkedHashMap<>(response.headers());
    headers.putIfAbsent("x-amzn-RequestId", requestId);
    response = new WireResponse(response.status(), headers, response.body());
    synchronized (exchanges) {
      exchanges.add(new Exchange(request.service() == null ? "(unsigned)" : request.service(),
          call.operation, Map.copyOf(call.params), call.mutated, response.status(), errorCode,
          requestId));
    }
    return response;
  }

  private static WireResponse unknownService(Call call) {
    String service = call.request.service() == null ? "(unsigned)" : call.request.service();
    String message = "The fake AWS endpoint does not speak the service '" + service
        + "' (" + call.request.method() + " " + call.request.rawPath() + ").";
    String body = new Xml("ErrorResponse", null).start("Error").el("Type", "Sender")
        .el("Code", "UnsupportedOperation").el("Message", message).end()
        .el("RequestId", call.requestId).finish();
    return WireResponse.of(400, "text/xml", body)
        .with("x-amzn-ErrorType", "UnsupportedOperation");
  }

  private static WireRequest read(HttpExchange http) throws IOException {
    byte[] body;
    try (InputStream in = http.getRequestBody()) {
      body = in.readAllBytes();
    }
    URI uri = http.getRequestURI();
    Map<String, String> query = WireRequest.parseForm(uri.getRawQuery());
    Map<String, List<String>> headers = new LinkedHashMap<>();
    http.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
    String service = null;
    String auth = http.getRequestHeaders().getFirst("Authorization");
    String credential = auth != null ? auth : query.containsKey("X-Amz-Credential")
        ? "Credential=" + query.get("X-Amz-Credential") : null;
    if (credential != null) {
      Matcher m = SCOPE.matcher(credential);
      if (m.find()) {
        service = m.group(2);
      }
    }
    return new WireRequest(http.getRequestMethod(), uri.getRawPath(), query, headers, body, service);
  }
}
