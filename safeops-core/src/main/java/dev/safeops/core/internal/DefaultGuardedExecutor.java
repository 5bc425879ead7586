package dev.safeops.core.internal;

import dev.safeops.core.Approval;
import dev.safeops.core.ApprovalRequest;
import dev.safeops.core.ApprovedExecution;
import dev.safeops.core.AuditEvent;
import dev.safeops.core.BlastRadius;
import dev.safeops.core.Decision;
import dev.safeops.core.Finding;
import dev.safeops.core.GuardListener;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.InvariantViolationException;

import dev.safeops.core.LockLease;
import dev.safeops.core.Operation;
import dev.safeops.core.Outcome;
import dev.safeops.core.Plan;
import dev.safeops.core.RequestRefusedException;
import dev.safeops.core.Step;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pipeline of {@link GuardedExecutor}, step by step. Every path before step 9 fails closed. */
public final class DefaultGuardedExecutor implements GuardedExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultGuardedExecutor.class);

  private final GuardedExecutor.Builder config;
  private final dev.safeops.core.BlastRadiusEvaluator evaluator;
  private final dev.safeops.core.LockProvider locks;
  private final dev.safeops.core.ApprovalLedger approvalLedger;
  private final dev.safeops.core.BudgetLedger budgetLedger;
  private final TimeLimiter approvalLimiter;
  private final List<GuardListener> listeners;

  public DefaultGuardedExecutor(GuardedExecutor.Builder config) {
    this.config = config;
    this.evaluator = config.evaluator();
    this.locks = config.lockProvider();
    this.approvalLedger = config.approvalLedger();
    this.budgetLedger = config.budgetLedger();
    this.listeners = config.listeners();
    this.approvalLimiter = TimeLimiter.of("safeops-approval",
        TimeLimiterConfig.custom().timeoutDuration(config.approvalTimeout()).cancelRunningFuture(true).build());
  }

  public static String defaultOwner() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "unknown-host";
    }
    return host + "/" + ManagementFactory.getRuntimeMXBean().getPid();
  }

  /** Thrown inside the pipeline to stop at a step; becomes the outcome. */
  private static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Outcome.Status status;
    final Step step;
    final List<String> reasons;

    Refusal(Outcome.Status status, Step step, List<String> reasons, Throwable cause) {
      super(String.join("; ", reasons), cause, false, false);
      this.status = status;
      this.step = step;
      this.reasons = reasons;
    }
  }

  /** The mutable record of one execution as it moves through the steps. */
  private final class Run<T> {
    final Operation op;
    final GuardedAction<T> action;
    final String scope;
    int sequence;
    // The step in progress, so an unexpected failure is reported (and audited) where it happened.
    Step step = Step.LOCK;
    Plan plan;
    BlastRadius blastRadius;
    Decision decision;

    Run(Operation op, GuardedAction<T> action, String scope) {
      this.op = op;
      this.action = action;
      this.scope = scope;
    }

    void audit(Step step, String verdict, String detail, List<String> approvers) {
      this.step = step;
      AuditEvent event = AuditEvent.builder()
          .operationId(op.id())
          .sequence(++sequence)
          .step(step)
          .time(config.clock().instant())
          .operationName(op.name())
          .principal(op.requester())
          .environment(op.environment().name())
          .scope(scope)
          .planDigest(plan == null ? null : plan.digest())
          .verdict(verdict)
          .level(blastRadius == null ? null : blastRadius.level())
          .detail(detail)
          .approvers(approvers)
          .build();
      try {
        config.auditSink().record(event);
      } catch (RuntimeException e) {
        throw new Refusal(Outcome.Status.FAILED, step,
            List.of("the audit trail could not be written at step " + step + ", so nothing was executed: " + message(e)), e);
      }
      for (GuardListener l : listeners) {
        try {
          l.onEvent(event);
        } catch (RuntimeException e) {
          LOG.warn("listener {} failed on {}; ignored", l, event, e);
        }
      }
    }

    void audit(Step step, String verdict, String detail) {
      audit(step, verdict, detail, List.of());
    }

    Outcome.Builder<T> outcome(Outcome.Status status) {
      Outcome.Builder<T> b = Outcome.builder(status, op.id());
      return b.plan(plan).blastRadius(blastRadius).decision(decision);
    }
  }

  @Override
  public <T> Outcome<T> execute(Operation operation, GuardedAction<T> action) {
    if (operation == null || action == null) {
      throw new NullPointerException(operation == null ? "operation" : "action");
    }
    String scope;
    try {
      scope = action.scope();
    } catch (RuntimeException e) {
      scope = null;
    }
    Run<T> run = new Run<>(operation, action, scope == null ? "" : scope);
    Outcome<T> outcome;
    try {
      if (scope == null || scope.isBlank()) {
        throw new Refusal(Outcome.Status.FAILED, Step.LOCK,
            List.of("the guarded action " + action.getClass().getName() + " declared no scope, so it cannot be locked"), null);
      }
      outcome = lockedRun(run);
    } catch (Refusal r) {
      outcome = refused(run, r);
    } catch (RuntimeException | Error e) {
      // A defect in safeops or a collaborator we did not anticipate. Execution is reached only
      // through step 9, which reports its own failures, so nothing executed: say where it broke.
      outcome = refused(run, new Refusal(Outcome.Status.FAILED, run.step,
          List.of("unexpected failure at step " + run.step + ", so nothing was executed: " + message(e)), e));
    }
    for (GuardListener l : listeners) {
      try {
        l.onOutcome(operation, outcome);
      } catch (RuntimeException e) {
        LOG.warn("listener {} failed on outcome {}; ignored", l, outcome, e);
      }
    }
    return outcome;
  }

  private <T> Outcome<T> refused(Run<T> run, Refusal r) {
    try {
      // Record the refusal itself; if even that fails the refusal stands.
      run.audit(r.step, r.status.name(), String.join("; ", r.reasons));
    } catch (Refusal ignored) {
      LOG.error("could not audit the refusal of operation {} at {}: {}", run.op.id(), r.step, r.reasons);
    }
    return run.outcome(r.status).refusedAt(r.step).reasons(r.reasons).failure(r.getCause()).build();
  }

  private <T> Outcome<T> lockedRun(Run<T> run) {
    // Step 1: lock.
    run.audit(Step.LOCK, "REQUESTED", run.op.name() + " requested by " + run.op.requester()
        + (run.op.reason().isEmpty() ? "" : " because: " + run.op.reason()));
    LockLease lease;
    try {
      Optional<LockLease> got = locks.acquire(run.scope, config.owner() + "/" + run.op.id(), config.lockLease(), config.lockWait());
      if (got == null || got.isEmpty()) {
        throw new Refusal(Outcome.Status.FAILED, Step.LOCK,
            List.of("scope " + run.scope + " is locked by another operation; waited " + config.lockWait() + ", nothing was executed"), null);
      }
      lease = got.get();
    } catch (Refusal r) {
      throw r;
    } catch (RuntimeException e) {
      throw new Refusal(Outcome.Status.FAILED, Step.LOCK,
          List.of("the lock for scope " + run.scope + " could not be taken: " + message(e)), e);
    }
    try {
      run.audit(Step.LOCK, "LOCKED", "fencing token " + lease.fencingToken());
      return pipeline(run, lease);
    } finally {
      try {
        locks.release(lease);
      } catch (RuntimeException e) {
        LOG.warn("could not release lock on {} (it expires at {}): {}", run.scope, lease.expiresAt(), message(e));
      }
    }
  }

  private <T> Outcome<T> pipeline(Run<T> run, LockLease lease) {
    // Step 2: dry run.
    run.step = Step.DRY_RUN;
    run.plan = dryRun(run, Step.DRY_RUN);
    run.audit(Step.DRY_RUN, "PLANNED", describe(run.plan));

    // Step 3: blast radius.
    run.step = Step.EVALUATE;
    try {
      run.blastRadius = evaluator.evaluate(run.plan, run.op);
    } catch (RuntimeException e) {
      throw new Refusal(Outcome.Status.FAILED, Step.EVALUATE, List.of("the blast-radius evaluation failed: " + message(e)), e);
    }
    if (run.blastRadius == null) {
      throw new Refusal(Outcome.Status.FAILED, Step.EVALUATE,
          List.of("the blast-radius evaluator " + evaluator.getClass().getName() + " returned null"), null);
    }
    run.audit(Step.EVALUATE, run.blastRadius.level().name(), summary(run.blastRadius));

    // Step 4: policy.
    run.step = Step.POLICY;
    try {
      run.decision = config.policy().decide(run.op, run.blastRadius);
    } catch (RuntimeException e) {
      throw new Refusal(Outcome.Status.FAILED, Step.POLICY, List.of("the policy failed: " + message(e)), e);
    }
    if (run.decision == null) {
      throw new Refusal(Outcome.Status.FAILED, Step.POLICY,
          List.of("the policy " + config.policy().getClass().getName() + " returned null"), null);
    }
    run.audit(Step.POLICY, run.decision.verdict().name()
        + (run.decision.breakGlass() ? " (BREAK-GLASS)" : ""), String.join("; ", run.decision.reasons()));
    if (run.decision.verdict() == Decision.Verdict.DENY) {
      List<String> reasons = new ArrayList<>(run.decision.reasons());
      run.blastRadius.findings().stream()
          .filter(f -> f.level() == run.blastRadius.level())
          .map(f -> f.ruleId() + ": " + f.message())
          .forEach(reasons::add);
      throw new Refusal(Outcome.Status.DENIED, Step.POLICY, reasons, null);
    }

    // Step 5: approvals.
    run.step = Step.APPROVAL;
    List<Approval> counted = approvals(run);

    // Step 6: destructive budget.
    run.step = Step.BUDGET;
    budget(run);

    // Step 7: dry run again; what runs is what was approved.
    run.step = Step.VERIFY;
    Plan again = dryRun(run, Step.VERIFY);
    if (!again.digest().equals(run.plan.digest())) {
      throw new Refusal(Outcome.Status.NOT_APPROVED, Step.VERIFY, List.of("the plan changed after it was evaluated"
          + (counted.isEmpty() ? "" : " and approved") + " (digest " + TwoPersonRule.abbreviate(run.plan.digest())
          + " became " + TwoPersonRule.abbreviate(again.digest()) + "); nothing was executed, plan and submit again"), null);
    }
    Instant now = config.clock().instant();
    for (Approval a : counted) {
      if (!now.isBefore(a.expiresAt())) {
        throw new Refusal(Outcome.Status.NOT_APPROVED, Step.VERIFY,
            List.of("approval " + a.id() + " by " + a.approver() + " expired at " + a.expiresAt() + " before execution"), null);
      }
    }
    run.audit(Step.VERIFY, "UNCHANGED", "second dry run has the approved digest");

    // Step 8: the lock must still be ours, and EXECUTING must be durable, before anything runs.
    run.step = Step.AUDIT;
    boolean current;
    try {
      current = locks.isCurrent(lease);
    } catch (RuntimeException e) {
      throw new Refusal(Outcome.Status.FAILED, Step.AUDIT,
          List.of("could not confirm the lock on " + run.scope + " is still held: " + message(e)), e);
    }
    if (!current) {
      throw new Refusal(Outcome.Status.FAILED, Step.AUDIT, List.of("the lock on " + run.scope + " (fencing token "
          + lease.fencingToken() + ") expired or was taken over before execution; nothing was executed"), null);
    }
    run.audit(Step.AUDIT, "EXECUTING", "executing plan " + TwoPersonRule.abbreviate(run.plan.digest()),
        counted.stream().map(a -> a.approver().toString()).collect(Collectors.toList()));

    // Step 9: execute, once.
    T result;
    ExecutionContext.set(new ApprovedExecution(run.op, run.plan, lease.fencingToken()));
    try {
      result = run.action.execute(run.plan);
    } catch (Exception | Error e) {
      ExecutionContext.clear();
      List<String> reasons = List.of("the action failed while executing (it was not retried): " + message(e));
      try {
        run.audit(Step.RESULT, "EXECUTION_FAILED", reasons.get(0));
      } catch (Refusal auditFailed) {
        LOG.error("operation {} failed during execution and the failure could not be audited: {}", run.op.id(), reasons);
      }
      return run.outcome(Outcome.Status.FAILED).refusedAt(Step.EXECUTE).reasons(reasons).failure(e).build();
    } finally {
      ExecutionContext.clear();
    }

    // Step 10: audit the result.
    List<String> reasons = new ArrayList<>(run.decision.reasons());
    try {
      run.audit(Step.RESULT, "EXECUTED", "executed");
    } catch (Refusal auditFailed) {
      LOG.error("operation {} executed but its result could not be audited: {}", run.op.id(), auditFailed.reasons);
      reasons.add("executed, but the result could not be audited: " + String.join("; ", auditFailed.reasons));
    }
    return run.outcome(Outcome.Status.EXECUTED).result(result).reasons(reasons).build();
  }

  private <T> Plan dryRun(Run<T> run, Step step) {
    Plan plan;
    try {
      plan = run.action.dryRun();
    } catch (Exception e) {
      throw new Refusal(Outcome.Status.FAILED, step, List.of("the dry run failed, so nothing was executed: " + message(e)), e);
    }
    if (plan == null) {
      throw new Refusal(Outcome.Status.FAILED, step, List.of(new InvariantViolationException(
          "GuardedAction.dryRun() of " + run.action.getClass().getName() + " returned null; it must return a Plan").getMessage()), null);
    }
    return plan;
  }

  private <T> List<Approval> approvals(Run<T> run) {
    if (run.decision.verdict() != Decision.Verdict.REQUIRE_APPROVALS) {
      run.audit(Step.APPROVAL, "NOT_REQUIRED", "policy allows without approval");
      return List.of();
    }
    int needed = TwoPersonRule.required(run.op.requester(), run.decision.approvalsRequired());
    Instant deadline = config.clock().instant().plus(config.approvalTimeout());
    ApprovalRequest request = new ApprovalRequest(run.op, run.plan, run.blastRadius, run.decision, needed, deadline, run.scope);
    run.audit(Step.APPROVAL, "REQUESTED", needed + " approval(s) requested, deadline " + deadline);
    List<Approval> answered;
    try {
      answered = approvalLimiter.executeFutureSupplier(() -> {
        CompletionStage<List<Approval>> stage = config.approvalCallback().requestApprovals(request);
        if (stage == null) {
          throw new InvariantViolationException("the approval callback returned null instead of a CompletionStage");
        }
        return stage.toCompletableFuture();
      });
    } catch (TimeoutException e) {
      throw new Refusal(Outcome.Status.NOT_APPROVED, Step.APPROVAL,
          List.of("no answer from the approval callback within " + config.approvalTimeout() + "; nothing was executed"), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new Refusal(Outcome.Status.NOT_APPROVED, Step.APPROVAL, List.of(callbackRefusal(cause)), cause);
    } catch (Exception e) {
      throw new Refusal(Outcome.Status.NOT_APPROVED, Step.APPROVAL, List.of(callbackRefusal(e)), e);
    }
    if (answered == null) {
      throw new Refusal(Outcome.Status.NOT_APPROVED, Step.APPROVAL, List.of("the approval callback answered null"), null);
    }
    TwoPersonRule.Tally tally;
    try {
      tally = TwoPersonRule.check(request, answered, config.clock().instant(), config.approvalVerifier(), approvalLedger);
    } catch (RuntimeException e) {
      throw new Refusal(Outcome.Status.NOT_APPROVED, Step.APPROVAL, List.of("approvals could not be checked: " + message(e)), e);
    }
    if (tally.counted().size() < needed) {
      List<String> reasons = new ArrayList<>();
      reasons.add(needed + " valid approval(s) needed from humans other than " + run.op.requester()
          + ", got " + tally.counted().size());
      reasons.addAll(tally.rejections());
      throw new Refusal(Outcome.Status.NOT_APPROVED, Step.APPROVAL, reasons, null);
    }
    run.audit(Step.APPROVAL, "APPROVED", tally.counted().size() + " valid approval(s)"
        + (tally.rejections().isEmpty() ? "" : "; ignored: " + String.join("; ", tally.rejections())),
        tally.counted().stream().map(a -> a.approver().toString()).collect(Collectors.toList()));
    return tally.counted();
  }

  /** A durable request that is pending, denied or stale is an answer, not a failure of the callback. */
  private static String callbackRefusal(Throwable e) {
    return e instanceof RequestRefusedException ? message(e) : "the approval callback failed: " + message(e);
  }

  private <T> void budget(Run<T> run) {
    int destructive = (int) run.plan.changes().stream().filter(c -> c.action().destroys()).count();
    if (destructive == 0) {
      run.audit(Step.BUDGET, "OK", "no destructive changes");
      return;
    }
    String key = run.op.requester() + "|" + run.scope;
    var budget = config.budget();
    boolean ok;
    try {
      ok = budgetLedger.tryConsume(key, destructive, budget.maxChanges(), budget.window(), config.clock().instant());
    } catch (RuntimeException e) {
      throw new Refusal(Outcome.Status.FAILED, Step.BUDGET, List.of("the destructive budget could not be checked: " + message(e)), e);
    }
    if (!ok) {
      int used;
      try {
        used = budgetLedger.used(key, budget.window(), config.clock().instant());
      } catch (RuntimeException e) {
        used = -1;
      }
      throw new Refusal(Outcome.Status.DENIED, Step.BUDGET, List.of(run.op.requester() + " has made "
          + (used < 0 ? "an unknown number of" : String.valueOf(used)) + " destructive change(s) in scope " + run.scope
          + " within " + budget.window() + "; this plan adds " + destructive + " and the budget is " + budget.maxChanges()
          + "; wait, or have a human review the run of deletions"), null);
    }
    run.audit(Step.BUDGET, "OK", destructive + " destructive change(s) within the budget of " + budget.maxChanges());
  }

  private static String describe(Plan plan) {
    var counts = new java.util.EnumMap<dev.safeops.core.ChangeAction, Integer>(dev.safeops.core.ChangeAction.class);
    plan.changes().forEach(c -> counts.merge(c.action(), 1, Integer::sum));
    return plan.changes().size() + " change(s) " + counts + (plan.source().isEmpty() ? "" : " from " + plan.source());
  }

  private static String summary(BlastRadius br) {
    if (br.findings().isEmpty()) {
      return "no findings";
    }
    List<Finding> worst = br.findings().stream().filter(f -> f.level() == br.level()).limit(3).toList();
    return br.findings().size() + " finding(s); worst: " + worst.stream()
        .map(f -> f.ruleId() + " " + f.address()).collect(Collectors.joining(", "));
  }

  static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

}
