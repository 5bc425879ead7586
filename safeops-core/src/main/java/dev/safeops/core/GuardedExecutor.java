package dev.safeops.core;

import dev.safeops.core.internal.DefaultGuardedExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a {@link GuardedAction} through the fixed safeops pipeline and returns an {@link
 * Outcome}. The steps and their order are not configurable:
 *
 * <pre>
 *  1 LOCK      take the lock for the action's scope (one mutation at a time per scope)
 *  2 DRY_RUN   action.dryRun() -> Plan               (throws or null: FAILED)
 *  3 EVALUATE  rules -> BlastRadius                  (throws or null: FAILED)
 *  4 POLICY    policy -> Decision                    (DENY: DENIED; throws or null: FAILED)
 *  5 APPROVAL  if required: callback under a deadline, then the two-person rule
 *                                                    (short, late, invalid: NOT_APPROVED)
 *  6 BUDGET    destructive changes of requester+scope within the window (over: DENIED)
 *  7 VERIFY    dry run again; digest must equal the approved one  (changed: NOT_APPROVED)
 *  8 AUDIT     write EXECUTING durably                (cannot: FAILED, nothing runs)
 *  9 EXECUTE   action.execute(plan), once, never retried; lock fencing token re-checked
 * 10 RESULT    audit the result
 * </pre>
 *
 * Every step fails closed: an exception, timeout or null anywhere before step 9 means the
 * action does not execute, and the outcome names the step. Every step is audited before the
 * next begins; a decision whose audit event cannot be written does not take effect.
 *
 * <p><b>The two-person rule.</b> An operation is approved when at least two distinct humans
 * stand behind it: a human requester counts as one, each valid approval as one more. An
 * approval is valid when its approver is a human other than the requester and other than
 * every other approver, it names the same plan digest, it has not expired, it passes the
 * {@link ApprovalVerifier}, and the {@link ApprovalLedger} has not seen it before. An agent
 * requester therefore needs two human approvers. The policy may ask for more.
 *
 * <p>Thread-safe: one executor serves any number of threads; executions on the same scope
 * are serialised by the lock.
 */
public interface GuardedExecutor {

  <T> Outcome<T> execute(Operation operation, GuardedAction<T> action);

  static Builder builder() {
    return new Builder();
  }

  /** Configures an executor. Only the audit sink is required; the rest have safe defaults. */
  final class Builder {
    Clock clock = Clock.systemUTC();
    BlastRadiusEvaluator evaluator;
    Policy policy = Policy.defaults();
    ApprovalCallback approvalCallback = ApprovalCallback.none();
    ApprovalVerifier approvalVerifier = ApprovalVerifier.trustCallback();
    AuditSink auditSink;
    LockProvider lockProvider;
    ApprovalLedger approvalLedger;
    BudgetLedger budgetLedger;
    DestructiveBudget budget = DestructiveBudget.defaults();
    Duration approvalTimeout = Duration.ofMinutes(15);
    Duration lockLease = Duration.ofMinutes(30);
    Duration lockWait = Duration.ofSeconds(30);
    String owner = DefaultGuardedExecutor.defaultOwner();
    final List<GuardListener> listeners = new ArrayList<>();

    private Builder() {}

    /** The clock for deadlines, expiry and budgets; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Default {@link BlastRadiusEvaluator#ofDefaults()}. */
    public Builder evaluator(BlastRadiusEvaluator evaluator) {
      this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
      return this;
    }

    /** Default {@link Policy#defaults()}. */
    public Builder policy(Policy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Default {@link ApprovalCallback#none()}: nothing that needs approval runs. */
    public Builder approvalCallback(ApprovalCallback approvalCallback) {
      this.approvalCallback = Objects.requireNonNull(approvalCallback, "approvalCallback");
      return this;
    }

    /** Default {@link ApprovalVerifier#trustCallback()}. */
    public Builder approvalVerifier(ApprovalVerifier approvalVerifier) {
      this.approvalVerifier = Objects.requireNonNull(approvalVerifier, "approvalVerifier");
      return this;
    }

    /** Required: where every step is recorded before it takes effect. */
    public Builder auditSink(AuditSink auditSink) {
      this.auditSink = Objects.requireNonNull(auditSink, "auditSink");
      return this;
    }

    /** Default {@link LockProvider#inMemory(Clock)} on the executor's clock. */
    public Builder lockProvider(LockProvider lockProvider) {
      this.lockProvider = Objects.requireNonNull(lockProvider, "lockProvider");
      return this;
    }

    /** Default {@link ApprovalLedger#inMemory()}. */
    public Builder approvalLedger(ApprovalLedger approvalLedger) {
      this.approvalLedger = Objects.requireNonNull(approvalLedger, "approvalLedger");
      return this;
    }

    /** Default {@link BudgetLedger#inMemory()}. */
    public Builder budgetLedger(BudgetLedger budgetLedger) {
      this.budgetLedger = Objects.requireNonNull(budgetLedger, "budgetLedger");
      return this;
    }

    /** Default {@link DestructiveBudget#defaults()}. */
    public Builder budget(DestructiveBudget budget) {
      this.budget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /** How long people have to approve; default 15 minutes. */
    public Builder approvalTimeout(Duration timeout) {
      this.approvalTimeout = positive(timeout, "approvalTimeout");
      return this;
    }

    /** How long a lock lease lasts; default 30 minutes. Must outlast the execution. */
    public Builder lockLease(Duration lease) {
      this.lockLease = positive(lease, "lockLease");
      return this;
    }

    /** How long to wait for a held lock before refusing; default 30 seconds. */
    public Builder lockWait(Duration wait) {
      Objects.requireNonNull(wait, "lockWait");
      if (wait.isNegative()) {
        throw new IllegalArgumentException("lockWait must not be negative, was " + wait);
      }
      this.lockWait = wait;
      return this;
    }

    /** Who holds locks taken by this executor; default host name and process id. */
    public Builder owner(String owner) {
      this.owner = Objects.requireNonNull(owner, "owner");
      return this;
    }

    /** Adds an observer; its failures never affect an operation. */
    public Builder addListener(GuardListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, was " + d);
      }
      return d;
    }

    /**
     * @throws IllegalStateException when no audit sink was given: safeops does not run
     *     unaudited
     */
    public GuardedExecutor build() {
      if (auditSink == null) {
        throw new IllegalStateException("GuardedExecutor needs an auditSink: safeops does not run unaudited");
      }
      return new DefaultGuardedExecutor(this);
    }

    // Read by the implementation.
    public Clock clock() { return clock; }
    public BlastRadiusEvaluator evaluator() { return evaluator == null ? BlastRadiusEvaluator.ofDefaults() : evaluator; }
    public Policy policy() { return policy; }
    public ApprovalCallback approvalCallback() { return approvalCallback; }
    public ApprovalVerifier approvalVerifier() { return approvalVerifier; }
    public AuditSink auditSink() { return auditSink; }
    public LockProvider lockProvider() { return lockProvider == null ? LockProvider.inMemory(clock) : lockProvider; }
    public ApprovalLedger approvalLedger() { return approvalLedger == null ? ApprovalLedger.inMemory() : approvalLedger; }
    public BudgetLedger budgetLedger() { return budgetLedger == null ? BudgetLedger.inMemory() : budgetLedger; }
    public DestructiveBudget budget() { return budget; }
    public Duration approvalTimeout() { return approvalTimeout; }
    public Duration lockLease() { return lockLease; }
    public Duration lockWait() { return lockWait; }
    public String owner() { return owner; }
    public List<GuardListener> listeners() { return List.copyOf(listeners); }
  }
}
