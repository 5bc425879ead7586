package dev.safeops.core;

import static dev.safeops.core.Fixtures.AGENT;
import static dev.safeops.core.Fixtures.ALICE;
import static dev.safeops.core.Fixtures.BOB;
import static dev.safeops.core.Fixtures.CAROL;
import static dev.safeops.core.Fixtures.PROD;
import static dev.safeops.core.Fixtures.DEV;
import static dev.safeops.core.Fixtures.deletePlan;
import static dev.safeops.core.Fixtures.fixedLevel;
import static dev.safeops.core.Fixtures.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.testing.CountingAction;
import dev.safeops.core.testing.FakeApprovals;
import dev.safeops.core.testing.RecordingAuditSink;
import dev.safeops.core.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every failure before execution means the action executed zero times and the outcome names the step. */
class GuardedExecutorFailClosedTest {
  private final SettableClock clock = SettableClock.create();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final Plan plan = deletePlan("aws_instance.web");

  private GuardedExecutor.Builder executor() {
    return GuardedExecutor.builder().clock(clock).auditSink(audit).evaluator(fixedLevel(Level.LOW))
        .approvalCallback(FakeApprovals.approveAs(clock, BOB, CAROL)).lockWait(Duration.ZERO);
  }

  private static void assertRefused(Outcome<?> outcome, CountingAction<?> action, Outcome.Status status, Step step) {
    assertThat(action.executions()).as("executions").isZero();
    assertThat(outcome.status()).isEqualTo(status);
    assertThat(outcome.refusedAt()).contains(step);
    assertThat(outcome.reasons()).isNotEmpty();
  }

  @Test
  void theHappyPathExecutesExactlyOnceWithTheApprovedPlan() {
    CountingAction<String> action = CountingAction.returning("done", plan);
    Outcome<String> outcome = executor().build().execute(op(AGENT, PROD), action);
    assertThat(outcome.status()).isEqualTo(Outcome.Status.EXECUTED);
    assertThat(outcome.result()).contains("done");
    assertThat(action.executions()).isEqualTo(1);
    assertThat(action.executedPlans()).containsExactly(plan);
    assertThat(action.dryRuns()).isEqualTo(2);
  }

  @Test
  void aDryRunThatThrowsExecutesNothing() {
    CountingAction<String> action = CountingAction.withDryRuns("x", n -> {
      throw new IllegalStateException("provider crashed");
    });
    Outcome<String> outcome = executor().build().execute(op(ALICE, DEV), action);
    assertRefused(outcome, action, Outcome.Status.FAILED, Step.DRY_RUN);
    assertThat(outcome.reasons().get(0)).contains("provider crashed");
  }

  @Test
  void aDryRunThatReturnsNullExecutesNothingAndNamesTheCulprit() {
    CountingAction<String> action = CountingAction.withDryRuns("x", n -> null);
    Outcome<String> outcome = executor().build().execute(op(ALICE, DEV), action);
    assertRefused(outcome, action, Outcome.Status.FAILED, Step.DRY_RUN);
    assertThat(outcome.reasons().get(0)).contains("dryRun()").contains("returned null");
  }

  @Test
  void anEvaluatorThatThrowsExecutesNothing() {
    CountingAction<String> action = CountingAction.returning("x", plan);
    Outcome<String> outcome = executor().evaluator((p, o) -> {
      throw new IllegalStateException("catalog unreadable");
    }).build().execute(op(ALICE, DEV), action);
    assertRefused(outcome, action, Outcome.Status.FAILED, Step.EVALUATE);
  }

  @Test
  void anEvaluatorThatReturnsNullExecutesNothing() {
    CountingAction<String> action = CountingAction.returning("x", plan);
    Outcome<String> outcome = executor().evaluator((p, o) -> null).build().execute(op(ALICE, DEV), action);
    assertRefused(outcome, action, Outcome.Status.FAILED, Step.EVALUATE);
  }

  @Test
  void aRuleThatReturnsNullFailsTheEvaluation() {
    Rule broken = new Rule() {
      @Override
      public String id() {
        return "broken";
      }

      @Override
      public List<Finding> evaluate(Plan p, Operation o) {
        return null;
      }
    };
    CountingAction<String> action = CountingAction.returning("x", plan);
    Outcome<String> outcome = executor().evaluator(BlastRadiusEvaluator.of(List.of(broken))).build().execute(op(ALICE, DEV), action);
    assertRefused(outcome, action, Outcome.Status.FAILED, Step.EVALUATE);
    assertThat(outcome.reasons().get(0)).contains("rule broken returned null");
  }

