package dev.safeops.core;

import static dev.safeops.core.Fixtures.ALICE;
import static dev.safeops.core.Fixtures.DEV;
import static dev.safeops.core.Fixtures.createPlan;
import static dev.safeops.core.Fixtures.fixedLevel;
import static dev.safeops.core.Fixtures.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.testing.CountingAction;
import dev.safeops.core.testing.RecordingAuditSink;
import dev.safeops.core.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An action that runs longer than one lease keeps its lock: the lease is renewed while it runs,
 * and the fencing token is checked again before the result is recorded. A lease lost anyway is
 * reported in the outcome and the audit; a lock provider that cannot renew runs nothing.
 */
class LeaseRenewalTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final String SCOPE = "prod/network";
  private final SettableClock clock = SettableClock.create();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final LockProvider store = LockProvider.inMemory(clock);
  private final Renewals renewals = new Renewals(store);

  /** A lock provider that passes acquire, isCurrent and release to a store, and cannot renew. */
  private static class CannotRenew implements LockProvider {
    final LockProvider store;

    CannotRenew(LockProvider store) {
      this.store = store;
    }

    @Override
    public Optional<LockLease> acquire(String scope, String owner, Duration lease, Duration maxWait) {
      return store.acquire(scope, owner, lease, maxWait);
    }

    @Override
    public boolean isCurrent(LockLease lease) {
      return store.isCurrent(lease);
    }

    @Override
    public void release(LockLease lease) {
      store.release(lease);
    }
  }

  /** The lock store as the executor sees it, reporting each successful renewal. */
  private static final class Renewals extends CannotRenew {
    final BlockingQueue<LockLease> renewed = new LinkedBlockingQueue<>();

    Renewals(LockProvider store) {
      super(store);
    }

    @Override
    public Optional<LockLease> renew(LockLease lease, Duration extension) {
      Optional<LockLease> r = store.renew(lease, extension);
      r.ifPresent(renewed::add);
      return r;
    }

    /** Waits for a renewal made at or after {@code at} on the clock (bounded, so a broken build fails rather than hangs). */
    boolean renewedSince(Instant at) throws InterruptedException {
      for (LockLease l = renewed.poll(30, TimeUnit.SECONDS); l != null; l = renewed.poll(30, TimeUnit.SECONDS)) {
        if (!l.expiresAt().minus(LEASE).isBefore(at)) {
          return true;
        }
      }
      return false;
    }
  }

  private GuardedExecutor executor(LockProvider locks) {
    return GuardedExecutor.builder().clock(clock).auditSink(audit).evaluator(fixedLevel(Level.NONE))
        .lockProvider(locks).lockLease(LEASE).lockWait(Duration.ZERO).build();
  }

  @Test
  void anActionLongerThanTheLeaseKeepsItsLockSoNoSecondRunGetsIn() {
    AtomicReference<Optional<LockLease>> intruder = new AtomicReference<>();
    AtomicBoolean renewedWhileRunning = new AtomicBoolean();
    CountingAction<String> longAction = CountingAction.returning("done", createPlan("a.b")).inScope(SCOPE)
        .onExecute(p -> {
          renewedWhileRunning.set(renewals.renewedSince(clock.advance(Duration.ofSeconds(20))));
          clock.advance(Duration.ofSeconds(20));    // 40 s into a 30 s lease
          intruder.set(store.acquire(SCOPE, "second-run", LEASE, Duration.ZERO));
        });

    Outcome<String> outcome = executor(renewals).execute(op(ALICE, DEV), longAction);

    assertThat(renewedWhileRunning.get()).as("the lease was renewed while the action ran").isTrue();
    assertThat(intruder.get()).as("a second run during the execution").isEmpty();
    assertThat(outcome.executed()).isTrue();
    assertThat(outcome.reasons()).noneMatch(r -> r.contains("lost"));
    assertThat(audit.verdicts()).contains("EXECUTED");
    assertThat(store.holder(SCOPE)).as("released after the run").isEmpty();
  }

  @Test
  void aLeaseLostWhileTheActionRanIsReportedInTheOutcomeAndTheAudit() {
    AtomicReference<Optional<LockLease>> intruder = new AtomicReference<>();
    CountingAction<String> stalled = CountingAction.returning("done", createPlan("a.b")).inScope(SCOPE)
        .onExecute(p -> {
          // The process stalls (a GC pause, a suspended VM) past its lease; another run takes the scope.
          clock.advance(LEASE.plusSeconds(1));
          intruder.set(store.acquire(SCOPE, "second-run", LEASE, Duration.ZERO));
        });

    Outcome<String> outcome = executor(renewals).execute(op(ALICE, DEV), stalled);

    assertThat(intruder.get()).isPresent();
    assertThat(outcome.status()).as("it did run").isEqualTo(Outcome.Status.EXECUTED);
    assertThat(outcome.reasons()).anySatisfy(r -> assertThat(r).contains("fencing token", "was lost while the action ran",
        "check the infrastructure"));
    assertThat(audit.events()).last().satisfies(e -> {
      assertThat(e.step()).isEqualTo(Step.RESULT);
      assertThat(e.verdict()).isEqualTo("EXECUTED_LEASE_LOST");
      assertThat(e.detail()).contains("was lost while the action ran");
    });
    assertThat(store.isCurrent(intruder.get().get())).as("the second run's lock is left alone").isTrue();
  }

  @Test
  void aLockProviderThatCannotRenewRunsNothing() {
    LockProvider cannotRenew = new CannotRenew(store);
    CountingAction<String> action = CountingAction.returning("x", createPlan("a.b")).inScope(SCOPE);

    Outcome<String> outcome = executor(cannotRenew).execute(op(ALICE, DEV), action);

    assertThat(action.executions()).isZero();
    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.refusedAt()).contains(Step.AUDIT);
    assertThat(outcome.reasons().get(0)).contains("cannot renew a lease", "nothing was executed");
    assertThat(audit.verdicts()).doesNotContain("EXECUTING");
    assertThat(store.holder(SCOPE)).isEmpty();
  }
}
