package dev.safeops.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.ApprovalCallback;
import dev.safeops.core.AuditEvent;
import dev.safeops.core.Environment;
import dev.safeops.core.GuardListener;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.InvariantViolationException;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Outcome;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.StateLedger;
import dev.safeops.core.StateRecord;
import dev.safeops.core.Step;
import dev.safeops.core.Tier;
import dev.safeops.core.testing.FakeApprovals;
import dev.safeops.core.testing.RecordingAuditSink;
import dev.safeops.core.testing.SettableClock;
import dev.safeops.terraform.testing.FakeTerraform;
import dev.safeops.terraform.testing.FakeTerraform.Invocation;
import dev.safeops.terraform.testing.ScriptedPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guarded plan, apply and destroy against the scripted fake terraform, through the real executor. */
class GuardedTerraformTest {
  private static final String LINEAGE = "6dcf942f-241a-66f7-a78a-aa4ac9a54a34";
  private static final String OLD_LINEAGE = "0a405b90-f526-2004-0d4b-f5fd84ca6664";
  private static final Environment DEV = Environment.of("dev", Tier.DEVELOPMENT);
  private static final Environment PROD = Environment.of("prod", Tier.PRODUCTION);

  @TempDir Path tmp;
  private FakeTerraform fake;
  private Path work;
  private final StateLedger ledger = StateLedger.inMemory();
  private final SettableClock clock = SettableClock.create();
  private final RecordingAuditSink audit = new RecordingAuditSink();

  @BeforeEach
  void setUp() throws IOException {
    fake = FakeTerraform.create(tmp.resolve("bin"));
    work = Files.createDirectories(tmp.resolve("courses"));
    fake.plan(ScriptedPlan.builder().priorResources(2).create("terraform_data.new", Map.of("input", "x")).build());
  }

  private GuardedTerraform terraform(Environment env) {
    return GuardedTerraform.builder().cli(fake.cli(work)).environment(env).stateLedger(ledger)
        .workspace("courses").planDirectory(tmp.resolve("plans")).build();
  }

  private GuardedExecutor executor(ApprovalCallback approvals, GuardListener... listeners) {
    GuardedExecutor.Builder b = GuardedExecutor.builder().clock(clock).auditSink(audit).approvalCallback(approvals);
    Stream.of(listeners).forEach(b::addListener);
    return b.build();
  }

  private GuardedExecutor executor() {
    return executor(FakeApprovals.approveAs(clock, Principal.human("alice"), Principal.human("bob")));
  }

  private static Operation op(Environment env, String name) {
    return Operation.builder().name(name).requester(Principal.human("carol")).environment(env).build();
  }

  private void remoteBackend() throws IOException {
    Files.createDirectories(work.resolve(".terraform"));
    Files.writeString(work.resolve(".terraform/terraform.tfstate"),
        "{\"version\":3,\"serial\":1,\"lineage\":\"b\",\"backend\":{\"type\":\"s3\",\"config\":{\"bucket\":\"tf\"},\"hash\":1}}");
  }

  private List<String> subcommands() {
    return fake.invocations().stream().map(Invocation::subcommand).toList();
  }

  private List<Invocation> calls(String subcommand) {
    return fake.invocations().stream().filter(i -> i.subcommand().equals(subcommand)).toList();
  }

  @Test
  void applyPlansTwiceThenAppliesTheVerifiedSavedPlanFileAndRecordsTheState() {
    fake.state(FakeTerraform.stateJson(LINEAGE, 4, 2)).stateAfterApply(FakeTerraform.stateJson(LINEAGE, 5, 3));

    Outcome<ApplyResult> outcome = executor().execute(op(DEV, "terraform apply"), terraform(DEV).apply());

    assertThat(outcome.executed()).as(outcome.toString()).isTrue();
    assertThat(subcommands()).containsExactly("state", "plan", "show", "state", "plan", "show", "state", "show", "apply", "state");
    Invocation apply = calls("apply").get(0);
    String secondPlanFile = calls("plan").get(1).command().stream().filter(a -> a.startsWith("-out="))
        .findFirst().orElseThrow().substring("-out=".length());
    assertThat(apply.command()).endsWith(secondPlanFile).doesNotContain("-auto-approve");
    assertThat(fake.invocations()).allSatisfy(i -> assertThat(i.args().get(0)).isEqualTo("-chdir=" + work.toAbsolutePath()));
    assertThat(outcome.result().orElseThrow().stateAfter()).contains(new StateRecord(LINEAGE, 5));
    assertThat(ledger.find("courses")).contains(new StateRecord(LINEAGE, 5));
    assertThat(tmp.resolve("plans")).isEmptyDirectory();
  }

