package dev.safeops.core.internal;

import dev.safeops.core.ApprovalCallback;
import dev.safeops.core.ApprovalLedger;
import dev.safeops.core.ApprovalVerifier;
import dev.safeops.core.AuditSink;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.BudgetLedger;
import dev.safeops.core.DestructiveBudget;
import dev.safeops.core.GuardListener;
import dev.safeops.core.LockProvider;
import dev.safeops.core.Policy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The configuration of one executor, frozen by {@code GuardedExecutor.Builder.build()}: every
 * default resolved, every collaborator chosen once. An executor reads only this, so nothing done
 * to its builder afterwards (another policy, another callback) reaches an executor already built.
 */
public record ExecutorConfig(
    Clock clock,
    BlastRadiusEvaluator evaluator,
    Policy policy,
    ApprovalCallback approvalCallback,
    ApprovalVerifier approvalVerifier,
    AuditSink auditSink,
    LockProvider lockProvider,
    ApprovalLedger approvalLedger,
    BudgetLedger budgetLedger,
    DestructiveBudget budget,
    Duration approvalTimeout,
    Duration lockLease,
    Duration lockWait,
    String owner,
    List<GuardListener> listeners) {

  public ExecutorConfig {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(evaluator, "evaluator");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(approvalCallback, "approvalCallback");
    Objects.requireNonNull(approvalVerifier, "approvalVerifier");
    Objects.requireNonNull(auditSink, "auditSink");
    Objects.requireNonNull(lockProvider, "lockProvider");
    Objects.requireNonNull(approvalLedger, "approvalLedger");
    Objects.requireNonNull(budgetLedger, "budgetLedger");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(approvalTimeout, "approvalTimeout");
    Objects.requireNonNull(lockLease, "lockLease");
    Objects.requireNonNull(lockWait, "lockWait");
    Objects.requireNonNull(owner, "owner");
    listeners = List.copyOf(listeners);
  }
}
