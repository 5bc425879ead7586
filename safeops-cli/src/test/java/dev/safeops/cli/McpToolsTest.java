package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Principal;
import dev.safeops.core.Tier;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tools of {@code safeops mcp} in-process, without terraform: root confinement, the
 * requester that cannot be a person, the refusals to start, tool errors as one sentence, and
 * the gate that answers unreadable lines. The real server over stdio is {@code McpServerIT}.
 */
class McpToolsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  Path root;
  Path outside;
  SafeopsHome home;
  McpTools tools;
  final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("root"));
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.createDirectories(root.resolve("envs/prod"));
    Path homeDir = Files.createDirectories(tmp.resolve("home"));
    home = SafeopsHome.open(homeDir.toString(), Map.of());
    tools = tools(Principal.agent("claude"), () -> workflow());
  }

  private RequestWorkflow workflow() {
    Clock clock = Clock.systemUTC();
    return new RequestWorkflow(home, clock, clock, AwsAccess.sdkDefaults(), RootDirectory.of(root.toString()).path(),
        UnaryOperator.identity());
  }

  private McpTools tools(Principal requester, Supplier<RequestWorkflow> workflows) {
    return new McpTools(home, RootDirectory.of(root.toString()), requester, "prod", Tier.PRODUCTION, workflows,
        new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  private static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  private static void assertOneSentenceError(CallToolResult r) {
    assertThat(r.isError()).isTrue();
    assertThat(r.content()).hasSize(1);
    String t = text(r);
    assertThat(t).doesNotContain("\n").doesNotContain("\tat ").doesNotContain("Exception:").endsWith(".");
    assertThat(Character.isLowerCase(t.charAt(0))).as(t).isFalse();
    assertThat(((Map<?, ?>) r.structuredContent()).get("error")).isEqualTo(t);
  }

  // ---- the tools offered ----------------------------------------------------------------------

  @Test
  void theServerOffersFourToolsAndNoneApprovesDeniesOrRunsARawCommand() {
    assertThat(McpTools.tools()).extracting(Tool::name)
        .containsExactly("terraform_plan", "propose", "request_status", "apply_approved");
    for (Tool t : McpTools.tools()) {
      assertThat(t.inputSchema()).containsEntry("type", "object").containsEntry("additionalProperties", false);
    }
    CallToolResult raw = tools.call("propose", Map.of("command", List.of("rm", "-rf", "/")));
    assertOneSentenceError(raw);
    assertThat(text(raw)).contains("not 'rm'");
    assertOneSentenceError(tools.call("approve", Map.of("id", "abc")));
    assertOneSentenceError(tools.call("propose", Map.of("command", List.of("terraform", "plan"))));
  }

  @Test
  void noArgumentMakesTheRequesterSomeoneElse() {
    CallToolResult r = tools.call("propose", Map.of("command", List.of("terraform", "destroy"), "requester", "human:alice"));
    assertOneSentenceError(r);
    assertThat(text(r)).contains("Unknown argument 'requester'");
  }

  @Test
  void aPersonOrAServiceCannotBeTheRequester() {
    assertThatThrownBy(() -> tools(Principal.human("alice"), this::workflow)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("agent:NAME");
    assertThatThrownBy(() -> tools(Principal.service("ci"), this::workflow)).isInstanceOf(InvalidInputException.class);
  }

  // ---- root confinement -----------------------------------------------------------------------

  @Test
  void aDirectoryOutsideTheRootIsRefusedBeforeAnythingRuns() throws Exception {
    Path escape = Files.createSymbolicLink(root.resolve("escape"), outside);
    Files.createSymbolicLink(root.resolve("envs/up"), root.getParent());
    for (String dir : List.of("..", "../outside", "envs/../../outside", outside.toString(), "escape", "escape/", "envs/up",
        "/", "~/x", "$HOME")) {
      CallToolResult r = tools.call("terraform_plan", Map.of("dir", dir));
      assertOneSentenceError(r);
      assertThat(text(r)).as(dir).containsAnyOf("outside the root", "computed by a shell");
    }
    assertThat(Files.isSymbolicLink(escape)).isTrue();
    assertThat(tools.call("terraform_plan", Map.of("dir", "no/such")).isError()).isTrue();
    assertThat(text(tools.call("terraform_plan", Map.of("dir", "no/such")))).contains("does not exist");
  }

  @Test
  void proposeConfinesItsChdirAndVarFilesToTheRoot() throws Exception {
    Files.createSymbolicLink(root.resolve("escape"), outside);
    Files.writeString(outside.resolve("secrets.tfvars"), "x = 1\n");
    for (List<String> command : List.of(
        List.of("terraform", "-chdir=escape", "destroy"),
        List.of("terraform", "-chdir", "../outside", "apply"),
        List.of("terraform", "-chdir=" + outside, "destroy"),
        List.of("tofu", "-chdir=envs/../..", "destroy"),
        List.of("terraform", "-chdir=envs/prod", "apply", "-var-file=../../../outside/secrets.tfvars"),
        List.of("terraform", "apply", "-var-file", outside.resolve("secrets.tfvars").toString()),
        List.of("terraform", "apply", "-var-file=escape/secrets.tfvars"))) {
      CallToolResult r = tools.call("propose", Map.of("command", command));
      assertOneSentenceError(r);
      assertThat(text(r)).as(command.toString()).contains("outside the root");
    }
    assertThat(home.requests()).isEmptyDirectory();
  }

  @Test
  void aDirectoryInsideTheRootResolvesToItsRealPath() throws Exception {
    Files.createSymbolicLink(root.resolve("prod"), root.resolve("envs/prod"));
    RootDirectory r = RootDirectory.of(root.toString());
    Path real = root.toRealPath().resolve("envs/prod");
    assertThat(r.directory("prod")).isEqualTo(real);
    assertThat(r.directory("envs/./prod/")).isEqualTo(real);
    assertThat(r.directory(real.toString())).isEqualTo(real);
    assertThat(r.directory(".")).isEqualTo(root.toRealPath());
    assertThat(r.contains(root.resolve("prod"))).isTrue();
    assertThat(r.contains(outside)).isFalse();
  }

  // ---- tool errors ----------------------------------------------------------------------------

  @Test
  void anUnknownRequestIsAToolErrorOfOneSentence() {
    CallToolResult status = tools.call("request_status", Map.of("id", "abc123"));
    assertOneSentenceError(status);
    assertThat(text(status)).contains("There is no approval request abc123");
    assertOneSentenceError(tools.call("apply_approved", Map.of("id", "abc123")));
    assertOneSentenceError(tools.call("apply_approved", Map.of("id", "../../etc/passwd")));
    assertOneSentenceError(tools.call("apply_approved", Map.of("id", 7)));
    assertOneSentenceError(tools.call("terraform_plan", Map.of("dir", ".", "destroy", "yes")));
    assertOneSentenceError(tools.call("propose", Map.of("command", List.of())));
    assertOneSentenceError(tools.call("propose", Map.of("command", "terraform destroy")));
  }

  @Test
  void anExceptionInsideAToolIsOneSentenceAndItsClassGoesToTheLogNotTheClient() {
    McpTools failing = tools(Principal.agent("claude"), () -> {
      throw new IllegalStateException("the disk\nis gone");
    });
    CallToolResult r = failing.call("request_status", Map.of("id", "abc123"));
    assertOneSentenceError(r);
    assertThat(text(r)).contains("request_status tool failed unexpectedly").contains("the disk is gone");
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("java.lang.IllegalStateException").hasLineCount(1);
  }

  // ---- starting -------------------------------------------------------------------------------

  private record Run(int exit, String out, String err) {}

  private Run mcp(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = new String[args.length + 1];
    all[0] = "mcp";
    System.arraycopy(args, 0, all, 1, args.length);
    int exit = Main.run(all, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private void assertRefusedToStart(Run run, String why) {
    assertThat(run.exit()).as(run.err()).isEqualTo(Main.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("safeops mcp: ").contains(why).hasLineCount(1);
  }

  @Test
  void itRefusesToStartWithoutAllowedSigners() throws Exception {
    assertRefusedToStart(mcp("", "--root", root.toString(), "--requester", "agent:claude", "--home", home.dir().toString()),
        "there is no allowed_signers");
    SafeopsHome.ownerOnlyFile(home.allowedSigners());
    assertRefusedToStart(mcp("", "--root", root.toString(), "--requester", "agent:claude", "--home", home.dir().toString()),
        "lists no key");
  }

  @Test
  void itRefusesToStartForAPersonOrAMissingRoot() throws Exception {
    approvers();
    String h = home.dir().toString();
    assertRefusedToStart(mcp("", "--root", root.toString(), "--requester", "human:alice", "--home", h), "must be an agent");
    assertRefusedToStart(mcp("", "--root", root.toString(), "--requester", "service:ci", "--home", h), "must be an agent");
    assertRefusedToStart(mcp("", "--root", tmp.resolve("nope").toString(), "--requester", "agent:claude", "--home", h),
        "is not a directory");
    Files.writeString(tmp.resolve("file"), "x");
    assertRefusedToStart(mcp("", "--root", tmp.resolve("file").toString(), "--requester", "agent:claude", "--home", h),
        "is not a directory");
    assertRefusedToStart(mcp("", "--requester", "agent:claude", "--home", h), "--root");
    assertRefusedToStart(mcp("", "--root", root.toString(), "--home", h), "--requester");
  }

  private void approvers() throws Exception {
    Files.writeString(home.allowedSigners(), "alice ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINK8ECQm35zJ1uzjp3t/ZsurOLyqRyKng1wBZU1vWPGx\n");
  }

  @Test
  void stdoutCarriesOnlyTheProtocolAndBadLinesGetJsonRpcErrors() throws Exception {
    approvers();
    String in = String.join("\n",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
        "not json",
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"id\":3,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"1.0\",\"id\":4,\"method\":\"ping\"}",
        "[{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}]",
        "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"arguments\":{}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"request_status\",\"arguments\":[1]}}",
        "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"no/such\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"request_status\",\"arguments\":{\"id\":\"abc\"}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"ping\"}") + "\n";
    Run run = mcp(in, "--root", root.toString(), "--requester", "agent:claude", "--home", home.dir().toString());
    assertThat(run.exit()).as(run.err()).isZero();
    Map<String, JsonNode> byId = new java.util.HashMap<>();
    List<JsonNode> nullIds = new java.util.ArrayList<>();
    for (String line : run.out().split("\n")) {
      JsonNode n = JSON.readTree(line);
      assertThat(n.path("jsonrpc").asText()).as(line).isEqualTo("2.0");
      if (n.get("id").isNull()) {
        nullIds.add(n);
      } else {
        byId.put(n.get("id").asText(), n);
      }
    }
    assertThat(nullIds).extracting(n -> n.at("/error/code").asInt()).containsExactlyInAnyOrder(-32700, -32700, -32600);
    assertThat(byId.get("4").at("/error/code").asInt()).isEqualTo(-32600);
    assertThat(byId.get("6").at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(byId.get("7").at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(byId.get("8").at("/error/code").asInt()).isEqualTo(-32601);
    assertThat(byId.get("9").at("/result/isError").asBoolean()).isTrue();
    assertThat(byId.get("9").at("/result/content/0/text").asText()).contains("There is no approval request abc");
    assertThat(byId.get("10").get("result")).as("the server still answers after the bad lines").isNotNull();
    assertThat(byId.get("1").at("/result/serverInfo/name").asText()).isEqualTo("safeops");
  }

  @Test
  void theGateRefusesAnOverlongLineAndPassesTheNextOne() throws Exception {
    McpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
    ByteArrayOutputStream client = new ByteArrayOutputStream();
    ByteArrayOutputStream server = new ByteArrayOutputStream();
    McpStdio.Answers answers = new McpStdio.Answers(new PrintStream(client, true, StandardCharsets.UTF_8));
    String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    byte[] in = ("{\"x\":\"" + "a".repeat(McpStdio.MAX_LINE) + "\"}\n" + ping + "\n\n  \n").getBytes(StandardCharsets.UTF_8);
    McpStdio.gate(new ByteArrayInputStream(in), server, mapper, answers);
    assertThat(client.toString(StandardCharsets.UTF_8)).contains("-32600").contains("longer than").hasLineCount(1);
    assertThat(server.toString(StandardCharsets.UTF_8)).isEqualTo(ping + "\n");
  }
}