  @Test
  void thePlanIsBoundToTheWorkspaceAndTheStateItWasMadeAgainst() {
    fake.state(FakeTerraform.stateJson(LINEAGE, 4, 2));

    Outcome<Plan> outcome = executor().execute(op(DEV, "terraform plan"), terraform(DEV).plan());

    Plan plan = outcome.plan().orElseThrow();
    assertThat(plan.bindings()).containsEntry(StateGuard.WORKSPACE, "courses")
        .containsEntry(StateGuard.LINEAGE, LINEAGE).containsEntry(StateGuard.SERIAL, "4")
        .containsEntry(GuardedTerraform.COMMAND, "plan");
    assertThat(plan.priorResourceCount()).contains(2);
    assertThat(subcommands()).doesNotContain("apply");
  }

  @Test
  void destroyIsPlanDestroyThenTheGuardedApplyNeverARawDestroy() {
    fake.state(FakeTerraform.stateJson(LINEAGE, 4, 1)).stateAfterApply(FakeTerraform.stateJson(LINEAGE, 5, 0))
        .destroyPlan(ScriptedPlan.builder().priorResources(1).delete("terraform_data.old", Map.of("id", "1")).build());

    Outcome<ApplyResult> outcome = executor().execute(op(DEV, "terraform destroy"), terraform(DEV).destroy());

    assertThat(outcome.executed()).as(outcome.toString()).isTrue();
    assertThat(calls("plan")).allSatisfy(i -> assertThat(i.command()).contains("-destroy"));
    assertThat(subcommands()).doesNotContain("destroy").contains("apply");
    assertThat(outcome.plan().orElseThrow().bindings()).containsEntry(GuardedTerraform.COMMAND, "plan -destroy");
  }

