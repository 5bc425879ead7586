package dev.safeops.terraform.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.ApprovalCallback;
import dev.safeops.core.Environment;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.StateLedger;
import dev.safeops.core.StateRecord;
import dev.safeops.core.Tier;
import dev.safeops.core.command.AgentTool;
import dev.safeops.core.command.CommandContext;
import dev.safeops.core.command.CommandJudge;
import dev.safeops.core.command.ToolGuard;
import dev.safeops.core.testing.FakeApprovals;
import dev.safeops.core.testing.RecordingAuditSink;
import dev.safeops.core.testing.SettableClock;
import dev.safeops.terraform.StateGuardException;
import dev.safeops.terraform.testing.FakeTerraform;
import dev.safeops.terraform.testing.FakeTerraform.Invocation;
import dev.safeops.terraform.testing.ScriptedPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent's terraform commands through ToolGuard, the core executor and the planner, against the scripted fake terraform. */
class GuardedTerraformPlannerTest {
  private static final String LINEAGE = "6dcf942f-241a-66f7-a78a-aa4ac9a54a34";
  private static final Environment PROD = Environment.of("prod", Tier.PRODUCTION);
  private static final Environment STAGING = Environment.of("staging", Tier.STAGING);

  @TempDir Path tmp;
  private FakeTerraform fake;
  private Path root;
  private final StateLedger ledger = StateLedger.inMemory();
  private final SettableClock clock = SettableClock.create();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final AtomicInteger rawRuns = new AtomicInteger();
  private final AgentTool shell = args -> {
    rawRuns.incrementAndGet();
    return "ran " + args.get("command");
  };

  @BeforeEach
  void setUp() throws IOException {
    fake = FakeTerraform.create(tmp.resolve("bin"));
    root = Files.createDirectories(tmp.resolve("repo"));
    for (String env : List.of("prod", "staging")) {
      Path dir = Files.createDirectories(root.resolve("infra/" + env + "/.terraform"));
      Files.writeString(dir.resolve("terraform.tfstate"),
          "{\"version\":3,\"serial\":1,\"lineage\":\"b\",\"backend\":{\"type\":\"s3\",\"config\":{\"bucket\":\"tf\"},\"hash\":1}}");
    }
  }

  private GuardedTerraformPlanner planner(Environment env) {
    return GuardedTerraformPlanner.builder().root(root).environment(env).stateLedger(ledger)
        .cli((binary, dir) -> fake.cli(dir)).planDirectory(tmp.resolve("plans")).build();
  }

  private AgentTool guardedShell(Environment env, ApprovalCallback approvals) {
    GuardedExecutor executor = GuardedExecutor.builder().clock(clock).auditSink(audit).approvalCallback(approvals).build();
    return ToolGuard.builder().executor(executor).judge(CommandJudge.of(new TerraformCommandClassifier()))
        .agent(Principal.agent("coding-agent")).environment(env).context(CommandContext.in(root))
        .addActionFactory(new TerraformGuardedActions(planner(env))).build().wrap("bash", shell);
  }

  private List<String> subcommands() {
    return fake.invocations().stream().map(Invocation::subcommand).toList();
  }

  private List<Invocation> calls(String subcommand) {
    return fake.invocations().stream().filter(i -> i.subcommand().equals(subcommand)).toList();
  }

  @Test
  void anAgentsTerraformDestroyOfTheIncidentStackInProductionIsDeniedAsCriticalAndNothingIsApplied() throws Exception {
    fake.state(FakeTerraform.stateJson(LINEAGE, 40, 6)).destroyPlan(ScriptedPlan.incidentDestroy());

    String answer = guardedShell(PROD, FakeApprovals.approveAs(clock, Principal.human("alice"), Principal.human("bob")))
        .call(Map.of("command", "cd infra/prod && terraform destroy -auto-approve"));

    assertThat(answer).startsWith("safeops refused `").contains("DENIED", "Blast radius CRITICAL",
        "data.irrecoverable-loss", "aws_db_instance.main", "Nothing was changed");
    assertThat(calls("plan")).isNotEmpty().allSatisfy(i -> assertThat(i.command()).contains("-destroy"));
    assertThat(fake.invocations()).allSatisfy(i ->
        assertThat(i.args().get(0)).isEqualTo("-chdir=" + root.resolve("infra/prod").toAbsolutePath()));
    assertThat(subcommands()).doesNotContain("apply", "destroy");
    assertThat(rawRuns).hasValue(0);
  }

