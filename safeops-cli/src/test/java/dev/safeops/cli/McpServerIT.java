package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code safeops mcp} as an agent's MCP client starts it: the built launcher, {@code
 * target/safeops/bin/safeops}, over stdio; real terraform with its state in S3 on moto_server;
 * the approvers' keys made by ssh-keygen and their approvals given with {@code safeops approve}.
 * Once with the SDK's own client, once with a hand-written JSON-RPC client. Skipped, saying which
 * tool is missing, when terraform, moto_server or ssh-keygen is absent.
 */
class McpServerIT {
  private static final Path LAUNCHER = Path.of("target", "safeops", "bin", "safeops").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration HANG_GUARD = Duration.ofMinutes(3);

  @TempDir static Path tmp;
  static RealStack stack;
  static Path root;
  static Path home;
  static Path alice;
  static Path bob;

  @BeforeAll
  static void start() throws Exception {
    assertThat(LAUNCHER).as("run after `package`: the launcher").isExecutable();
    root = Files.createDirectories(tmp.resolve("root"));
    home = Files.createDirectories(tmp.resolve("safeops-home"));
    Files.createDirectories(tmp.resolve("outside"));
    if (RealStack.missingTools() == null) {
      stack = RealStack.start(root);
      alice = stack.key("alice");
      bob = stack.key("bob");
      Files.writeString(home.resolve("allowed_signers"), RealStack.allowedSignersLine("alice", alice) + "\n"
          + RealStack.allowedSignersLine("bob", bob) + "\n");
    } else {
      // The protocol alone needs no tool: one approver whose key is never used.
      Files.writeString(home.resolve("allowed_signers"),
          "alice ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINK8ECQm35zJ1uzjp3t/ZsurOLyqRyKng1wBZU1vWPGx\n");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  private static List<String> serverArgs() {
    return List.of("mcp", "--root", root.toString(), "--requester", "agent:claude", "--environment", "courses-prod",
        "--tier", "production", "--home", home.toString());
  }

  private static Map<String, String> serverEnv() {
    return Map.of("CHECKPOINT_DISABLE", "1", "TF_IN_AUTOMATION", "1");
  }

  /** A workspace of three applied resources, inside the root. */
  private static Path appliedWorkspace(String name) throws Exception {
    Path ws = stack.workspace(name, 3);
    RealStack.terraform(ws, "apply", "-auto-approve", "-input=false", "-no-color");
    assertThat(RealStack.resources(ws)).isEqualTo(3);
    return ws;
  }

  /** {@code safeops approve ID --key KEY}, as a person runs it from their own terminal. */
  private static void approve(String id, Path key) throws Exception {
    Process p = new ProcessBuilder(LAUNCHER.toString(), "approve", id, "--key", key.toString(), "--home", home.toString())
        .redirectErrorStream(true).start();
    p.getOutputStream().close();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    });
    boolean done = p.waitFor(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    assertThat(done).as("safeops approve finished").isTrue();
    assertThat(p.exitValue()).as(out.join()).isZero();
  }

  private static long requestFiles() throws IOException {
    try (var files = Files.list(home.resolve("requests"))) {
      return files.count();
    }
  }

  // ---- the SDK's own client -------------------------------------------------------------------

  private static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> structured(CallToolResult r) {
    return (Map<String, Object>) r.structuredContent();
  }

  private static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
    return client.callTool(new CallToolRequest(tool, args));
  }

