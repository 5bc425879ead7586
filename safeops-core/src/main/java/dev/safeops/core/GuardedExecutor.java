package dev.safeops.core;

import dev.safeops.core.internal.DefaultGuardedExecutor;
import dev.safeops.core.internal.ExecutorConfig;
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
 *  8 AUDIT     renew the lock lease (still ours, same fencing token), write EXECUTING durably
 *                                                    (lost, cannot renew, cannot write: FAILED)
 *  9 EXECUTE   action.execute(plan), once, never retried; the lease renewed while it runs
 * 10 RESULT    fencing token checked again, then audit the result (a lost lease is reported)
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
 * <p><b>Deadlines and leases.</b> The approval callback runs on a thread of the executor's, not
 * the caller's: the caller waits at most the approval timeout, and an answer that arrives at or
 * after the request's deadline (on the executor's clock) never counts, however the callback is
 * written. While an action executes, a daemon thread renews the lock lease every third of the
 * lease, so an action may outlast one lease without another run getting in; a holder that dies
 * stops renewing and its lease expires. The lock owner names the host, the process and the
 * operation, so a refused lock says who holds it and whether that process still runs, and a run
 * that takes over a lease never released reports that holder's unknown outcome.
 *
 * <p>Thread-safe: one executor serves any number of threads; executions on the same scope
 * are serialised by the lock. Its configuration is frozen by {@link Builder#build()}.
 */
public interface GuardedExecutor {

  <T> Outcome<T> execute(Operation operation, GuardedAction<T> action);

  static Builder builder() {
    return new Builder();
  }

  /**
   * Configures an executor. Only the audit sink is required; the rest have safe defaults. Not
   * thread-safe; {@link #build()} copies what it holds, so one builder can build several
   * executors and later changes to it never reach one already built.
   */
  final class Builder {
    private Clock clock = Clock.systemUTC();
    private BlastRadiusEvaluator evaluator;
    private Policy policy = Policy.defaults();
    private ApprovalCallback approvalCallback = ApprovalCallback.none();
    private ApprovalVerifier approvalVerifier = ApprovalVerifier.trustCallback();
    private AuditSink auditSink;
    private LockProvider lockProvider;
    private ApprovalLedger approvalLedger;
    private BudgetLedger budgetLedger;
    private DestructiveBudget budget = DestructiveBudget.defaults();
    private Duration approvalTimeout = Duration.ofMinutes(15);
    private Duration lockLease = Duration.ofMinutes(30);
    private Duration lockWait = Duration.ofSeconds(30);
    private String owner = "safeops";
    private final List<GuardListener> listeners = new ArrayList<>();

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

    /**
     * How long a lock lease lasts; default 30 minutes. It is renewed to this length just before
     * execution and then every third of it while the action runs, so an execution may outlast
     * it; it bounds how long a scope stays locked after its holder died.
     */
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

    /**
     * A name for this executor in the lock leases it takes (a service or job name); default
     * {@code safeops}. A lease always names the host, the process id and the operation too, so a
     * refusal can say who holds a scope and whether that process is still running.
     */
    public Builder owner(String owner) {
      Objects.requireNonNull(owner, "owner");
      if (owner.isBlank()) {
        throw new IllegalArgumentException("owner must not be blank");
      }
      this.owner = owner;
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
     * Freezes the configuration: the executor keeps its own immutable copy, with every default
     * resolved now, so changing this builder afterwards changes no executor already built.
     *
     * @throws IllegalStateException when no audit sink was given: safeops does not run
     *     unaudited
     */
    public GuardedExecutor build() {
      if (auditSink == null) {
        throw new IllegalStateException("GuardedExecutor needs an auditSink: safeops does not run unaudited");
      }
      return new DefaultGuardedExecutor(new ExecutorConfig(clock,
          evaluator == null ? BlastRadiusEvaluator.ofDefaults() : evaluator,
          policy, approvalCallback, approvalVerifier, auditSink,
          lockProvider == null ? LockProvider.inMemory(clock) : lockProvider,
          approvalLedger == null ? ApprovalLedger.inMemory() : approvalLedger,
          budgetLedger == null ? BudgetLedger.inMemory() : budgetLedger,
          budget, approvalTimeout, lockLease, lockWait, owner, listeners));
    }
  }
}
