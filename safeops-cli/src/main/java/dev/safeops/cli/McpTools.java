package dev.safeops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Principal;
import dev.safeops.core.RequestRecord;
import dev.safeops.core.RequestRefusedException;
import dev.safeops.core.RequestStatus;
import dev.safeops.core.Rerun;
import dev.safeops.core.SafeOpsException;
import dev.safeops.core.Tier;
import dev.safeops.terraform.command.TerraformApplyCommand;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Phaser;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The tools of {@code safeops mcp}: {@code terraform_plan}, {@code propose}, {@code
 * request_status} and {@code apply_approved}, each answering with a short text an LLM can act on
 * and the same facts as structured content. None approves, denies, or runs a command as given:
 * {@code propose} is {@link RequestWorkflow#propose} and {@code apply_approved} is {@link
 * RequestWorkflow#apply}, the paths of {@code safeops propose} and {@code safeops apply}.
 *
 * <p>The requester is the agent the server was started for; no argument can change it. Every
 * directory a tool names (and every {@code -var-file}) must resolve, symlinks followed, inside the
 * {@link RootDirectory}; terraform runs in that resolved directory.
 *
 * <p>{@link #call} never throws: bad arguments, a refusal or an exception become a tool error
 * ({@code isError}) whose text is one sentence. Thread-safe: each call uses its own workflow.
 */
final class McpTools {
  static final String TERRAFORM_PLAN = "terraform_plan";
  static final String PROPOSE = "propose";
  static final String REQUEST_STATUS = "request_status";
  static final String APPLY_APPROVED = "apply_approved";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final int OUTPUT_KEPT = 16_000;

  private final SafeopsHome home;
  private final RootDirectory root;
  private final Principal requester;
  private final String environment;
  private final Tier tier;
  private final Supplier<RequestWorkflow> workflows;
  private final PrintStream log;
  // The calls in flight: the server waits for them before it exits, so an apply is never cut off.
  private final Phaser inFlight = new Phaser(1);

  /**
   * @param workflows a new workflow over {@code home} for each call, whose working directory is the root
   * @param log where unexpected failures are logged, one line each (never stdout: it carries the protocol)
   * @throws InvalidInputException when {@code requester} is not an agent
   */
  McpTools(SafeopsHome home, RootDirectory root, Principal requester, String environment, Tier tier,
      Supplier<RequestWorkflow> workflows, PrintStream log) {
    this.home = Objects.requireNonNull(home, "home");
    this.root = Objects.requireNonNull(root, "root");
    this.requester = Objects.requireNonNull(requester, "requester");
    this.environment = Objects.requireNonNull(environment, "environment");
    this.tier = Objects.requireNonNull(tier, "tier");
    this.workflows = Objects.requireNonNull(workflows, "workflows");
    this.log = Objects.requireNonNull(log, "log");
    if (requester.kind() != Principal.Kind.AGENT) {
      throw new InvalidInputException("The MCP server speaks for an agent, so --requester must be agent:NAME, not " + requester
          + "; a person proposes with safeops propose and their own key.");
    }
  }

  /** The four tools with their input schemas, for the server. */
  List<SyncToolSpecification> specifications() {
    List<SyncToolSpecification> specs = new ArrayList<>();
    for (Tool tool : tools()) {
      specs.add(SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> call(tool.name(), request.arguments())).build());
    }
    return specs;
  }

  static List<Tool> tools() {
    return List.of(
        tool(TERRAFORM_PLAN, "Plan a terraform change and show its blast radius",
            "Makes a fresh terraform plan of an apply (or, with destroy, a destroy) of the directory dir and judges it with "
                + "safeops' rules and policy: what would be deleted, replaced, changed or created, the findings, and how many "
                + "people would have to approve it. Read only: nothing is applied and no request is recorded.",
            schema(Map.of(
                "dir", Map.of("type", "string", "description", "the terraform directory, relative to the server's root (or absolute, inside it)"),
                "destroy", Map.of("type", "boolean", "description", "plan a destroy instead of an apply; default false")),
                List.of("dir")), true),
        tool(PROPOSE, "Propose an infrastructure change for people to approve",
            "The only way to change infrastructure here: plans the command exactly as `safeops propose -- COMMAND` does "
                + "(terraform [-chdir=DIR] apply|destroy [-target=... -var=...], or a supported aws CLI call), judges it and "
                + "records an approval request. Nothing is applied. Returns the request id, its status (PENDING, APPROVED when "
                + "the policy needs no approval, DENIED by the policy), the blast radius and what to tell the person.",
            schema(Map.of(
                "command", Map.of("type", "array", "minItems", 1, "items", Map.of("type", "string"),
                    "description", "the command as argv, e.g. [\"terraform\", \"-chdir=envs/prod\", \"destroy\"]"),
                "reason", Map.of("type", "string", "description", "why the change is needed, shown to the approvers")),
                List.of("command")), false),
        tool(REQUEST_STATUS, "The status of an approval request",
            "The status of request id (PENDING, APPROVED, EXECUTED, DENIED, EXPIRED, STALE), its approvals so far, its blast "
                + "radius and what to do next.",
            schema(Map.of("id", idSchema()), List.of("id")), true),
        tool(APPLY_APPROVED, "Apply an approved request, once",
            "Applies request id only if people have APPROVED it, through the same guarded path as `safeops apply`: the plan "
                + "is made again and must match what was approved, then exactly the approved plan is applied, once. Any other "
                + "status is refused with the reason.",
            schema(Map.of("id", idSchema()), List.of("id")), false));
  }

  private static Map<String, Object> idSchema() {
    return Map.of("type", "string", "pattern", "^" + ID.pattern() + "$", "description", "the request's id, as propose returned it");
  }

  private static Map<String, Object> schema(Map<String, Object> properties, List<String> required) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    s.put("properties", properties);
    s.put("required", required);
    s.put("additionalProperties", false);
    return s;
  }

  private static Tool tool(String name, String title, String description, Map<String, Object> schema, boolean readOnly) {
    return Tool.builder().name(name).title(title).description(description).inputSchema(schema)
        // Terraform and AWS talk to the outside world; a plan changes nothing, an apply may destroy.
        .annotations(new ToolAnnotations(title, readOnly, !readOnly, readOnly, true, null))
        .build();
  }

  /** Answers one tool call; never throws. */
  CallToolResult call(String name, Map<String, Object> arguments) {
    inFlight.register();
    try {
      Map<String, Object> args = arguments == null ? Map.of() : arguments;
      return switch (name == null ? "" : name) {
        case TERRAFORM_PLAN -> terraformPlan(args);
        case PROPOSE -> propose(args);
        case REQUEST_STATUS -> requestStatus(args);
        case APPLY_APPROVED -> applyApproved(args);
        default -> error("There is no tool '" + name + "'; the tools are " + TERRAFORM_PLAN + ", " + PROPOSE + ", "
            + REQUEST_STATUS + " and " + APPLY_APPROVED + ".", null);
      };
    } catch (SafeOpsException e) {
      return error(e.getMessage(), null);
    } catch (IOException e) {
      return error("The " + name + " tool failed: " + e.getMessage(), null);
    } catch (Exception e) {
      log.println("safeops mcp: " + name + " failed: " + e.getClass().getName() + ": " + oneLine(e.getMessage()));
      return error("The " + name + " tool failed unexpectedly" + (e.getMessage() == null ? "" : " (" + stripStop(e.getMessage()) + ")")
          + "; the server's log on stderr names the error", null);
    } finally {
      inFlight.arriveAndDeregister();
    }
  }

  /** True while a tool call runs. */
  boolean busy() {
    return inFlight.getRegisteredParties() > 1;
  }

  /** Waits until every call in flight has answered; calls that start later are not waited for. */
  void awaitCallsInFlight() {
    inFlight.arriveAndAwaitAdvance();
  }

  // ---- terraform_plan -------------------------------------------------------------------------

  private CallToolResult terraformPlan(Map<String, Object> args) throws Exception {
    only(args, Set.of("dir", "destroy"));
    Path dir = root.directory(string(args, "dir"));
    Object destroy = args.getOrDefault("destroy", Boolean.FALSE);
    if (!(destroy instanceof Boolean)) {
      throw new InvalidInputException("destroy must be true or false.");
    }
    List<String> argv = List.of("terraform", "-chdir=" + dir, (Boolean) destroy ? "destroy" : "apply");
    RequestWorkflow.Preview p = workflows.get().previewTerraform(requester, environment, tier, argv);
    ObjectNode n = JSON.createObjectNode();
    n.put("dir", p.directory().toString());
    n.put("operation", p.operation().name());
    RequestView.environment(n, p.operation().environment());
    n.put("digest", p.plan().digest());
    RequestView.radius(n, p.blastRadius(), 0);
    n.put("decision", p.decision().verdict().name());
    n.put("approvalsRequired", p.approvalsRequired());
    ArrayNode why = n.putArray("decisionReasons");
    p.decision().reasons().forEach(why::add);
    RequestView.state(n, p.plan().bindings());
    n.put("recorded", false);
    String counts = counts(n);
    String verdict = switch (p.decision().verdict()) {
      case ALLOW -> "the policy would allow it without approval";
      case REQUIRE_APPROVALS -> "the policy would require " + p.approvalsRequired() + " approval(s) from people";
      case DENY -> "the policy would deny it (" + String.join("; ", p.decision().reasons()) + ")";
    };
    String text = "Plan of " + p.operation().name() + " in " + p.directory() + " (" + environment + "): " + counts + ", level "
        + p.blastRadius().level() + ", " + p.blastRadius().findings().size() + " finding(s); " + verdict
        + ". Nothing was applied or recorded; to ask for this change call propose with command "
        + JSON.writeValueAsString(argv) + ".";
    return ok(text, n);
  }

  // ---- propose --------------------------------------------------------------------------------

  private CallToolResult propose(Map<String, Object> args) throws Exception {
    only(args, Set.of("command", "reason"));
    Object c = args.get("command");
    if (!(c instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(String.class::isInstance)) {
      throw new InvalidInputException("command must be a non-empty array of strings, the command's argv.");
    }
    List<String> command = confined(list.stream().map(String.class::cast).toList());
    String reason = args.containsKey("reason") ? string(args, "reason") : "";
    RequestWorkflow workflow = workflows.get();
    RequestWorkflow.Proposal p = workflow.propose(new RequestWorkflow.ProposalInput(requester, environment, tier, reason, command, null));
    RequestView view = new RequestView(home, workflow.now());
    ObjectNode n = ProposeCommand.json(p, view);
    String text;
    if (p.request().isEmpty()) {
      text = "The policy DENIES " + p.operation().name() + " (" + String.join("; ", p.decision().reasons())
          + "): nothing was recorded and there is nothing to approve; do not try to make this change another way, tell the person.";
    } else {
      RequestRecord r = p.request().get();
      if (r.approvalsRequired() == 0) {
        text = "Request " + r.id() + " is APPROVED by the policy without approval (level " + r.blastRadius().level()
            + "); call apply_approved with id " + r.id() + " to apply exactly this plan.";
      } else {
        text = "Request " + r.id() + " is PENDING (level " + r.blastRadius().level() + ", " + counts(n) + "): it needs "
            + r.approvalsRequired() + " approval(s) from people, which no tool can give; show the person this and ask each "
            + "approver to run `" + view.approveCommand(r) + "` from their own terminal, then call apply_approved with id "
            + r.id() + " (request_status shows progress).";
      }
    }
    n.put("next", text);
    return ok(text, n);
  }

  /**
   * The command with its directories confined: a terraform command gets {@code -chdir=} the real
   * path of its directory inside the root (the root when it names none), and each {@code
   * -var-file} must lie inside the root; an aws call is taken as given (it names no directory
   * and is planned from the root).
   */
  private List<String> confined(List<String> argv) {
    String program = argv.get(0);
    if (!program.equals("terraform") && !program.equals("tofu")) {
      return argv;
    }
    TerraformApplyCommand command = TerraformApplyCommand.read(program, argv.subList(1, argv.size()));
    Path dir = command.directory().map(root::directory).orElse(root.path());
    List<String> out = new ArrayList<>(List.of(program, "-chdir=" + dir, command.destroy() ? "destroy" : "apply"));
    for (String option : command.planOptions()) {
      if (option.startsWith("-var-file=")) {
        option = "-var-file=" + root.file(option.substring("-var-file=".length()), dir);
      }
      out.add(option);
    }
    return List.copyOf(out);
  }

  // ---- request_status -------------------------------------------------------------------------

  private CallToolResult requestStatus(Map<String, Object> args) {
    only(args, Set.of("id"));
    RequestWorkflow workflow = workflows.get();
    RequestRecord r = workflow.request(id(args));
    Instant now = workflow.now();
    RequestView view = new RequestView(home, now);
    ObjectNode n = view.json(r);
    RequestStatus status = r.statusAt(now);
    String text = switch (status) {
      case PENDING -> "Request " + r.id() + " is PENDING with " + r.approvals().size() + " of " + r.approvalsRequired()
          + " approval(s); only people can approve it (`" + view.approveCommand(r) + "`), then call apply_approved with id " + r.id() + ".";
      case APPROVED -> "Request " + r.id() + " is APPROVED; call apply_approved with id " + r.id() + " to apply exactly the approved plan.";
      case EXECUTED -> "Request " + r.id() + " was EXECUTED; it cannot be applied again.";
      default -> oneLine(RequestRefusedException.closed(r, now).getMessage()) + " Propose the change again if it is still needed.";
    };
    n.put("next", text);
    return ok(text, n);
  }

  // ---- apply_approved -------------------------------------------------------------------------

  private CallToolResult applyApproved(Map<String, Object> args) throws Exception {
    only(args, Set.of("id"));
    RequestWorkflow workflow = workflows.get();
    RequestRecord r = workflow.request(id(args));
    RequestStatus status = r.statusAt(workflow.now());
    if (status != RequestStatus.APPROVED) {
      String why = status == RequestStatus.PENDING
          ? RequestRefusedException.pending(r, "nothing was applied").getMessage()
          : RequestRefusedException.closed(r, workflow.now()).getMessage();
      ObjectNode n = JSON.createObjectNode();
      n.put("id", r.id());
      n.put("status", status == RequestStatus.EXECUTED ? "ALREADY_EXECUTED" : status.name());
      n.putArray("reasons").add(why);
      return error("apply_approved refused: request " + r.id() + " is " + status + ", not APPROVED: " + stripStop(why)
          + (status == RequestStatus.PENDING ? "; only people can approve it" : ""), n);
    }
    if (r.rerun() instanceof Rerun.TerraformPlan t && !root.contains(t.workingDirectory())) {
      throw new InvalidInputException("Request " + r.id() + " plans in " + t.workingDirectory() + ", which is outside the root "
          + root + " (symlinks followed); apply it with safeops apply from a terminal.");
    }
    RequestWorkflow.Applied a = workflow.apply(r.id());
    ObjectNode n = JSON.createObjectNode();
    n.put("id", a.id());
    n.put("status", a.status());
    ArrayNode reasons = n.putArray("reasons");
    a.reasons().forEach(reasons::add);
    a.refusedAt().ifPresent(s -> n.put("refusedAt", s.name()));
    a.auditId().ifPresent(x -> n.put("auditId", x));
    a.result().ifPresent(out -> n.put("output", out.length() > OUTPUT_KEPT ? out.substring(out.length() - OUTPUT_KEPT) : out));
    if (a.status().equals("EXECUTED")) {
      String text = "Request " + a.id() + " EXECUTED: exactly the approved plan was applied, once (audit id "
          + a.auditId().orElse("?") + "); it cannot be applied again.";
      n.put("next", text);
      return ok(text, n);
    }
    String reasonText = a.reasons().isEmpty() ? "" : ": " + String.join("; ", a.reasons().stream().map(McpTools::stripStop).toList());
    return error("apply_approved: request " + a.id() + " was not applied, " + a.status() + a.refusedAt().map(s -> " at " + s).orElse("")
        + reasonText + (a.status().equals("FAILED") ? "; check request_status and tell the person" : ""), n);
  }

  // ---- shared ---------------------------------------------------------------------------------

  private static void only(Map<String, Object> args, Set<String> known) {
    for (String k : args.keySet()) {
      if (!known.contains(k)) {
        throw new InvalidInputException("Unknown argument '" + k + "'; this tool takes " + String.join(", ", known.stream().sorted().toList()) + ".");
      }
    }
  }

  private static String string(Map<String, Object> args, String name) {
    Object v = args.get(name);
    if (!(v instanceof String s)) {
      throw new InvalidInputException(name + " must be a string.");
    }
    return s;
  }

  private static String id(Map<String, Object> args) {
    String id = string(args, "id");
    if (!ID.matcher(id).matches()) {
      throw new InvalidInputException("'" + oneLine(id) + "' is not a request id (lower-case letters, digits and dashes).");
    }
    return id;
  }

  private static String counts(ObjectNode n) {
    ObjectNode c = (ObjectNode) n.get("counts");
    return c.path("DELETE").asInt() + " delete, " + c.path("REPLACE").asInt() + " replace, " + c.path("UPDATE").asInt()
        + " update, " + c.path("CREATE").asInt() + " create";
  }

  private static CallToolResult ok(String text, ObjectNode structured) {
    return CallToolResult.builder().addTextContent(text).structuredContent(JSON.convertValue(structured, Map.class))
        .isError(false).build();
  }

  /** A tool error: one sentence, and the facts when there are any. */
  static CallToolResult error(String message, ObjectNode structured) {
    String sentence = sentence(message);
    ObjectNode n = structured == null ? JSON.createObjectNode() : structured;
    n.put("error", sentence);
    return CallToolResult.builder().addTextContent(sentence).structuredContent(JSON.convertValue(n, Map.class))
        .isError(true).build();
  }

  static String sentence(String message) {
    String m = oneLine(message == null || message.isBlank() ? "the tool failed" : message);
    m = Character.toUpperCase(m.charAt(0)) + m.substring(1);
    return m.endsWith(".") ? m : m + ".";
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  private static String stripStop(String s) {
    String m = oneLine(s);
    return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
  }
}