  @Test
  void anAgentsTargetedApplyInStagingWithTwoHumanApprovalsAppliesExactlyTheSavedPlan() throws Exception {
    fake.plan(ScriptedPlan.builder().priorResources(2).create("aws_s3_bucket.logs", Map.of("bucket", "courses-logs")).build())
        .state(FakeTerraform.stateJson(LINEAGE, 4, 2)).stateAfterApply(FakeTerraform.stateJson(LINEAGE, 5, 3));

    String answer = guardedShell(STAGING, FakeApprovals.approveAs(clock, Principal.human("alice"), Principal.human("bob")))
        .call(Map.of("command", "terraform -chdir=infra/staging apply -target=aws_s3_bucket.logs -var env=staging -auto-approve"));

    assertThat(answer).startsWith("safeops applied the approved plan").contains("serial 5", "Apply complete!");
    assertThat(subcommands()).containsExactly("state", "plan", "show", "state", "plan", "show", "state", "show", "apply", "state");
    assertThat(calls("plan")).allSatisfy(i -> assertThat(i.command())
        .contains("-target=aws_s3_bucket.logs", "-var=env=staging").doesNotContain("-destroy", "-auto-approve")
        .anySatisfy(a -> assertThat(a).startsWith("-out=")));
    String savedPlan = calls("plan").get(1).command().stream().filter(a -> a.startsWith("-out="))
        .findFirst().orElseThrow().substring("-out=".length());
    assertThat(calls("apply")).singleElement().satisfies(i -> {
      assertThat(i.command()).endsWith(savedPlan).doesNotContain("-auto-approve");
      assertThat(i.args().get(0)).isEqualTo("-chdir=" + root.resolve("infra/staging").toAbsolutePath());
    });
    assertThat(ledger.find("staging/infra/staging")).contains(new StateRecord(LINEAGE, 5));
    assertThat(rawRuns).hasValue(0);
  }

  @Test
  void aDirectoryOutsideTheRootOrComputedAtRunTimeIsRefusedBeforeTerraformRuns() throws Exception {
    AgentTool tool = guardedShell(STAGING, FakeApprovals.approveAs(clock, Principal.human("alice"), Principal.human("bob")));

    assertThat(tool.call(Map.of("command", "terraform -chdir=../../elsewhere destroy"))).startsWith("safeops refused")
        .contains("outside");
    assertThat(tool.call(Map.of("command", "terraform -chdir=infra/missing apply"))).startsWith("safeops refused")
        .contains("does not exist");
    assertThat(fake.invocations()).isEmpty();
    assertThat(rawRuns).hasValue(0);
  }

  @Test
  void aPlanThePlannerDoesNotHoldIsNeverApplied() {
    assertThatThrownBy(() -> planner(STAGING).apply("terraform", ".", Plan.of(List.of())))
        .isInstanceOf(StateGuardException.class).hasMessageContaining("holds no saved plan");
    assertThat(fake.invocations()).isEmpty();
  }

  @Test
  void theRunnerPassesOnlyPlanOptionsThatKeepTheGuardsPromises() {
    assertThatThrownBy(() -> fake.cli(root).plan(tmp.resolve("p.tfplan"), false, List.of("-lock=false")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'-lock=false'");
    assertThatThrownBy(() -> fake.cli(root).plan(tmp.resolve("p.tfplan"), false, List.of("-out=/tmp/x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(fake.invocations()).isEmpty();
  }
}