  @Test
  void aPolicyThatThrowsExecutesNothing() {
    CountingAction<String> action = CountingAction.returning("x", plan);
    Outcome<String> outcome = executor().policy((o, b) -> {
      throw new IllegalStateException("policy bug");
    }).build().execute(op(ALICE, DEV), action);
    assertRefused(outcome, action, Outcome.Status.FAILED, Step.POLICY);
  }

  @Test
  void aPolicyThatReturnsNullExecutesNothing() {
    CountingAction<String> action = CountingAction.returning("x", plan);
    Outcome<String> outcome = executor().policy((o, b) -> null).build().execute(op(ALICE, DEV), action);
    assertRefused(outcome, action, Outcome.Status.FAILED, Step.POLICY);
  }

  @Test
  void aPolicyDenyIsDenied() {
    CountingAction<String> action = CountingAction.returning("x", plan);
    Outcome<String> outcome = executor().evaluator(fixedLevel(Level.CRITICAL)).build().execute(op(ALICE, PROD), action);
    assertRefused(outcome, action, Outcome.Status.DENIED, Step.POLICY);
    assertThat(outcome.reasons()).anySatisfy(r -> assertThat(r).contains("break-glass"));
  }

  @Test
  void aCallbackThatThrowsIsNotApproved() {
    CountingAction<String> action = CountingAction.returning("x", plan);
    Outcome<String> outcome = executor().approvalCallback(FakeApprovals.throwing(new IllegalStateException("slack down")))
        .build().execute(op(ALICE, PROD), action);
    assertRefused(outcome, action, Outcome.Status.NOT_APPROVED, Step.APPROVAL);
    assertThat(outcome.reasons().get(0)).contains("slack down");
  }

  @Test
  void aCallbackThatFailsAsynchronouslyIsNotApproved() {
    CountingAction<String> action = CountingAction.returning("x", plan);
    Outcome<String> outcome = executor().approvalCallback(FakeApprovals.failWith(new IllegalStateException("webhook 500")))
        .build().execute(op(ALICE, PROD), action);
    assertRefused(outcome, action, Outcome.Status.NOT_APPROVED, Step.APPROVAL);
    assertThat(outcome.reasons().get(0)).contains("webhook 500");
  }

  @Test
  void anErrorThrownByTheCallbackIsReportedAndAuditedAtTheApprovalStep() {
    CountingAction<String> action = CountingAction.returning("x", plan);
    ApprovalCallback broken = request -> {
      throw new AssertionError("bug in the Slack bridge");
    };
    Outcome<String> outcome = executor().approvalCallback(broken).build().execute(op(ALICE, PROD), action);
    assertRefused(outcome, action, Outcome.Status.FAILED, Step.APPROVAL);
    assertThat(outcome.reasons().get(0)).contains("bug in the Slack bridge");
    assertThat(audit.events()).last().satisfies(e -> {
      assertThat(e.step()).isEqualTo(Step.APPROVAL);
      assertThat(e.verdict()).isEqualTo("FAILED");
    });
  }

  @Test
  void aCallbackThatNeverAnswersTimesOutAndIsNotApproved() {
    CountingAction<String> action = CountingAction.returning("x", plan);
    Outcome<String> outcome = executor().approvalCallback(FakeApprovals.neverAnswer()).approvalTimeout(Duration.ofMillis(50))
        .build().execute(op(ALICE, PROD), action);
    assertRefused(outcome, action, Outcome.Status.NOT_APPROVED, Step.APPROVAL);
    assertThat(outcome.reasons().get(0)).contains("no answer");
  }

  @Test
  void aCallbackThatAnswersNullIsNotApproved() {
    CountingAction<String> action = CountingAction.returning("x", plan);
    Outcome<String> outcome = executor().approvalCallback(FakeApprovals.answerNull()).build().execute(op(ALICE, PROD), action);
    assertRefused(outcome, action, Outcome.Status.NOT_APPROVED, Step.APPROVAL);
  }

  @Test
  void aCallbackThatReturnsANullStageIsNotApproved() {
    CountingAction<String> action = CountingAction.returning("x", plan);
    Outcome<String> outcome = executor().approvalCallback(FakeApprovals.returnNullStage()).build().execute(op(ALICE, PROD), action);
    assertRefused(outcome, action, Outcome.Status.NOT_APPROVED, Step.APPROVAL);
  }

  @Test
  void anAuditThatCannotRecordExecutingExecutesNothing() {
    audit.failOnVerdict("EXECUTING");
    CountingAction<String> action = CountingAction.returning("x", plan);
    Outcome<String> outcome = executor().build().execute(op(ALICE, PROD), action);
    assertRefused(outcome, action, Outcome.Status.FAILED, Step.AUDIT);
    assertThat(outcome.reasons().get(0)).contains("audit trail could not be written");
  }