  @Test
  void anAgentDestroysProductionOnlyOnceTwoPeopleApproveThroughTheSdkClient() throws Exception {
    String missing = RealStack.missingTools();
    assumeTrue(missing == null, missing);
    Path ws = appliedWorkspace("courses-prod");
    ServerParameters server = ServerParameters.builder(LAUNCHER.toString()).args(serverArgs()).env(serverEnv()).build();
    StdioClientTransport transport = new StdioClientTransport(server, new JacksonMcpJsonMapper(new ObjectMapper()));
    try (McpSyncClient client = McpClient.sync(transport).requestTimeout(HANG_GUARD).initializationTimeout(HANG_GUARD).build()) {
      client.initialize();
      assertThat(client.listTools().tools()).extracting(Tool::name)
          .containsExactlyInAnyOrder("terraform_plan", "propose", "request_status", "apply_approved");

      long requestsBefore = requestFiles();
      CallToolResult plan = call(client, "terraform_plan", Map.of("dir", "courses-prod", "destroy", true));
      assertThat(plan.isError()).as(text(plan)).isFalse();
      assertThat(structured(plan)).containsEntry("approvalsRequired", 2).containsEntry("recorded", false);
      assertThat(((Map<String, Object>) structured(plan).get("counts"))).containsEntry("DELETE", 3);
      assertThat(requestFiles()).as("terraform_plan records nothing").isEqualTo(requestsBefore);

      CallToolResult outside = call(client, "terraform_plan", Map.of("dir", "../outside"));
      assertThat(outside.isError()).isTrue();
      assertThat(text(outside)).contains("outside the root");

      CallToolResult proposed = call(client, "propose", Map.of("command", List.of("terraform", "-chdir=courses-prod", "destroy"),
          "reason", "retire the courses stack"));
      assertThat(proposed.isError()).as(text(proposed)).isFalse();
      Map<String, Object> request = structured(proposed);
      String id = (String) request.get("id");
      assertThat(request).containsEntry("status", "PENDING").containsEntry("approvalsRequired", 2)
          .containsEntry("requester", "agent:claude").containsKeys("level", "findings");
      assertThat((List<?>) request.get("findings")).isNotEmpty();
      assertThat(text(proposed)).contains("safeops approve " + id + " --key");

      CallToolResult early = call(client, "apply_approved", Map.of("id", id));
      assertThat(early.isError()).isTrue();
      assertThat(text(early)).contains("PENDING").contains("0 of 2");
      assertThat(RealStack.resources(ws)).isEqualTo(3);

      approve(id, alice);
      approve(id, bob);
      CallToolResult status = call(client, "request_status", Map.of("id", id));
      assertThat(structured(status)).containsEntry("status", "APPROVED");

      CallToolResult applied = call(client, "apply_approved", Map.of("id", id));
      assertThat(applied.isError()).as(text(applied)).isFalse();
      assertThat(structured(applied)).containsEntry("status", "EXECUTED");
      assertThat(RealStack.resources(ws)).isZero();

      CallToolResult again = call(client, "apply_approved", Map.of("id", id));
      assertThat(again.isError()).isTrue();
      assertThat(text(again)).contains("EXECUTED");
      assertThat(structured(again)).containsEntry("status", "ALREADY_EXECUTED");
    }
  }

  // ---- a hand-written JSON-RPC client ---------------------------------------------------------

  /** Newline-delimited JSON-RPC on the server's stdin and stdout; reads are bounded only as a hang guard. */
  private static final class RawClient implements AutoCloseable {
    private final Process process;
    private final OutputStream in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    private int nextId = 1;

