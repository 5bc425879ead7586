package dev.safeops.benchmarks;

import dev.safeops.core.ApprovalCallback;
import dev.safeops.core.AuditLog;
import dev.safeops.core.ApprovalLedger;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.BudgetLedger;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Decision;
import dev.safeops.core.Environment;
import dev.safeops.core.Finding;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Level;
import dev.safeops.core.LockProvider;
import dev.safeops.core.Operation;
import dev.safeops.core.Outcome;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Rule;
import dev.safeops.core.Tier;
import dev.safeops.core.testing.FakeApprovals;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target: a guarded execution with in-memory stores, a no-op action and an approving fake
 * callback costs under 50 µs.
 *
 * <p>Each invocation is a whole {@code execute}: a new operation (fresh id), lock, dry run,
 * blast radius, policy, approval by a callback that approves at once as two humans
 * (production, approvals made by {@link FakeApprovals#approval}) or
 * none (development), two-person rule, budget, the second dry run and digest check, the
 * audit of every step into an in-memory log, the no-op execution and the result. The stores
 * are renewed every {@value #RENEW_EVERY} executions so the in-memory audit log does not grow
 * without bound; the renewal is paid inside the measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ExecutorBenchmark {
  static final int RENEW_EVERY = 10_000;
  private static final Principal ALICE = Principal.human("alice");
  private static final Principal BOB = Principal.human("bob");

  /** PRODUCTION: the update needs two humans, the fake approves as alice and bob. DEVELOPMENT: allowed outright. */
  @Param({"PRODUCTION", "DEVELOPMENT"})
  public Tier tier;

  private final Clock clock = Clock.systemUTC();
  // FakeApprovals.approveAs answers the same way but also records every request it sees (for
  // tests to inspect); over millions of calls that list would be what we measure.
  private final ApprovalCallback approveAsAliceAndBob = request -> CompletableFuture.completedFuture(List.of(
      FakeApprovals.approval(ALICE, request.planDigest(), clock, Duration.ofMinutes(15)),
      FakeApprovals.approval(BOB, request.planDigest(), clock, Duration.ofMinutes(15))));
  // The default rules as users get them, plus one that marks any resize LOW, so the
  // production case goes through approvals whatever the default rules think of a resize.
  private final BlastRadiusEvaluator evaluator = BlastRadiusEvaluator.builder()
      .addRule(new Rule() {
        @Override
        public String id() {
          return "benchmark.resize";
        }

        @Override
        public List<Finding> evaluate(Plan plan, Operation operation) {
          return plan.changes().stream()
              .filter(c -> c.action() == ChangeAction.UPDATE && !c.before().equals(c.after()))
              .map(c -> new Finding(id(), Level.LOW, c.address(), "the instance is resized"))
              .toList();
        }
      })
      .build();
  private Environment environment;
  private GuardedAction<String> action;
  private GuardedExecutor executor;
  private int executions;

  @Setup
  public void setUp() {
    environment = Environment.of("prod-eu", tier);
    Plan plan = Plan.of(List.of(ResourceChange.builder()
        .address("module.app.aws_instance.web[0]")
        .type("aws_instance")
        .provider("aws")
        .action(ChangeAction.UPDATE)
        .before(Map.of("instance_type", "t3.micro", "tags", Map.of("Team", "payments")))
        .after(Map.of("instance_type", "t3.large", "tags", Map.of("Team", "payments")))
        .build()));
    action = GuardedAction.of("prod-eu/app", () -> plan, approved -> "done");
    renew();
    // Measure the path we claim to measure: it must execute, and in production through approvals.
    Outcome<String> first = execute();
    if (!first.executed()) {
      throw new IllegalStateException("benchmark setup does not execute: " + first);
    }
    boolean approvals = first.decision().map(d -> d.verdict() != Decision.Verdict.ALLOW).orElse(false);
    if (approvals != (tier == Tier.PRODUCTION)) {
      throw new IllegalStateException("expected approvals only in production, got " + first.decision());
    }
  }

  private void renew() {
    executor = GuardedExecutor.builder()
        .clock(clock)
        .evaluator(evaluator)
        .auditSink(AuditLog.inMemory())
        .lockProvider(LockProvider.inMemory(clock))
        .approvalLedger(ApprovalLedger.inMemory())
        .budgetLedger(BudgetLedger.inMemory())
        .approvalCallback(approveAsAliceAndBob)
        .build();
  }

  private Outcome<String> execute() {
    Operation op = Operation.builder()
        .name("aws ec2:ModifyInstanceAttribute")
        .requester(Principal.agent("claude"))
        .environment(environment)
        .reason("resize the web tier")
        .build();
    return executor.execute(op, action);
  }

  @Benchmark
  public Outcome<String> guardedExecution() {
    if (++executions % RENEW_EVERY == 0) {
      renew();
    }
    return execute();
  }
}
