package dev.safeops.core;

import static dev.safeops.core.Fixtures.PROD;
import static dev.safeops.core.Fixtures.fixedLevel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.testing.CountingAction;
import dev.safeops.core.testing.FakeApprovals;
import dev.safeops.core.testing.FakeSshKey;
import dev.safeops.core.testing.RecordingAuditSink;
import dev.safeops.core.testing.SettableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The pipeline with approvals that outlive a run: the first run records a request and ends
 * NOT_APPROVED with its id, holding nothing; people approve with their keys; a later run of the
 * same operation with the same plan executes once through the two-person rule; a plan that
 * moved makes the request stale.
 */
class DurableApprovalsPipelineTest {
  private final SettableClock clock = SettableClock.create();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final FakeSshKey bob = FakeSshKey.ed25519("bob");
  private final FakeSshKey carol = FakeSshKey.securityKeyEd25519("carol");
  private final RequestLedger ledger = RequestLedger.inMemory();
  private final LockProvider locks = LockProvider.inMemory(clock);
  private final ApprovalLedger used = ApprovalLedger.inMemory();
  private final ApprovalDesk desk = ApprovalDesk.builder(ledger)
      .allowedSigners(AllowedSigners.parse(bob.allowedSignersLine() + "\n" + carol.allowedSignersLine(), "allowed_signers"))
      .clock(clock).build();
  private final AtomicReference<String> serial = new AtomicReference<>("5");

  private GuardedExecutor executor(ApprovalCallback callback) {
    return GuardedExecutor.builder().clock(clock).auditSink(audit).evaluator(fixedLevel(Level.HIGH))
        .lockProvider(locks).approvalLedger(used).approvalCallback(callback).approvalVerifier(desk.verifier())
        .lockWait(Duration.ZERO).build();
  }

  private GuardedExecutor executor() {
    return executor(desk.callback());
  }

  private static Operation destroy() {
    return Operation.builder().name("terraform destroy").requester(Principal.agent("claude")).environment(PROD)
        .reason("remove the duplicate").build();
  }

  /** The same destroy, planned against the state serial the test says. */
  private CountingAction<String> action() {
    return CountingAction.withDryRuns("destroyed", n -> Fixtures.deletePlan("aws_db_instance.main").toBuilder()
        .binding("terraform.state.lineage", "lin-1").binding("terraform.state.serial", serial.get()).build());
  }

  private void approveAll(String id) {
    RequestRecord r = desk.find(id).orElseThrow();
    desk.approve(id, bob.sign(r.approvalMessage()));
    desk.approve(id, carol.sign(r.approvalMessage()));
  }

  @Test
  void theFirstRunRecordsARequestAndEndsNotApprovedWithItsIdHoldingNothing() {
    CountingAction<String> action = action();

    Outcome<String> outcome = executor().execute(destroy(), action);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    assertThat(outcome.refusedAt()).contains(Step.APPROVAL);
    assertThat(action.executions()).isZero();
    String id = outcome.approvalRequestId().orElseThrow();
    assertThat(outcome.reasons()).singleElement().asString().startsWith("Recorded approval request " + id)
        .contains("2 approval(s) needed").contains("ssh-keygen -Y sign -n safeops").doesNotContain("callback failed");
    RequestRecord r = desk.find(id).orElseThrow();
    assertThat(r.status()).isEqualTo(RequestStatus.PENDING);
    assertThat(r.planDigest()).isEqualTo(outcome.plan().orElseThrow().digest());
    assertThat(r.bindings()).containsEntry("terraform.state.serial", "5");
    assertThat(r.scope()).isEqualTo(action.scope());
    assertThat(r.blastRadius().level()).isEqualTo(Level.HIGH);
    // Nothing is held meanwhile: the scope's lock is free at once.
    assertThat(locks.acquire(action.scope(), "someone else", Duration.ofMinutes(1), Duration.ZERO)).isPresent();
    assertThat(audit.events()).anyMatch(e -> e.step() == Step.APPROVAL && e.detail().contains(id));
  }