    RawClient() throws IOException {
      ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(LAUNCHER.toString())));
      pb.command().addAll(serverArgs());
      pb.environment().putAll(serverEnv());
      process = pb.start();
      in = process.getOutputStream();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            lines.add(line);
          }
        } catch (IOException e) {
          // the server ended
        }
      }, "raw-client-stdout");
      reader.setDaemon(true);
      reader.start();
      Thread errors = new Thread(() -> {
        try {
          String all = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
          synchronized (stderr) {
            stderr.append(all);
          }
        } catch (IOException e) {
          // the server ended
        }
      }, "raw-client-stderr");
      errors.setDaemon(true);
      errors.start();
    }

    void send(String line) throws IOException {
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    /** The next line from the server, which must be one JSON object. */
    JsonNode receive() throws Exception {
      String line = lines.poll(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
      assertThat(line).as("an answer within the hang guard; stderr: %s", stderr).isNotNull();
      JsonNode n = JSON.readTree(line);
      assertThat(n.isObject()).as(line).isTrue();
      assertThat(n.path("jsonrpc").asText()).as(line).isEqualTo("2.0");
      return n;
    }

    /** Sends a request and returns its response (the server sends nothing else unasked). */
    JsonNode request(String method, Object params) throws Exception {
      int id = nextId++;
      ObjectNode n = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
      if (params != null) {
        n.set("params", JSON.valueToTree(params));
      }
      send(n.toString());
      JsonNode answer = receive();
      assertThat(answer.path("id").asInt()).as(answer.toString()).isEqualTo(id);
      return answer;
    }

    JsonNode callTool(String name, Map<String, Object> arguments) throws Exception {
      JsonNode answer = request("tools/call", Map.of("name", name, "arguments", arguments));
      assertThat(answer.has("result")).as(answer.toString()).isTrue();
      return answer.get("result");
    }

    void initialize() throws Exception {
      JsonNode init = request("initialize", Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of(),
          "clientInfo", Map.of("name", "raw", "version", "1")));
      assertThat(init.at("/result/serverInfo/name").asText()).isEqualTo("safeops");
      send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    @Override
    public void close() throws Exception {
      in.close();
      if (!process.waitFor(HANG_GUARD.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the server did not exit when its stdin closed");
      }
      assertThat(process.exitValue()).as(stderr.toString()).isZero();
    }
  }

  @Test
  void aHandWrittenClientGetsJsonRpcErrorsForMalformedInputAndTheServerKeepsAnswering() throws Exception {
    try (RawClient client = new RawClient()) {
      client.initialize();
      JsonNode tools = client.request("tools/list", Map.of());
      List<String> names = new ArrayList<>();
      tools.at("/result/tools").forEach(t -> names.add(t.path("name").asText()));
      assertThat(names).containsExactlyInAnyOrder("terraform_plan", "propose", "request_status", "apply_approved");

      client.send("this is not json");
      JsonNode parse = client.receive();
      assertThat(parse.at("/error/code").asInt()).isEqualTo(-32700);
      assertThat(parse.get("id").isNull()).isTrue();

      assertThat(client.request("no/such/method", Map.of()).at("/error/code").asInt()).isEqualTo(-32601);
      assertThat(client.request("tools/call", List.of("propose")).at("/error/code").asInt()).isEqualTo(-32602);
      assertThat(client.request("tools/call", Map.of("arguments", Map.of())).at("/error/code").asInt()).isEqualTo(-32602);
      JsonNode wrongArgs = client.callTool("request_status", Map.of("id", 42));
      assertThat(wrongArgs.path("isError").asBoolean()).as(wrongArgs.toString()).isTrue();

      client.send("{\"jsonrpc\":\"2.0\",\"id\":\"half\",\"method\":\"ping\"");
      assertThat(client.receive().at("/error/code").asInt()).isEqualTo(-32700);
      assertThat(client.request("ping", null).has("result")).as("still answering").isTrue();
    }
  }

  @Test
  void aHandWrittenClientSeesApplyApprovedRefusedUntilTwoApprovalsAreRecorded() throws Exception {
    String missing = RealStack.missingTools();
    assumeTrue(missing == null, missing);
    Path ws = appliedWorkspace("billing-prod");
    try (RawClient client = new RawClient()) {
      client.initialize();
      JsonNode proposed = client.callTool("propose", Map.of("command", List.of("terraform", "-chdir=billing-prod", "destroy")));
      assertThat(proposed.path("isError").asBoolean()).as(proposed.toString()).isFalse();
      String id = proposed.at("/structuredContent/id").asText();
      assertThat(id).isNotBlank();
      assertThat(proposed.at("/structuredContent/status").asText()).isEqualTo("PENDING");
      assertThat(proposed.at("/content/0/text").asText()).contains("safeops approve " + id);

      JsonNode none = client.callTool("apply_approved", Map.of("id", id));
      assertThat(none.path("isError").asBoolean()).isTrue();
      assertThat(none.at("/structuredContent/status").asText()).isEqualTo("PENDING");

      approve(id, alice);
      JsonNode one = client.callTool("apply_approved", Map.of("id", id));
      assertThat(one.path("isError").asBoolean()).isTrue();
      assertThat(one.at("/content/0/text").asText()).contains("1 of 2");
      assertThat(RealStack.resources(ws)).isEqualTo(3);

      approve(id, bob);
      JsonNode two = client.callTool("apply_approved", Map.of("id", id));
      assertThat(two.path("isError").asBoolean()).as(two.toString()).isFalse();
      assertThat(two.at("/structuredContent/status").asText()).isEqualTo("EXECUTED");
      assertThat(RealStack.resources(ws)).isZero();
    }
  }
}
