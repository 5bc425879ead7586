package dev.safeops.core;

import static dev.safeops.core.Fixtures.AGENT;
import static dev.safeops.core.Fixtures.ALICE;
import static dev.safeops.core.Fixtures.BOB;
import static dev.safeops.core.Fixtures.CAROL;
import static dev.safeops.core.Fixtures.PROD;
import static dev.safeops.core.Fixtures.deletePlan;
import static dev.safeops.core.Fixtures.fixedLevel;
import static dev.safeops.core.Fixtures.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.testing.CountingAction;
import dev.safeops.core.testing.FakeApprovals;
import dev.safeops.core.testing.RecordingAuditSink;
import dev.safeops.core.testing.SettableClock;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two-person rule, case by case: each invalid approval refused, the valid combinations accepted. */
class TwoPersonRuleTest {
  private final SettableClock clock = SettableClock.create();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final Plan destroy = deletePlan("aws_db_instance.courses");

  private GuardedExecutor executor(ApprovalCallback approvals, Level level) {
    return GuardedExecutor.builder().clock(clock).auditSink(audit).evaluator(fixedLevel(level))
        .approvalCallback(approvals).build();
  }

  private CountingAction<String> lastAction;

  private Outcome<String> run(Principal requester, ApprovalCallback approvals) {
    lastAction = CountingAction.returning("done", destroy);
    Outcome<String> outcome = executor(approvals, Level.MEDIUM).execute(op(requester, PROD), lastAction);
    if (!outcome.executed()) {
      assertThat(lastAction.executions()).as("executions of a refused request").isZero();
      assertThat(outcome.refusedAt()).contains(dev.safeops.core.Step.APPROVAL);
    }
    return outcome;
  }

  private Approval approval(Principal who) {
    return FakeApprovals.approval(who, destroy.digest(), clock, Duration.ofMinutes(15));
  }

  @Test
  void agentCannotApproveItsOwnDestroy() {
    Outcome<String> outcome = run(AGENT, FakeApprovals.approveAs(clock, AGENT, BOB));
    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    assertThat(outcome.reasons()).anySatisfy(r -> assertThat(r).contains("agent:claude cannot approve"));
  }

  @Test
  void humanCannotApproveTheirOwnRequest() {
    Outcome<String> outcome = run(ALICE, FakeApprovals.approveAs(clock, ALICE));
    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    assertThat(outcome.reasons()).anySatisfy(r -> assertThat(r).contains("cannot approve their own request"));
  }

  @Test
  void anotherAgentNeverCountsAsAnApprover() {
    Outcome<String> outcome = run(ALICE, FakeApprovals.approveAs(clock, Principal.agent("reviewer-bot")));
    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    assertThat(outcome.reasons()).anySatisfy(r -> assertThat(r).contains("only humans approve"));
  }

  @Test
  void aCaseOrBlankVariantOfTheRequesterIsStillTheRequester() {
    Outcome<String> outcome = run(ALICE, FakeApprovals.approveAs(clock, Principal.human("Alice "), Principal.human("ALICE")));
    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    assertThat(outcome.reasons()).anySatisfy(r -> assertThat(r).contains("cannot approve their own request"));
  }

  @Test
  void oneHumanUnderTwoSpellingsCountsOnce() {
    Outcome<String> outcome = run(AGENT, FakeApprovals.approveAs(clock, BOB, Principal.human("Bob")));
    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    assertThat(outcome.reasons()).anySatisfy(r -> assertThat(r).contains("already approved this request"));
  }