  @Test
  void anAuditThatFailsAtAnyStepBeforeExecutionExecutesNothing() {
    for (Step step : List.of(Step.LOCK, Step.DRY_RUN, Step.EVALUATE, Step.POLICY, Step.APPROVAL, Step.BUDGET, Step.VERIFY)) {
      RecordingAuditSink failing = new RecordingAuditSink().failAt(step);
      CountingAction<String> action = CountingAction.returning("x", plan);
      Outcome<String> outcome = GuardedExecutor.builder().clock(clock).auditSink(failing).evaluator(fixedLevel(Level.LOW))
          .approvalCallback(FakeApprovals.approveAs(clock, BOB)).build().execute(op(ALICE, PROD), action);
      assertThat(action.executions()).as("executions when audit fails at " + step).isZero();
      assertThat(outcome.refusedAt()).as("step").contains(step);
      assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    }
  }

  @Test
  void theExecutingEventIsDurableBeforeTheActionRuns() {
    CountingAction<String> action = CountingAction.returning("x", plan)
        .onExecute(p -> assertThat(audit.verdicts()).last().isEqualTo("EXECUTING"));
    Outcome<String> outcome = executor().build().execute(op(ALICE, DEV), action);
    assertThat(outcome.executed()).isTrue();
    assertThat(audit.verdicts()).containsSubsequence("REQUESTED", "LOCKED", "PLANNED", "LOW", "ALLOW", "NOT_REQUIRED",
        "OK", "UNCHANGED", "EXECUTING", "EXECUTED");
  }

  @Test
  void aHeldLockRefusesAtTheLockStep() {
    LockProvider locks = LockProvider.inMemory(clock);
    locks.acquire("test/scope", "someone-else", Duration.ofMinutes(5), Duration.ZERO).orElseThrow();
    CountingAction<String> action = CountingAction.returning("x", plan);
    Outcome<String> outcome = executor().lockProvider(locks).build().execute(op(ALICE, DEV), action);
    assertRefused(outcome, action, Outcome.Status.FAILED, Step.LOCK);
    assertThat(outcome.reasons().get(0)).contains("locked by \"someone-else\"", "fencing token 1");
  }

  @Test
  void aLockProviderThatThrowsRefusesAtTheLockStep() {
    LockProvider broken = new LockProvider() {
      @Override
      public Optional<LockLease> acquire(String scope, String owner, Duration lease, Duration maxWait) {
        throw new StoreException("lock", "table not found");
      }

      @Override
      public boolean isCurrent(LockLease lease) {
        return true;
      }

      @Override
      public void release(LockLease lease) {}
    };
    CountingAction<String> action = CountingAction.returning("x", plan);
    Outcome<String> outcome = executor().lockProvider(broken).build().execute(op(ALICE, DEV), action);
    assertRefused(outcome, action, Outcome.Status.FAILED, Step.LOCK);
    assertThat(outcome.reasons().get(0)).contains("table not found");
  }

  @Test
  void aLeaseThatExpiredBeforeExecutionExecutesNothing() {
    // Approval takes longer than the lease: by execution the lock may belong to someone else.
    FakeApprovals slowHumans = FakeApprovals.approveAs(clock, Duration.ofHours(2), BOB);
    ApprovalCallback advancing = request -> {
      clock.advance(Duration.ofMinutes(31));
      return slowHumans.requestApprovals(request);
    };
    CountingAction<String> action = CountingAction.returning("x", plan);
    Outcome<String> outcome = executor().approvalCallback(advancing).approvalTimeout(Duration.ofHours(1))
        .lockLease(Duration.ofMinutes(30)).build().execute(op(ALICE, PROD), action);
    assertRefused(outcome, action, Outcome.Status.FAILED, Step.AUDIT);
    assertThat(outcome.reasons().get(0)).contains("fencing token");
  }

  @Test
  void aPlanThatChangedBetweenApprovalAndExecutionExecutesNothing() {
    Plan other = deletePlan("aws_instance.database");
    CountingAction<String> action = CountingAction.withDryRuns("x", n -> n == 1 ? plan : other);
    Outcome<String> outcome = executor().build().execute(op(ALICE, PROD), action);
    assertRefused(outcome, action, Outcome.Status.NOT_APPROVED, Step.VERIFY);
    assertThat(outcome.reasons().get(0)).contains("plan changed");
  }

  @Test
  void aSecondDryRunThatThrowsExecutesNothing() {
    CountingAction<String> action = CountingAction.withDryRuns("x", n -> {
      if (n == 2) {
        throw new IllegalStateException("state locked");
      }
      return plan;
    });
    Outcome<String> outcome = executor().build().execute(op(ALICE, DEV), action);
    assertRefused(outcome, action, Outcome.Status.FAILED, Step.VERIFY);
  }

