package dev.safeops.core;

import static dev.safeops.core.Fixtures.ALICE;
import static dev.safeops.core.Fixtures.BOB;
import static dev.safeops.core.Fixtures.PROD;
import static dev.safeops.core.Fixtures.deletePlan;
import static dev.safeops.core.Fixtures.fixedLevel;
import static dev.safeops.core.Fixtures.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.testing.CountingAction;
import dev.safeops.core.testing.FakeApprovals;
import dev.safeops.core.testing.RecordingAuditSink;
import dev.safeops.core.testing.SettableClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An approval that arrives after the request's deadline never counts, however the callback is
 * written: answering synchronously and late, blocking the thread it was called on, or
 * completing its future late.
 */
class ApprovalDeadlineTest {
  private static final Duration DEADLINE = Duration.ofSeconds(1);
  private final SettableClock clock = SettableClock.create();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final Plan plan = deletePlan("aws_instance.web");
  // Approvals made when the answer is given, valid long after it: only lateness can refuse them.
  private final FakeApprovals bob = FakeApprovals.approveAs(clock, Duration.ofHours(1), BOB);

  private GuardedExecutor executor(ApprovalCallback callback, Duration timeout) {
    return GuardedExecutor.builder().clock(clock).auditSink(audit).evaluator(fixedLevel(Level.MEDIUM))
        .approvalCallback(callback).approvalTimeout(timeout).build();
  }

  private static void assertNotApprovedAndNothingRan(Outcome<?> outcome, CountingAction<?> action) {
    assertThat(action.executions()).as("executions").isZero();
    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    assertThat(outcome.refusedAt()).contains(Step.APPROVAL);
  }

  @Test
  void aSynchronousCallbackThatAnswersAfterTheDeadlineIsNotApproved() {
    ApprovalCallback slowHuman = request -> {
      clock.advance(Duration.ofSeconds(3));   // the person took three seconds to answer
      return bob.requestApprovals(request);
    };
    CountingAction<String> action = CountingAction.returning("x", plan);

    Outcome<String> outcome = executor(slowHuman, DEADLINE).execute(op(ALICE, PROD), action);

    assertNotApprovedAndNothingRan(outcome, action);
    assertThat(outcome.reasons().get(0)).contains("after the request's deadline", "late approvals never count");
    assertThat(audit.verdicts()).doesNotContain("APPROVED", "EXECUTING");
  }

  @Test
  void aFutureCompletedAfterTheDeadlineIsNotApproved() {
    ApprovalCallback webhook = request -> CompletableFuture.supplyAsync(() -> {
      clock.advance(Duration.ofSeconds(3));
      return bob.requestApprovals(request).toCompletableFuture().join();
    });
    CountingAction<String> action = CountingAction.returning("x", plan);

    Outcome<String> outcome = executor(webhook, DEADLINE).execute(op(ALICE, PROD), action);

    assertNotApprovedAndNothingRan(outcome, action);
    assertThat(outcome.reasons().get(0)).contains("after the request's deadline");
  }

  @Test
  void aCallbackThatBlocksItsThreadDoesNotHoldTheCallerAndItsLateAnswerNeverCounts() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch answered = new CountDownLatch(1);
    ApprovalCallback blocking = request -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        // Interrupted when the deadline passed: answer anyway, as a careless callback would.
      }
      try {
        return bob.requestApprovals(request);
      } finally {
        answered.countDown();
      }
    };
    CountingAction<String> action = CountingAction.returning("x", plan);
    GuardedExecutor executor = executor(blocking, Duration.ofMillis(200));

    // The deadline is 200 ms of real time; the generous bound only keeps a broken build from hanging.
    Outcome<String> outcome;
    try {
      outcome = CompletableFuture.supplyAsync(() -> executor.execute(op(ALICE, PROD), action)).get(30, TimeUnit.SECONDS);
    } finally {
      release.countDown();
    }
    assertThat(answered.await(30, TimeUnit.SECONDS)).as("the callback answered, late").isTrue();

    assertNotApprovedAndNothingRan(outcome, action);
    assertThat(outcome.reasons().get(0)).contains("no answer from the approval callback within PT0.2S");
    assertThat(bob.requests()).hasSize(1);
    assertThat(audit.verdicts()).doesNotContain("APPROVED", "EXECUTING");
  }

  @Test
  void anAnswerJustBeforeTheDeadlineStillCounts() {
    ApprovalCallback quick = request -> {
      clock.advance(DEADLINE.minusMillis(1));
      return bob.requestApprovals(request);
    };
    CountingAction<String> action = CountingAction.returning("x", plan);

    Outcome<String> outcome = executor(quick, DEADLINE).execute(op(ALICE, PROD), action);

    assertThat(outcome.executed()).as(outcome.toString()).isTrue();
    assertThat(outcome.decision().orElseThrow().verdict()).isEqualTo(Decision.Verdict.REQUIRE_APPROVALS);
    assertThat(action.executions()).isEqualTo(1);
  }
}
