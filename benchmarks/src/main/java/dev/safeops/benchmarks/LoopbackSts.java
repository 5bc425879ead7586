package dev.safeops.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A loopback HTTP endpoint that answers every request with a small STS {@code
 * GetCallerIdentity} response, so a real SDK client can make a real read call without a
 * network or credentials. Serves on the server's dispatcher thread: meant for one caller.
 */
final class LoopbackSts implements AutoCloseable {
  private static final byte[] BODY = ("""
      <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
        <GetCallerIdentityResult>
          <Arn>arn:aws:iam::123456789012:user/bench</Arn>
          <UserId>AIDAJQABLZS4A3QDU576Q</UserId>
          <Account>123456789012</Account>
        </GetCallerIdentityResult>
        <ResponseMetadata>
          <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
        </ResponseMetadata>
      </GetCallerIdentityResponse>
      """).getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;

  private LoopbackSts(HttpServer server) {
    this.server = server;
  }

  static LoopbackSts start() throws IOException {
    // Headers and body go out in two writes; without TCP_NODELAY, Nagle and delayed ACKs
    // add about 40 ms to every call and the benchmark would measure TCP, not the SDK.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext("/", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
      }
      exchange.getResponseHeaders().add("Content-Type", "text/xml");
      exchange.getResponseHeaders().add("x-amzn-RequestId", "01234567-89ab-cdef-0123-456789abcdef");
      exchange.sendResponseHeaders(200, BODY.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(BODY);
      }
    });
    server.start();
    return new LoopbackSts(server);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
