package dev.safeops.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.Environment;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Tier;
import dev.safeops.core.testing.FakeApprovals;
import dev.safeops.core.testing.RecordingAuditSink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ToolGuardTest {
  private final Clock clock = Clock.systemUTC();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final AtomicInteger rawRuns = new AtomicInteger();
  private final List<String> applied = new ArrayList<>();
  private final AgentTool shell = args -> {
    rawRuns.incrementAndGet();
    return "ran " + args.get("command");
  };

  /** A module classifier: "infra destroy" destructive, "infra apply" mutating, "infra show" read-only. */
  private static final CommandClassifier INFRA = new CommandClassifier() {
    @Override
    public Optional<Classification> classify(SimpleCommand c, CommandContext context) {
      if (!c.name().equals("infra")) {
        return Optional.empty();
      }
      String sub = c.arguments().isEmpty() ? "" : c.arguments().get(0);
      return Optional.of(switch (sub) {
        case "show" -> Classification.readOnly("infra show only reads");
        case "destroy" -> Classification.destructive("infra destroy deletes everything; run `infra plan -destroy` and "
            + "submit the plan for approval");
        default -> Classification.mutating("infra " + sub + " changes things");
      });
    }

    @Override
    public List<String> domainWords() {
      return List.of("infra");
    }
  };

  /** Dry-runs "infra apply|destroy" as a plan deleting one database; executes by recording, never the raw command. */
  private final GuardedActionFactory infraActions = (command, call, context) -> {
    if (!command.name().equals("infra") || command.arguments().isEmpty()
        || !(command.arguments().get(0).equals("apply") || command.arguments().get(0).equals("destroy"))) {
      return Optional.empty();
    }
    boolean destroy = command.arguments().get(0).equals("destroy");
    return Optional.<GuardedAction<String>>of(GuardedAction.of("infra/prod",
        () -> Plan.of(List.of(ResourceChange.builder()
            .address(destroy ? "aws_db_instance.main" : "aws_s3_bucket.logs")
            .type(destroy ? "aws_db_instance" : "aws_s3_bucket")
            .action(destroy ? ChangeAction.DELETE : ChangeAction.CREATE)
            .before(destroy ? Map.of("identifier", "prod", "skip_final_snapshot", true) : Map.of())
            .after(destroy ? Map.of() : Map.of("bucket", "logs"))
            .build())),
        approved -> {
          applied.add(approved.digest());
          return "applied " + approved.digest().substring(0, 8);
        }));
  };

  private ToolGuard guard(Tier tier, FakeApprovals approvals) {
    GuardedExecutor executor = GuardedExecutor.builder().clock(clock).auditSink(audit).approvalCallback(approvals)
        .build();
    return ToolGuard.builder()
        .executor(executor)
        .judge(CommandJudge.of(INFRA))
        .agent(Principal.agent("claude"))
        .environment(Environment.of("prod", tier))
        .addActionFactory(infraActions)
        .build();
  }

  private static Map<String, Object> cmd(String line) {
    return Map.of("command", line);
  }

  @Test
  void readOnlyAndOutOfDomainCallsRunUnguarded() throws Exception {
    AgentTool tool = guard(Tier.PRODUCTION, FakeApprovals.deny()).wrap("bash", shell);
    assertThat(tool.call(cmd("infra show | grep x"))).isEqualTo("ran infra show | grep x");
    assertThat(tool.call(cmd("ls -la"))).isEqualTo("ran ls -la");
    assertThat(rawRuns).hasValue(2);
    assertThat(audit.events()).isEmpty();
  }

  @Test
  void aMutatingCallWithADryRunIsExecutedAsTheApprovedPlanNeverAsTheRawCommand() throws Exception {
    FakeApprovals approvals = FakeApprovals.approveAs(clock, Principal.human("alice"), Principal.human("bob"));
    AgentTool tool = guard(Tier.STAGING, approvals).wrap("bash", shell);
    String answer = tool.call(cmd("cd prod && infra apply --yes"));
    assertThat(answer).startsWith("applied ");
    assertThat(applied).hasSize(1);
    assertThat(rawRuns).hasValue(0);
    assertThat(audit.events()).isNotEmpty();
  }

  @Test
  void theAgentIsTheRequesterSoItsOwnRequestNeedsTwoHumans() throws Exception {
    FakeApprovals approvals = FakeApprovals.approveAs(clock, Principal.human("alice"));
    AgentTool tool = guard(Tier.STAGING, approvals).wrap("bash", shell);
    String answer = tool.call(cmd("infra destroy"));
    assertThat(applied).isEmpty();
    assertThat(answer).startsWith("safeops refused `infra destroy`").contains("NOT_APPROVED", "Safe path:",
        "infra plan -destroy");
    assertThat(approvals.requests()).singleElement()
        .satisfies(r -> assertThat(r.operation().requester()).isEqualTo(Principal.agent("claude")));
  }

  @Test
  void aRefusalTellsTheAgentWhatWasRefusedWhichRuleAndTheSafePath() throws Exception {
    AgentTool tool = guard(Tier.PRODUCTION, FakeApprovals.deny()).wrap("bash", shell);
    String answer = tool.call(cmd("infra destroy"));
    assertThat(answer).contains("safeops refused `infra destroy`", "at step", "Blast radius", "Rule ",
        "aws_db_instance.main", "Nothing was changed", "run `infra plan -destroy` and submit the plan for approval");
    assertThat(applied).isEmpty();
    assertThat(rawRuns).hasValue(0);
  }

  @Test
  void aMutatingCommandWithoutADryRunIsRefusedAndNeverRuns() throws Exception {
    AgentTool tool = guard(Tier.DEVELOPMENT, FakeApprovals.deny()).wrap("bash", shell);
    String answer = tool.call(cmd("infra import x"));
    assertThat(answer).contains("safeops refused `infra import x`", "no dry run", "did not run");
    assertThat(rawRuns).hasValue(0);
  }

  @Test
  void twoChangesInOneCallAreRefused() throws Exception {
    AgentTool tool = guard(Tier.DEVELOPMENT, FakeApprovals.deny()).wrap("bash", shell);
    assertThat(tool.call(cmd("infra apply && infra destroy"))).contains("2 infrastructure changes", "one change per");
    assertThat(rawRuns).hasValue(0);
  }

  @Test
  void unreadableOrComputedCommandsAreRefused() throws Exception {
    AgentTool tool = guard(Tier.DEVELOPMENT, FakeApprovals.deny()).wrap("bash", shell);
    assertThat(tool.call(cmd("$(echo infra) destroy"))).contains("safeops refused", "literally");
    assertThat(tool.call(Map.of("cmd", "infra destroy"))).contains("could not tell which command");
    AgentTool custom = guard(Tier.DEVELOPMENT, FakeApprovals.deny()).wrap("db_tool", a -> {
      throw new IllegalStateException("bad arguments");
    }, shell);
    assertThat(custom.call(Map.of())).contains("safeops refused the db_tool call");
    assertThat(rawRuns).hasValue(0);
  }

  @Test
  void aCustomToolIsJudgedByTheCommandLineItAmountsTo() throws Exception {
    AgentTool destroyTool = guard(Tier.PRODUCTION, FakeApprovals.deny())
        .wrap("destroy_stack", args -> "infra destroy " + args.get("stack"), args -> "destroyed");
    assertThat(destroyTool.call(Map.of("stack", "prod"))).startsWith("safeops refused `infra destroy prod`");
  }

  @Test
  void aGuardNeedsEverySetting() {
    assertThatThrownBy(() -> ToolGuard.builder().judge(CommandJudge.of()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("executor");
  }
}