  @Test
  void aLaterRunWithTheSamePlanExecutesOnceThroughTheTwoPersonRule() {
    String id = executor().execute(destroy(), action()).approvalRequestId().orElseThrow();
    approveAll(id);
    CountingAction<String> later = action();

    Outcome<String> outcome = executor().execute(destroy(), later);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.EXECUTED);
    assertThat(later.executions()).isEqualTo(1);
    RequestRecord r = desk.find(id).orElseThrow();
    assertThat(r.status()).isEqualTo(RequestStatus.EXECUTED);
    assertThat(r.claimedBy()).contains(outcome.auditId());
    assertThat(audit.events()).anyMatch(e -> e.step() == Step.AUDIT && e.verdict().equals("EXECUTING")
        && e.approvers().containsAll(List.of("human:bob", "human:carol")));

    CountingAction<String> again = action();
    Outcome<String> third = executor().execute(destroy(), again);
    assertThat(third.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    assertThat(again.executions()).isZero();
    assertThat(third.approvalRequestId()).isPresent().get().isNotEqualTo(id);
  }

  @Test
  void oneApprovalOfTwoIsNotEnoughAndTheRunSaysWhoApprovedSoFar() {
    String id = executor().execute(destroy(), action()).approvalRequestId().orElseThrow();
    desk.approve(id, bob.sign(desk.find(id).orElseThrow().approvalMessage()));
    CountingAction<String> later = action();

    Outcome<String> outcome = executor().execute(destroy(), later);

    assertThat(later.executions()).isZero();
    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    assertThat(outcome.approvalRequestId()).contains(id);
    assertThat(outcome.reasons()).singleElement().asString().contains("has 1 of 2 approval(s) (bob)");
    assertThat(desk.list()).hasSize(1);
  }

  @Test
  void aStateThatMovedMakesTheOldRequestStaleSayingWhyAndRecordsANewOne() {
    String id = executor().execute(destroy(), action()).approvalRequestId().orElseThrow();
    approveAll(id);
    serial.set("6");
    CountingAction<String> later = action();

    Outcome<String> outcome = executor().execute(destroy(), later);

    assertThat(later.executions()).isZero();
    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    assertThat(outcome.approvalRequestId()).isPresent().get().isNotEqualTo(id);
    RequestRecord old = desk.find(id).orElseThrow();
    assertThat(old.status()).isEqualTo(RequestStatus.STALE);
    assertThat(old.statusReason()).contains("terraform.state.serial was 5, is now 6");
  }

  @Test
  void aRequestForOneScopeIsNeitherUsedNorMadeStaleByAnotherScope() {
    String id = executor().execute(destroy(), action()).approvalRequestId().orElseThrow();
    approveAll(id);
    CountingAction<String> elsewhere = action().inScope("prod/other");

    Outcome<String> outcome = executor().execute(destroy(), elsewhere);

    assertThat(elsewhere.executions()).isZero();
    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    assertThat(outcome.approvalRequestId()).isPresent().get().isNotEqualTo(id);
    assertThat(desk.find(id).orElseThrow().status()).isEqualTo(RequestStatus.APPROVED);
  }

  @Test
  void aDeniedRequestRefusesTheSamePlanWithItsId() {
    String id = executor().execute(destroy(), action()).approvalRequestId().orElseThrow();
    RequestRecord r = desk.find(id).orElseThrow();
    desk.approve(id, bob.sign(r.approvalMessage()));
    desk.deny(id, carol.sign(r.denialMessage("restore drill first")), "restore drill first");
    CountingAction<String> later = action();

    Outcome<String> outcome = executor().execute(destroy(), later);

    assertThat(later.executions()).isZero();
    assertThat(outcome.approvalRequestId()).contains(id);
    assertThat(outcome.reasons()).singleElement().asString().contains("denied by carol: restore drill first");
    assertThat(desk.list()).hasSize(1);
  }

