package dev.safeops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The stdio side of {@code safeops mcp}: the MCP Java SDK's sync server on its stdio transport,
 * behind a gate that reads every line from the client first.
 *
 * <p>The SDK's stdio transport stops the session on a line it cannot read as a JSON-RPC message,
 * so the gate answers such lines itself with a JSON-RPC error (-32700 not JSON, -32600 not a
 * JSON-RPC 2.0 message or too long, -32602 a {@code tools/call} without a name or with
 * arguments that are not an object) and passes only readable messages on; the server keeps
 * answering. Errors the SDK answers itself (an unknown method, -32601) reach the client from
 * it. Both write whole lines under the lock of {@link Answers}, which the SDK takes around each
 * of its messages, so lines never interleave.
 *
 * <p>{@link #serve} returns when the client closes stdin, after every tool call in flight has
 * answered (an apply is never cut off by the client going away).
 */
final class McpStdio {
  /** The longest line read; a longer one is refused and skipped, so a client cannot exhaust memory. */
  static final int MAX_LINE = 4 << 20;

  /**
   * At the end of input, how long answers still owed are waited for while no tool call runs: a
   * request without a tool call is answered in milliseconds, and a server that stopped answering
   * must not keep the process alive.
   */
  static final Duration QUIET = Duration.ofSeconds(5);

  private static final ObjectMapper STRICT = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private McpStdio() {}

  /** Serves {@code tools} on {@code in}/{@code out} until {@code in} ends and every request read has been answered. */
  static void serve(McpTools tools, InputStream in, PrintStream out) throws IOException, InterruptedException {
    McpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
    PipedOutputStream toServer = new PipedOutputStream();
    PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
    Answers answers = new Answers(out);
    McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(mapper, serverIn, answers))
        .serverInfo("safeops", Main.Version.version())
        .instructions("Change infrastructure only through these tools. terraform_plan shows a change's blast radius; propose "
            + "records an approval request; people approve it with their own keys (no tool can); apply_approved applies an "
            + "approved request once.")
        .capabilities(ServerCapabilities.builder().tools(false).build())
        .jsonMapper(mapper)
        .jsonSchemaValidator(new DefaultJsonSchemaValidator())
        .validateToolInputs(true)
        .tools(tools.specifications())
        .build();
    try {
      gate(in, toServer, mapper, answers);
      // The SDK ends its session when its input ends: close that only once every request has its answer.
      answers.awaitAll(QUIET, tools::busy);
    } finally {
      toServer.close();
      tools.awaitCallsInFlight();
      server.closeGracefully();
    }
  }

  /** Reads lines from {@code in} until it ends: answers the unreadable ones, passes the rest to {@code server}. */
  static void gate(InputStream in, OutputStream server, McpJsonMapper mapper, Answers answers) throws IOException {
    BufferedInputStream lines = new BufferedInputStream(in, 1 << 16);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    boolean tooLong = false;
    int b;
    while (true) {
      b = lines.read();
      if (b == '\n' || b == -1) {
        if (tooLong) {
          answers.reply(error(null, -32600, "Invalid Request: a message longer than " + MAX_LINE + " bytes"));
        } else if (!blank(line.toByteArray())) {
          Optional<ObjectNode> error = check(line.toByteArray(), mapper);
          if (error.isPresent()) {
            answers.reply(error.get());
          } else {
            answers.expect(line.toByteArray());
            line.write('\n');
            line.writeTo(server);
            server.flush();
          }
        }
        if (b == -1) {
          return;
        }
        line.reset();
        tooLong = false;
      } else if (!tooLong) {
        if (line.size() >= MAX_LINE) {
          tooLong = true;
          line.reset();
        } else {
          line.write(b);
        }
      }
    }
  }

  private static boolean blank(byte[] bytes) {
    for (byte x : bytes) {
      if (x != ' ' && x != '\t' && x != '\r') {
        return false;
      }
    }
    return true;
  }

  /** The error to answer for {@code bytes}, or empty when it is a JSON-RPC message the server can take. */
  static Optional<ObjectNode> check(byte[] bytes, McpJsonMapper mapper) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return Optional.of(error(null, -32700, "Parse error: the message is not UTF-8"));
    }
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    JsonNode n;
    try {
      n = STRICT.readTree(text);
    } catch (JsonProcessingException e) {
      return Optional.of(error(null, -32700, "Parse error: the message is not JSON"));
    }
    if (n == null || !n.isObject()) {
      return Optional.of(error(null, -32600, "Invalid Request: a message is one JSON object (batches are not supported)"));
    }
    JsonNode id = n.get("id");
    JsonNode validId = id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null;
    if (id != null && validId == null) {
      return Optional.of(error(null, -32600, "Invalid Request: the id must be a string or an integer"));
    }
    if (!"2.0".equals(n.path("jsonrpc").asText(null)) || !n.path("jsonrpc").isTextual()) {
      return Optional.of(error(validId, -32600, "Invalid Request: jsonrpc must be \"2.0\""));
    }
    JsonNode method = n.get("method");
    if (method != null && !method.isTextual()) {
      return Optional.of(error(validId, -32600, "Invalid Request: method must be a string"));
    }
    JsonNode params = n.get("params");
    if (method != null && params != null && !params.isObject() && !params.isNull()) {
      return Optional.of(error(validId, -32602, "Invalid params: params must be an object"));
    }
    if (method != null && method.asText().equals(McpSchema.METHOD_TOOLS_CALL) && validId != null) {
      if (params == null || !params.path("name").isTextual()) {
        return Optional.of(error(validId, -32602, "Invalid params: tools/call needs the tool's name"));
      }
      JsonNode arguments = params.get("arguments");
      if (arguments != null && !arguments.isObject() && !arguments.isNull()) {
        return Optional.of(error(validId, -32602, "Invalid params: the tool's arguments must be an object"));
      }
    }
    try {
      McpSchema.deserializeJsonRpcMessage(mapper, text);
    } catch (IOException | RuntimeException e) {
      return Optional.of(error(validId, -32600, "Invalid Request: not a JSON-RPC request, notification or response"));
    }
    return Optional.empty();
  }

  private static ObjectNode error(JsonNode id, int code, String message) {
    ObjectNode n = STRICT.createObjectNode();
    n.put("jsonrpc", "2.0");
    if (id == null) {
      n.putNull("id");
    } else {
      n.set("id", id);
    }
    n.putObject("error").put("code", code).put("message", message);
    return n;
  }


  /**
   * The server's output stream: passes every byte to the client's stdout, and notes the ids of
   * the responses that go by, so the end of input can wait for the answers still owed.
   */
  static final class Answers extends OutputStream {
    private final PrintStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Set<String> owed = new HashSet<>();

    Answers(PrintStream out) {
      this.out = out;
    }

    /** Notes a request (a message with an id and a method) passed to the server. */
    void expect(byte[] message) {
      try {
        JsonNode n = STRICT.readTree(message);
        if (n.hasNonNull("id") && n.has("method")) {
          synchronized (owed) {
            owed.add(n.get("id").toString());
          }
        }
      } catch (IOException e) {
        // Checked by the gate already; a message that cannot be read here owes no answer.
      }
    }

    /** Writes one message of the gate's own, a whole line under the lock the SDK takes for each of its messages. */
    void reply(ObjectNode message) {
      byte[] bytes = (message.toString() + "\n").getBytes(StandardCharsets.UTF_8);
      synchronized (this) {
        out.write(bytes, 0, bytes.length);
        out.flush();
      }
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      out.write(b, off, len);
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          answered(line.toByteArray());
          line.reset();
        } else {
          line.write(b[i]);
        }
      }
    }

    @Override
    public void flush() {
      out.flush();
    }

    private void answered(byte[] message) {
      try {
        JsonNode n = STRICT.readTree(message);
        if (n != null && n.has("id") && !n.has("method")) {
          synchronized (owed) {
            owed.remove(n.get("id").toString());
            owed.notifyAll();
          }
        }
      } catch (IOException e) {
        // Not ours to judge: the SDK wrote it.
      }
    }

    /**
     * Waits until every request noted has been answered, as long as {@code busy} (a tool call
     * runs) or an answer came within the last {@code quiet}.
     */
    void awaitAll(Duration quiet, BooleanSupplier busy) throws InterruptedException {
      synchronized (owed) {
        while (!owed.isEmpty()) {
          int before = owed.size();
          owed.wait(quiet.toMillis());
          if (owed.size() == before && !busy.getAsBoolean()) {
            return;
          }
        }
      }
    }
  }
}
