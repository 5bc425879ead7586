package dev.safeops.core.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.safeops.core.Approval;
import dev.safeops.core.ApprovalRequest;
import dev.safeops.core.ApprovedExecution;
import dev.safeops.core.AuditEvent;
import dev.safeops.core.AuditLog;
import dev.safeops.core.AuditSink;
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
import dev.safeops.core.UnknownOutcome;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pipeline of {@link GuardedExecutor}, step by step. Every path before step 9 fails closed. */
public final class DefaultGuardedExecutor implements GuardedExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultGuardedExecutor.class);

  // Approval callbacks run here, never on the caller's thread, so a callback that blocks cannot
  // hold the caller past the deadline. Daemon threads: a callback that never returns must not
  // keep the JVM alive.
  private static final ExecutorService APPROVAL_THREADS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "safeops-approval");
    t.setDaemon(true);
    return t;
  });

  private final ExecutorConfig config;
  private final dev.safeops.core.BlastRadiusEvaluator evaluator;
  private final dev.safeops.core.LockProvider locks;
  private final dev.safeops.core.ApprovalLedger approvalLedger;
  private final dev.safeops.core.BudgetLedger budgetLedger;
  private final TimeLimiter approvalLimiter;
  private final List<GuardListener> listeners;

  public DefaultGuardedExecutor(ExecutorConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.evaluator = config.evaluator();
    this.locks = config.lockProvider();
    this.approvalLedger = config.approvalLedger();
    this.budgetLedger = config.budgetLedger();
    this.listeners = config.listeners();
    this.approvalLimiter = TimeLimiter.of("safeops-approval",
        TimeLimiterConfig.custom().timeoutDuration(config.approvalTimeout()).cancelRunningFuture(true).build());
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
    // What this run learnt on the way that a person must know whatever the outcome (a previous
    // holder's unknown outcome); added to the outcome's reasons.
    final List<String> notes = new ArrayList<>();

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

    List<String> withNotes(List<String> reasons) {
      if (notes.isEmpty()) {
        return reasons;
      }
      List<String> all = new ArrayList<>(reasons);
      all.addAll(notes);
      return all;
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
    return run.outcome(r.status).refusedAt(r.step).reasons(run.withNotes(r.reasons)).failure(r.getCause()).build();
  }

  private <T> Outcome<T> lockedRun(Run<T> run) {
    // Step 1: lock.
    run.audit(Step.LOCK, "REQUESTED", run.op.name() + " requested by " + run.op.requester()
        + (run.op.reason().isEmpty() ? "" : " because: " + run.op.reason()));
    String owner = LockOwner.of(config.owner(), run.op.id()).encode();
    // Who held the scope before us, looked at only to report on it: a holder that never released
    // the lock may have died while executing.
    Optional<LockLease> previous = holder(run.scope);
    LockLease lease;
    try {
      Optional<LockLease> got = locks.acquire(run.scope, owner, config.lockLease(), config.lockWait());
      if (got == null || got.isEmpty()) {
        throw new Refusal(Outcome.Status.FAILED, Step.LOCK, lockedBy(run), null);
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
      // Taken over from a lease that expired rather than being released: its holder died or
      // overran it. (A holder that released in time was done; its trail need not be read.)
      Instant grantedAt = config.clock().instant();
      previous.filter(p -> !p.owner().equals(owner) && !grantedAt.isBefore(p.expiresAt()))
          .ifPresent(p -> reportUnfinished(run, p));
      return pipeline(run, lease);
    } finally {
      try {
        locks.release(lease);
      } catch (RuntimeException e) {
        LOG.warn("could not release lock on {} (it expires at {}): {}", run.scope, lease.expiresAt(), message(e));
      }
    }
  }

  /** The scope's holder (or last unreleased holder), or empty when unknown; never fails the run. */
  private Optional<LockLease> holder(String scope) {
    try {
      Optional<LockLease> h = locks.holder(scope);
      return h == null ? Optional.empty() : h;
    } catch (RuntimeException e) {
      LOG.debug("could not read the holder of {}: {}", scope, message(e));
      return Optional.empty();
    }
  }

  /** Why the lock was refused, naming the holder and whether its process still runs. */
  private List<String> lockedBy(Run<?> run) {
    Optional<LockLease> held = holder(run.scope);
    String waited = "waited " + config.lockWait() + ", nothing was executed";
    if (held.isEmpty()) {
      return List.of("scope " + run.scope + " is locked by another operation; " + waited);
    }
    LockLease h = held.get();
    Optional<LockOwner> who = LockOwner.parse(h.owner());
    List<String> reasons = new ArrayList<>();
    reasons.add("scope " + run.scope + " is locked by " + who.map(LockOwner::describe).orElse("\"" + h.owner() + "\"")
        + ", fencing token " + h.fencingToken() + ", until " + h.expiresAt() + "; " + waited);
    if (who.isPresent() && who.get().knownDead()) {
      unknownOutcome(who.get().operationId()).ifPresent(reasons::add);
    }
    return reasons;
  }

  /**
   * A previous holder that never released the lock: if its trail has EXECUTING without a result,
   * nobody knows what its action did. Noted in this run's audit and outcome; it refuses nothing,
   * since this run plans afresh against what is there now.
   */
  private void reportUnfinished(Run<?> run, LockLease previous) {
    Optional<LockOwner> who = LockOwner.parse(previous.owner());
    if (who.isEmpty()) {
      return;
    }
    unknownOutcome(who.get().operationId()).ifPresent(note -> {
      run.notes.add(note);
      run.audit(Step.LOCK, "OUTCOME_UNKNOWN", note);
    });
  }

  /** The sentence about operation {@code operationId}'s unknown outcome, if its trail shows one. */
  private Optional<String> unknownOutcome(String operationId) {
    Optional<AuditLog> log = readable(config.auditSink());
    if (log.isEmpty()) {
      return Optional.of("operation " + operationId + " held the lock and never released it, and this audit sink cannot"
          + " be read back to tell whether it executed: outcome unknown: check the infrastructure");
    }
    try {
      return UnknownOutcome.in(log.get().read(operationId)).map(UnknownOutcome::message);
    } catch (RuntimeException e) {
      return Optional.of("operation " + operationId + " held the lock and never released it, and its audit trail could not"
          + " be read (" + message(e) + "): outcome unknown: check the infrastructure");
    }
  }

  private static Optional<AuditLog> readable(AuditSink sink) {
    if (sink instanceof AuditLog log) {
      return Optional.of(log);
    }
    if (sink instanceof CompositeAuditSink composite) {
      return composite.sinks().stream().filter(AuditLog.class::isInstance).map(AuditLog.class::cast).findFirst();
    }
    return Optional.empty();
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

    // Step 8: the lock must still be ours, renewed to a full lease for the execution, and
    // EXECUTING must be durable, before anything runs.
    run.step = Step.AUDIT;
    Optional<LockLease> renewed;
    try {
      renewed = locks.renew(lease, config.lockLease());
    } catch (UnsupportedOperationException e) {
      throw new Refusal(Outcome.Status.FAILED, Step.AUDIT, List.of("the lock provider " + locks.getClass().getName()
          + " cannot renew a lease (LockProvider.renew), so the lock on " + run.scope + " could lapse while the action"
          + " runs and another operation run alongside it; nothing was executed"), e);
    } catch (RuntimeException e) {
      throw new Refusal(Outcome.Status.FAILED, Step.AUDIT,
          List.of("could not confirm the lock on " + run.scope + " is still held: " + message(e)), e);
    }
    if (renewed == null || renewed.isEmpty()) {
      throw new Refusal(Outcome.Status.FAILED, Step.AUDIT, List.of("the lock on " + run.scope + " (fencing token "
          + lease.fencingToken() + ") expired or was taken over before execution; nothing was executed"), null);
    }
    T result = null;
    Throwable failure = null;
    // Kept alive from here until the action returns, so the lease cannot lapse while it runs.
    LeaseKeeper keeper = LeaseKeeper.start(locks, config.clock(), renewed.get(), config.lockLease());
    try {
      run.audit(Step.AUDIT, UnknownOutcome.EXECUTING, "executing plan " + TwoPersonRule.abbreviate(run.plan.digest()),
          counted.stream().map(a -> a.approver().toString()).collect(Collectors.toList()));

      // Step 9: execute, once.
      ExecutionContext.set(new ApprovedExecution(run.op, run.plan, lease.fencingToken()));
      try {
        result = run.action.execute(run.plan);
      } catch (Exception | Error e) {
        failure = e;
      } finally {
        ExecutionContext.clear();
      }
    } finally {
      keeper.close();
    }
    // Before the result is recorded: was the lease (fencing token included) ours to the end?
    Optional<String> leaseLost = leaseLost(run, keeper);

    // Step 10: audit the result.
    if (failure != null) {
      List<String> reasons = new ArrayList<>();
      reasons.add("the action failed while executing (it was not retried): " + message(failure));
      leaseLost.ifPresent(reasons::add);
      try {
        run.audit(Step.RESULT, "EXECUTION_FAILED", String.join("; ", reasons));
      } catch (Refusal auditFailed) {
        LOG.error("operation {} failed during execution and the failure could not be audited: {}", run.op.id(), reasons);
      }
      return run.outcome(Outcome.Status.FAILED).refusedAt(Step.EXECUTE).reasons(run.withNotes(reasons)).failure(failure).build();
    }
    List<String> reasons = new ArrayList<>(run.decision.reasons());
    leaseLost.ifPresent(reasons::add);
    try {
      run.audit(Step.RESULT, leaseLost.isPresent() ? "EXECUTED_LEASE_LOST" : "EXECUTED", leaseLost.orElse("executed"));
    } catch (Refusal auditFailed) {
      LOG.error("operation {} executed but its result could not be audited: {}", run.op.id(), auditFailed.reasons);
      reasons.add("executed, but the result could not be audited: " + String.join("; ", auditFailed.reasons));
    }
    return run.outcome(Outcome.Status.EXECUTED).result(result).reasons(run.withNotes(reasons)).build();
  }

  /**
   * Whether the lease held through execution was lost: a lost lease means another operation may
   * have run on the scope at the same time, which the outcome and the audit must say.
   */
  private Optional<String> leaseLost(Run<?> run, LeaseKeeper keeper) {
    LockLease held = keeper.lease();
    String lost = "the lock on " + run.scope + " (fencing token " + held.fencingToken() + ") was lost while the action ran";
    String consequence = "; another operation may have changed this scope at the same time: check the infrastructure";
    if (keeper.lost().isPresent()) {
      return Optional.of(lost + ": " + keeper.lost().get() + consequence);
    }
    try {
      if (!locks.isCurrent(held)) {
        return Optional.of(lost + ": it expired at " + held.expiresAt() + " or another holder took it" + consequence);
      }
    } catch (RuntimeException e) {
      return Optional.of("whether the lock on " + run.scope + " (fencing token " + held.fencingToken()
          + ") was held to the end of the action could not be checked: " + message(e) + consequence);
    }
    return Optional.empty();
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
    CompletableFuture<List<Approval>> answer = new CompletableFuture<>();
    Future<?> asking = APPROVAL_THREADS.submit(() -> ask(request, answer));
    try {
      answered = approvalLimiter.executeFutureSupplier(() -> answer);
    } catch (TimeoutException e) {
      // Interrupting the callback is a courtesy; the answer no longer counts either way.
      asking.cancel(true);
      throw new Refusal(Outcome.Status.NOT_APPROVED, Step.APPROVAL,
          List.of("no answer from the approval callback within " + config.approvalTimeout() + "; nothing was executed"), e);
    } catch (InterruptedException e) {
      asking.cancel(true);
      Thread.currentThread().interrupt();
      throw new Refusal(Outcome.Status.NOT_APPROVED, Step.APPROVAL,
          List.of("interrupted while waiting for approvals; nothing was executed"), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new Refusal(Outcome.Status.NOT_APPROVED, Step.APPROVAL, List.of(callbackRefusal(cause)), cause);
    } catch (Exception e) {
      throw new Refusal(Outcome.Status.NOT_APPROVED, Step.APPROVAL, List.of(callbackRefusal(e)), e);
    }
    // However the callback was written, an answer that came at or after the deadline does not
    // count: the limiter bounds the wait in real time, this bounds it on the executor's clock.
    Instant arrived = config.clock().instant();
    if (!arrived.isBefore(deadline)) {
      throw new Refusal(Outcome.Status.NOT_APPROVED, Step.APPROVAL, List.of("the approvals arrived at " + arrived
          + ", after the request's deadline " + deadline + "; late approvals never count, nothing was executed"), null);
    }
    if (answered == null) {
      throw new Refusal(Outcome.Status.NOT_APPROVED, Step.APPROVAL, List.of("the approval callback answered null"), null);
    }
    TwoPersonRule.Tally tally;
    try {
      tally = TwoPersonRule.check(request, answered, arrived, config.approvalVerifier(), approvalLedger);
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

  /** Runs the callback on an approval thread and completes {@code answer} with whatever it gives. */
  private void ask(ApprovalRequest request, CompletableFuture<List<Approval>> answer) {
    try {
      CompletionStage<List<Approval>> stage = config.approvalCallback().requestApprovals(request);
      if (stage == null) {
        throw new InvariantViolationException("the approval callback returned null instead of a CompletionStage");
      }
      stage.whenComplete((approvals, failure) -> {
        if (failure != null) {
          answer.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause() : failure);
        } else {
          answer.complete(approvals);
        }
      });
    } catch (Throwable t) {
      answer.completeExceptionally(t);
    }
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
    if (e instanceof JsonProcessingException j && j.getOriginalMessage() != null) {
      // Jackson's own message runs over two lines with a "[Source: REDACTED ...]" block: keep one line.
      JsonLocation at = j.getLocation();
      return j.getOriginalMessage().replace('\n', ' ')
          + (at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

}