  @Test
  void aStateOfAnotherLineageIsRefusedBeforePlanNamingBoth() {
    ledger.advance("courses", new StateRecord(LINEAGE, 9));
    fake.state(FakeTerraform.stateJson(OLD_LINEAGE, 72, 6));

    Outcome<ApplyResult> outcome = executor().execute(op(DEV, "terraform apply"), terraform(DEV).apply());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.refusedAt()).contains(Step.DRY_RUN);
    assertThat(String.join(" ", outcome.reasons())).contains(LINEAGE, OLD_LINEAGE, "probably replaced");
    assertThat(subcommands()).containsExactly("state");
  }

  @Test
  void anOldStateArchiveUnpackedOverTheCurrentStateIsRefusedBeforePlanAndApply() {
    fake.state(FakeTerraform.stateJson(LINEAGE, 8, 6)).stateAfterApply(FakeTerraform.stateJson(LINEAGE, 9, 6));
    assertThat(executor().execute(op(DEV, "terraform apply"), terraform(DEV).apply()).executed()).isTrue();
    fake.state(FakeTerraform.stateJson(LINEAGE, 3, 6));
    int before = fake.invocations().size();

    Outcome<ApplyResult> apply = executor().execute(op(DEV, "terraform apply"), terraform(DEV).apply());
    Outcome<ApplyResult> destroy = executor().execute(op(DEV, "terraform destroy"), terraform(DEV).destroy());

    for (Outcome<ApplyResult> o : List.of(apply, destroy)) {
      assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(String.join(" ", o.reasons())).contains("serial 3", "serial 9", "probably replaced");
    }
    assertThat(fake.invocations().subList(before, fake.invocations().size()))
        .extracting(Invocation::subcommand).containsOnly("state");
  }

  @Test
  void anEmptyStateWhereTheLedgerKnowsTheWorkspaceIsDistrusted() {
    ledger.advance("courses", new StateRecord(LINEAGE, 9));
    fake.state("");

    Outcome<ApplyResult> outcome = executor().execute(op(DEV, "terraform apply"), terraform(DEV).apply());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(String.join(" ", outcome.reasons())).contains("empty", LINEAGE, "probably replaced");
    assertThat(subcommands()).doesNotContain("plan");
  }

  @Test
  void aStateThatMovesAfterThePlanWasApprovedIsNotApplied() {
    fake.state(FakeTerraform.stateJson(LINEAGE, 4, 2));
    GuardListener someoneElseApplies = new GuardListener() {
      @Override
      public void onEvent(AuditEvent event) {
        if (event.step() == Step.POLICY) {
          fake.state(FakeTerraform.stateJson(LINEAGE, 5, 2));
        }
      }
    };

    Outcome<ApplyResult> outcome = executor(FakeApprovals.approveAs(clock, Principal.human("alice"), Principal.human("bob")),
        someoneElseApplies).execute(op(PROD, "terraform apply"), withRemoteBackend(PROD).apply());

    assertThat(outcome.executed()).isFalse();
    assertThat(outcome.refusedAt()).contains(Step.VERIFY);
    assertThat(subcommands()).doesNotContain("apply");
  }

  private GuardedTerraform withRemoteBackend(Environment env) {
    try {
      remoteBackend();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return terraform(env);
  }

  @Test
  void anApprovedPlanIsNotAppliedToAnotherState() {
    fake.state(FakeTerraform.stateJson(LINEAGE, 4, 2));
    Plan approved = StateGuard.of(ledger).bind(Plan.of(List.of()), "courses", StateReader.create().read(
        new java.io.ByteArrayInputStream(fake.currentState().getBytes(java.nio.charset.StandardCharsets.UTF_8)), "s"));
    TerraformState other = new TerraformState(TerraformState.Format.STATE_V4, LINEAGE, 5L, "", List.of());

    assertThatThrownBy(() -> StateGuard.of(ledger).requireBoundState(approved, other))
        .isInstanceOf(StateGuardException.class)
        .hasMessageContaining("serial 4").hasMessageContaining("serial 5");
  }

  @Test
  void aLedgerEmptiedByACrashRefusesAProductionApplyOfAnotherLineage() throws IOException {
    remoteBackend();
    Path ledgerFile = tmp.resolve("ledger/state-ledger.json");
    StateLedger.file(ledgerFile).advance("courses", new StateRecord(LINEAGE, 9));
    Files.write(ledgerFile, new byte[0]);   // what kill -9 during a ledger write could leave before writes were atomic
    fake.state(FakeTerraform.stateJson(OLD_LINEAGE, 72, 6)).stateAfterApply(FakeTerraform.stateJson(OLD_LINEAGE, 73, 6));
    GuardedTerraform prod = GuardedTerraform.builder().cli(fake.cli(work)).environment(PROD)
        .stateLedger(StateLedger.file(ledgerFile)).workspace("courses").planDirectory(tmp.resolve("plans")).build();

    Outcome<ApplyResult> outcome = executor().execute(op(PROD, "terraform apply"), prod.apply());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.refusedAt()).contains(Step.DRY_RUN);
    assertThat(String.join(" ", outcome.reasons())).contains(ledgerFile.toString(), "is empty", "restore the file from a backup");
    assertThat(subcommands()).doesNotContain("plan", "apply");
    assertThat(ledgerFile).isEmptyFile();
  }

  @Test
  void aLocalBackendIsRefusedInProductionBeforeAnythingRuns() {
    fake.state(FakeTerraform.stateJson(LINEAGE, 4, 2));

    Outcome<ApplyResult> outcome = executor().execute(op(PROD, "terraform apply"), terraform(PROD).apply());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(String.join(" ", outcome.reasons())).contains("local backend");
    assertThat(fake.invocations()).isEmpty();
  }

  @Test
  void aStrayLocalStateNextToARemoteBackendIsRefusedOutsideDevelopment() throws IOException {
    remoteBackend();
    Files.writeString(work.resolve("terraform.tfstate"), FakeTerraform.stateJson(OLD_LINEAGE, 1, 1));

    assertThatThrownBy(() -> StateGuard.checkBackend(work, Environment.of("staging", Tier.STAGING)))
        .isInstanceOf(StateGuardException.class).hasMessageContaining("local state file");
    StateGuard.checkBackend(work, DEV);
  }

  @Test
  void aRemoteBackendPassesTheBackendCheckInProduction() throws IOException {
    remoteBackend();

    StateGuard.checkBackend(work, PROD);
    assertThat(StateGuard.backendType(work)).isEqualTo("s3");
  }

  @Test
  void theIncidentDestroyIsDeniedAsCriticalAndNothingIsApplied() throws IOException {
    remoteBackend();
    ledger.advance("courses", new StateRecord(LINEAGE, 40));
    fake.state(FakeTerraform.stateJson(LINEAGE, 40, 6)).destroyPlan(ScriptedPlan.incidentDestroy());
    Operation agent = Operation.builder().name("terraform destroy").requester(Principal.agent("coding-agent"))
        .environment(PROD).reason("clean up duplicates").build();

    Outcome<ApplyResult> outcome = executor().execute(agent, terraform(PROD).destroy());

    assertThat(outcome.status()).as(outcome.toString()).isEqualTo(Outcome.Status.DENIED);
    assertThat(outcome.blastRadius().orElseThrow().level()).isEqualTo(Level.CRITICAL);
    assertThat(outcome.blastRadius().orElseThrow().findings())
        .anySatisfy(f -> {
          assertThat(f.ruleId()).isEqualTo("data.irrecoverable-loss");
          assertThat(f.address()).isEqualTo("aws_db_instance.main");
        });
    assertThat(subcommands()).doesNotContain("apply", "destroy");
  }

  @Test
  void aPlanFileChangedAfterVerificationIsNotApplied() {
    fake.state(FakeTerraform.stateJson(LINEAGE, 4, 2));
    GuardListener tamper = new GuardListener() {
      @Override
      public void onEvent(AuditEvent event) {
        if (event.step() == Step.AUDIT) {
          try (Stream<Path> files = Files.walk(tmp.resolve("plans"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tfplan")).toList()) {
              Files.writeString(f, ScriptedPlan.incidentDestroy());
            }
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        }
      }
    };

    Outcome<ApplyResult> outcome = executor(FakeApprovals.deny(), tamper).execute(op(DEV, "terraform apply"), terraform(DEV).apply());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.refusedAt()).contains(Step.EXECUTE);
    assertThat(String.join(" ", outcome.reasons())).contains("changed after it was written");
    assertThat(subcommands()).doesNotContain("apply");
  }

  @Test
  void executeOutsideTheExecutorIsRefusedAndASecondExecuteBreaksTheInvariant() throws Exception {
    fake.state(FakeTerraform.stateJson(LINEAGE, 4, 2));
    GuardedAction<ApplyResult> action = terraform(DEV).apply();
    Plan plan = action.dryRun();
    action.dryRun();

    assertThatThrownBy(() -> action.execute(plan)).isInstanceOf(StateGuardException.class)
        .hasMessageContaining("only inside an approved execution");
    assertThatThrownBy(() -> action.execute(plan)).isInstanceOf(InvariantViolationException.class);
    assertThat(subcommands()).doesNotContain("apply");
  }

  @Test
  void aFailingPlanFailsTheDryRunWithTerraformsError() {
    fake.failOn("plan", "\u2502 Error: Unsupported argument\n\u2502 more detail\n");

    Outcome<ApplyResult> outcome = executor().execute(op(DEV, "terraform apply"), terraform(DEV).apply());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.refusedAt()).contains(Step.DRY_RUN);
    assertThat(String.join(" ", outcome.reasons())).contains("Error: Unsupported argument");
  }

  @Test
  void toBuilderGuardsAnotherDirectoryWithTheSameSettingsAndLeavesTheOriginalAlone() throws IOException {
    GuardedTerraform original = terraform(PROD);
    Path other = Files.createDirectories(tmp.resolve("network"));
    GuardedTerraform copy = original.toBuilder().cli(fake.cli(other)).workspace("network").build();
    assertThat(copy.workspace()).isEqualTo("network");
    assertThat(original.workspace()).isEqualTo("courses");
    // Same environment and ledger: a production local backend is refused by the copy too.
    Outcome<ApplyResult> refused = executor().execute(op(PROD, "apply"), copy.apply());
    assertThat(refused.executed()).isFalse();
    assertThat(String.join(" ", refused.reasons())).contains("local backend");
    // Settings are copied as given: a default workspace is named after the copy's own directory.
    GuardedTerraform unnamed = GuardedTerraform.builder().cli(fake.cli(work)).environment(DEV).stateLedger(ledger)
        .build();
    assertThat(unnamed.workspace()).isEqualTo("dev/courses");
    assertThat(unnamed.toBuilder().cli(fake.cli(other)).build().workspace()).isEqualTo("dev/network");
  }

  @Test
  void aPlanSavedByOneProcessIsAppliedByALaterOneExactlyAsSaved() throws IOException {
    remoteBackend();
    fake.state(FakeTerraform.stateJson(LINEAGE, 4, 1)).stateAfterApply(FakeTerraform.stateJson(LINEAGE, 5, 0))
        .destroyPlan(ScriptedPlan.builder().priorResources(1).delete("terraform_data.old", Map.of("id", "1")).build());
    Path file = tmp.resolve("kept/destroy.tfplan");
    Files.createDirectories(file.getParent());

    SavedPlan saved = terraform(PROD).savePlan(List.of("-destroy", "-target=terraform_data.old"), file);
    assertThat(saved.file()).isEqualTo(file.toAbsolutePath()).isRegularFile();
    assertThat(saved.planArguments()).containsExactly("-destroy", "-target=terraform_data.old");
    assertThat(saved.plan().bindings()).containsEntry(StateGuard.SERIAL, "4").containsEntry(GuardedTerraform.COMMAND, "plan -destroy");
    assertThat(subcommands()).doesNotContain("apply");

    // A later process: a new GuardedTerraform that knows only the file, its hash, its digest and its arguments.
    Outcome<ApplyResult> outcome = executor().execute(op(PROD, "terraform destroy"),
        terraform(PROD).applySaved(file, saved.sha256(), saved.plan().digest(), saved.planArguments()));

    assertThat(outcome.executed()).as(outcome.toString()).isTrue();
    assertThat(calls("plan")).allSatisfy(i -> assertThat(i.command()).contains("-destroy", "-target=terraform_data.old"));
    assertThat(calls("apply")).singleElement().satisfies(i -> assertThat(i.command()).endsWith(file.toAbsolutePath().toString()));
    assertThat(file).as("the saved plan is its owner's to delete").isRegularFile();
    assertThat(ledger.find("courses")).contains(new StateRecord(LINEAGE, 5));
  }

  @Test
  void aSavedPlanFileChangedAfterItWasSavedIsNeverApplied() throws IOException {
    fake.state(FakeTerraform.stateJson(LINEAGE, 4, 2));
    Path file = tmp.resolve("apply.tfplan");
    SavedPlan saved = terraform(DEV).savePlan(List.of(), file);
    Files.writeString(file, "tampered", java.nio.file.StandardOpenOption.APPEND);

    Outcome<ApplyResult> outcome = executor().execute(op(DEV, "terraform apply"),
        terraform(DEV).applySaved(file, saved.sha256(), saved.plan().digest(), saved.planArguments()));

    assertThat(outcome.refusedAt()).contains(Step.EXECUTE);
    assertThat(String.join(" ", outcome.reasons())).contains("changed after it was written");
    assertThat(subcommands()).doesNotContain("apply");
  }

  @Test
  void aSavedPlanIsNotAppliedOnceTheStateMovedEvenIfTheNewPlanWasApproved() throws IOException {
    fake.state(FakeTerraform.stateJson(LINEAGE, 4, 2));
    Path file = tmp.resolve("apply.tfplan");
    SavedPlan saved = terraform(DEV).savePlan(List.of(), file);
    fake.state(FakeTerraform.stateJson(LINEAGE, 6, 2));

    Outcome<ApplyResult> outcome = executor().execute(op(DEV, "terraform apply"),
        terraform(DEV).applySaved(file, saved.sha256(), saved.plan().digest(), saved.planArguments()));

    assertThat(outcome.refusedAt()).contains(Step.EXECUTE);
    assertThat(String.join(" ", outcome.reasons())).contains("is not the saved plan");
    assertThat(subcommands()).doesNotContain("apply");
  }

  @Test
  void aSavedPlanFileThatIsGoneIsRefusedWithItsName() throws IOException {
    fake.state(FakeTerraform.stateJson(LINEAGE, 4, 2));
    Path file = tmp.resolve("apply.tfplan");
    SavedPlan saved = terraform(DEV).savePlan(List.of(), file);
    Files.delete(file);

    Outcome<ApplyResult> outcome = executor().execute(op(DEV, "terraform apply"),
        terraform(DEV).applySaved(file, saved.sha256(), saved.plan().digest(), saved.planArguments()));

    assertThat(String.join(" ", outcome.reasons())).contains(file.toAbsolutePath() + " is gone");
    assertThat(subcommands()).doesNotContain("apply");
  }
}