  @Test
  void approvalsThatAreNotEnoughAreNotUsedUp() {
    Approval bobs = approval(BOB);
    assertThat(run(AGENT, FakeApprovals.answering(bobs)).status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    // Bob's approval was not consumed by the request that lacked a second human.
    assertThat(run(AGENT, FakeApprovals.answering(bobs, approval(CAROL))).executed()).isTrue();
  }

  @Test
  void aServiceNeverCountsAsAnApprover() {
    Outcome<String> outcome = run(ALICE, FakeApprovals.approveAs(clock, Principal.service("ci")));
    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
  }

  @Test
  void oneHumanApprovingTwiceCountsOnce() {
    Outcome<String> outcome = run(AGENT, FakeApprovals.answering(approval(BOB), approval(BOB)));
    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    assertThat(outcome.reasons()).anySatisfy(r -> assertThat(r).contains("already approved this request"));
  }

  @Test
  void anExpiredApprovalIsRefused() {
    Approval expired = Approval.of("a-1", BOB, destroy.digest(), clock.instant().minusSeconds(3600), clock.instant().minusSeconds(1));
    Outcome<String> outcome = run(ALICE, FakeApprovals.answering(expired));
    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    assertThat(outcome.reasons()).anySatisfy(r -> assertThat(r).contains("expired"));
  }

  @Test
  void anApprovalForAnotherPlanIsRefused() {
    Outcome<String> outcome = run(ALICE, FakeApprovals.forDigest(deletePlan("aws_db_instance.staging").digest(), clock, BOB));
    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    assertThat(outcome.reasons()).anySatisfy(r -> assertThat(r).contains("is for another plan"));
  }

  @Test
  void aReplayedApprovalIsRefused() {
    Approval once = approval(BOB);
    GuardedExecutor executor = executor(FakeApprovals.answering(once), Level.MEDIUM);
    assertThat(executor.execute(op(ALICE, PROD), CountingAction.returning("1", destroy)).executed()).isTrue();
    CountingAction<String> second = CountingAction.returning("2", destroy);
    Outcome<String> replay = executor.execute(op(ALICE, PROD), second);
    assertThat(second.executions()).isZero();
    assertThat(replay.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    assertThat(replay.reasons()).anySatisfy(r -> assertThat(r).contains("already used"));
  }

  @Test
  void anInvalidApprovalIsNotBurntAndStaysUsableForItsPlan() {
    // An approval rejected for one request (wrong requester) must not be consumed by it.
    ApprovalLedger ledger = ApprovalLedger.inMemory();
    Approval bobs = approval(BOB);
    GuardedExecutor executor = GuardedExecutor.builder().clock(clock).auditSink(audit).evaluator(fixedLevel(Level.MEDIUM))
        .approvalLedger(ledger).approvalCallback(FakeApprovals.answering(bobs)).build();
    assertThat(executor.execute(op(BOB, PROD), CountingAction.returning("x", destroy)).executed()).isFalse();
    assertThat(executor.execute(op(ALICE, PROD), CountingAction.returning("x", destroy)).executed()).isTrue();
  }

  @Test
  void anAgentsRequestWithTwoDistinctHumansIsAccepted() {
    Outcome<String> outcome = run(AGENT, FakeApprovals.approveAs(clock, BOB, CAROL));
    assertThat(outcome.executed()).isTrue();
    assertThat(audit.events()).anySatisfy(e -> assertThat(e.approvers()).containsExactlyInAnyOrder("human:bob", "human:carol"));
  }

  @Test
  void anAgentsRequestWithOneHumanIsNotEnough() {
    Outcome<String> outcome = run(AGENT, FakeApprovals.approveAs(clock, BOB));
    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    assertThat(outcome.reasons().get(0)).contains("2 valid approval(s) needed");
  }

  @Test
  void aHumansRequestNeedsOneOtherHuman() {
    FakeApprovals approvals = FakeApprovals.approveAs(clock, BOB);
    assertThat(run(ALICE, approvals).executed()).isTrue();
    assertThat(approvals.requests()).singleElement().satisfies(r -> assertThat(r.approvalsRequired()).isEqualTo(1));
  }

  @Test
  void aHighBlastRadiusInProductionNeedsTwoApproversEvenForAHuman() {
    Outcome<String> outcome = executor(FakeApprovals.approveAs(clock, BOB), Level.HIGH)
        .execute(op(ALICE, PROD), CountingAction.returning("x", destroy));
    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    Outcome<String> two = executor(FakeApprovals.approveAs(clock, BOB, CAROL), Level.HIGH)
        .execute(op(ALICE, PROD), CountingAction.returning("x", destroy));
    assertThat(two.executed()).isTrue();
  }

  @Test
  void anApprovalIssuedInTheFutureIsRefused() {
    Approval future = Approval.of("f-1", BOB, destroy.digest(), clock.instant().plus(Duration.ofHours(1)), clock.instant().plus(Duration.ofHours(2)));
    Outcome<String> outcome = run(ALICE, FakeApprovals.answering(future));
    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
  }

  @Test
  void aForgedSignatureIsRefusedAndAGenuineOneAccepted() throws Exception {
    KeyPair bobKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPair mallory = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    ApprovalVerifier verifier = ApprovalVerifier.signedBy(Map.of("bob", bobKeys.getPublic()));
    Instant now = clock.instant();
    Approval unsigned = Approval.of("s-1", BOB, destroy.digest(), now, now.plusSeconds(600));
    Approval forged = new Approval("s-1", BOB, destroy.digest(), now, now.plusSeconds(600), sign(unsigned, mallory));
    Approval genuine = new Approval("s-2", BOB, destroy.digest(), now, now.plusSeconds(600),
        sign(Approval.of("s-2", BOB, destroy.digest(), now, now.plusSeconds(600)), bobKeys));

    GuardedExecutor.Builder b = GuardedExecutor.builder().clock(clock).auditSink(audit).evaluator(fixedLevel(Level.MEDIUM))
        .approvalVerifier(verifier);
    Outcome<String> refused = b.approvalCallback(FakeApprovals.answering(forged)).build()
        .execute(op(ALICE, PROD), CountingAction.returning("x", destroy));
    assertThat(refused.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    assertThat(refused.reasons()).anySatisfy(r -> assertThat(r).contains("does not verify"));
    assertThat(b.approvalCallback(FakeApprovals.answering(unsigned)).build()
        .execute(op(ALICE, PROD), CountingAction.returning("x", destroy)).executed()).isFalse();
    assertThat(b.approvalCallback(FakeApprovals.answering(genuine)).build()
        .execute(op(ALICE, PROD), CountingAction.returning("x", destroy)).executed()).isTrue();
  }

  private static String sign(Approval a, KeyPair keys) throws Exception {
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(keys.getPrivate());
    s.update(a.signedContent().getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(s.sign());
  }
}