  @Test
  void anUndecidedRequestExpiresAndTheNextRunAsksAgain() {
    String id = executor().execute(destroy(), action()).approvalRequestId().orElseThrow();
    desk.approve(id, bob.sign(desk.find(id).orElseThrow().approvalMessage()));
    clock.advance(Duration.ofHours(24));

    Outcome<String> outcome = executor().execute(destroy(), action());

    assertThat(outcome.approvalRequestId()).isPresent().get().isNotEqualTo(id);
    assertThat(desk.find(id).orElseThrow().statusAt(clock.instant())).isEqualTo(RequestStatus.EXPIRED);
  }

  @Test
  void anApprovedRequestThatExpiresBeforeTheRunIsNotExecuted() {
    String id = executor().execute(destroy(), action()).approvalRequestId().orElseThrow();
    approveAll(id);
    clock.advance(Duration.ofHours(24));
    CountingAction<String> later = action();

    Outcome<String> outcome = executor().execute(destroy(), later);

    assertThat(later.executions()).isZero();
    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
  }

  @Test
  void callbackForOneRequestRefusesAPlanThatMovedAndRecordsNothingNew() {
    String id = executor().execute(destroy(), action()).approvalRequestId().orElseThrow();
    approveAll(id);
    serial.set("7");
    CountingAction<String> apply = action();

    Outcome<String> outcome = executor(desk.callbackFor(id)).execute(destroy(), apply);

    assertThat(apply.executions()).isZero();
    assertThat(outcome.approvalRequestId()).contains(id);
    assertThat(outcome.reasons()).singleElement().asString().contains("is stale").contains("serial was 5, is now 7");
    assertThat(desk.list()).hasSize(1);
  }

  @Test
  void callbackForOneRequestExecutesItOnce() {
    String id = executor().execute(destroy(), action()).approvalRequestId().orElseThrow();
    approveAll(id);
    CountingAction<String> apply = action();

    assertThat(executor(desk.callbackFor(id)).execute(destroy(), apply).status()).isEqualTo(Outcome.Status.EXECUTED);
    CountingAction<String> twice = action();
    Outcome<String> second = executor(desk.callbackFor(id)).execute(destroy(), twice);

    assertThat(apply.executions()).isEqualTo(1);
    assertThat(twice.executions()).isZero();
    assertThat(second.reasons()).singleElement().asString().contains("already executed");
  }

  @Test
  void approvalsFromAnyOtherSourceAreRefusedByTheDesksVerifier() {
    CountingAction<String> action = action();

    Outcome<String> outcome = executor(FakeApprovals.approveAs(clock, Principal.human("bob"), Principal.human("carol")))
        .execute(destroy(), action);

    assertThat(action.executions()).isZero();
    assertThat(outcome.reasons()).anyMatch(r -> r.contains("did not come from an approval request"));
  }

  @Test
  void aRequestRecordCannotBeReplayedAgainstAnotherRequestsApprovalLedgerEntry() {
    // The approvals the desk hands out are single-use in the ApprovalLedger too: pre-use them and the run is refused.
    String id = executor().execute(destroy(), action()).approvalRequestId().orElseThrow();
    approveAll(id);
    for (RequestRecord.Answer a : desk.find(id).orElseThrow().approvals()) {
      used.markUsed(id + "/" + a.keyFingerprint(), "an earlier run", clock.instant().plus(Duration.ofDays(1)));
    }
    CountingAction<String> later = action();

    Outcome<String> outcome = executor().execute(destroy(), later);

    assertThat(later.executions()).isZero();
    assertThat(outcome.reasons()).anyMatch(r -> r.contains("already used"));
  }

  @Test
  void theRecordedRequestKeepsWhatTheEvaluationSaid() {
    String id = executor().execute(destroy(), action()).approvalRequestId().orElseThrow();
    RequestRecord r = desk.find(id).orElseThrow();

    assertThat(r.operation().requester()).isEqualTo(Principal.agent("claude"));
    assertThat(r.operation().reason()).isEqualTo("remove the duplicate");
    assertThat(r.decisionReasons()).isNotEmpty();
    assertThat(r.blastRadius().counts()).isEqualTo(Map.of(ChangeAction.DELETE, 1));
    assertThat(r.rerun()).isEqualTo(Rerun.nothing());
  }
}