  @Test
  void anApprovalThatExpiresBeforeExecutionExecutesNothing() {
    FakeApprovals shortLived = FakeApprovals.approveAs(clock, Duration.ofMinutes(1), BOB);
    CountingAction<String> action = CountingAction.withDryRuns("x", n -> {
      if (n == 2) {
        clock.advance(Duration.ofMinutes(2));
      }
      return plan;
    });
    Outcome<String> outcome = executor().approvalCallback(shortLived).build().execute(op(ALICE, PROD), action);
    assertRefused(outcome, action, Outcome.Status.NOT_APPROVED, Step.VERIFY);
    assertThat(outcome.reasons().get(0)).contains("expired");
  }

  @Test
  void aBudgetLedgerThatThrowsExecutesNothing() {
    BudgetLedger broken = new BudgetLedger() {
      @Override
      public boolean tryConsume(String key, int amount, int limit, Duration window, Instant now) {
        throw new StoreException("budget", "throttled");
      }

      @Override
      public int used(String key, Duration window, Instant now) {
        throw new StoreException("budget", "throttled");
      }
    };
    CountingAction<String> action = CountingAction.returning("x", plan);
    Outcome<String> outcome = executor().budgetLedger(broken).build().execute(op(ALICE, DEV), action);
    assertRefused(outcome, action, Outcome.Status.FAILED, Step.BUDGET);
  }

  @Test
  void aRunOfDeletesOneAtATimeHitsTheDestructiveBudget() {
    GuardedExecutor executor = executor().budget(DestructiveBudget.of(3, Duration.ofHours(1))).build();
    int executed = 0;
    Outcome<String> last = null;
    for (int i = 0; i < 5; i++) {
      CountingAction<String> action = CountingAction.returning("x", deletePlan("aws_instance.dup" + i));
      last = executor.execute(op(AGENT, DEV), action);
      executed += action.executions();
    }
    assertThat(executed).isEqualTo(3);
    assertThat(last.status()).isEqualTo(Outcome.Status.DENIED);
    assertThat(last.refusedAt()).contains(Step.BUDGET);
    assertThat(last.reasons().get(0)).contains("destructive change(s)").contains("budget is 3");
    // The window slides: an hour later the requester may delete again.
    clock.advance(Duration.ofMinutes(61));
    CountingAction<String> later = CountingAction.returning("x", deletePlan("aws_instance.dup9"));
    assertThat(executor.execute(op(AGENT, DEV), later).executed()).isTrue();
  }

  @Test
  void anActionThatFailsWhileExecutingIsNotRetried() {
    CountingAction<String> action = CountingAction.returning("x", plan).onExecute(p -> {
      throw new IllegalStateException("API error");
    });
    Outcome<String> outcome = executor().build().execute(op(ALICE, DEV), action);
    assertThat(action.executions()).isEqualTo(1);
    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.refusedAt()).contains(Step.EXECUTE);
    assertThat(audit.verdicts()).contains("EXECUTION_FAILED");
  }

  @Test
  void aScopelessActionIsRefusedAtTheLockStep() {
    CountingAction<String> action = CountingAction.returning("x", plan).inScope(" ");
    Outcome<String> outcome = executor().build().execute(op(ALICE, DEV), action);
    assertRefused(outcome, action, Outcome.Status.FAILED, Step.LOCK);
  }

  @Test
  void aListenerThatThrowsChangesNothing() {
    CountingAction<String> action = CountingAction.returning("x", plan);
    Outcome<String> outcome = executor().addListener(new GuardListener() {
      @Override
      public void onEvent(AuditEvent event) {
        throw new IllegalStateException("metrics down");
      }
    }).build().execute(op(ALICE, DEV), action);
    assertThat(outcome.executed()).isTrue();
  }

  @Test
  void theApprovedExecutionIsVisibleOnlyWhileExecuting() {
    Operation operation = op(ALICE, DEV);
    CountingAction<String> action = CountingAction.returning("x", plan).onExecute(p -> {
      assertThat(ApprovedExecution.current()).hasValueSatisfying(e -> {
        assertThat(e.operation()).isEqualTo(operation);
        assertThat(e.plan().digest()).isEqualTo(plan.digest());
      });
    });
    assertThat(ApprovedExecution.current()).isEmpty();
    assertThat(executor().build().execute(operation, action).executed()).isTrue();
    assertThat(ApprovedExecution.current()).isEmpty();
  }

  @Test
  void anExecutorWithoutAnAuditSinkCannotBeBuilt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> GuardedExecutor.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("auditSink");
  }
}
