package dev.safeops.core;

import static dev.safeops.core.Fixtures.PROD;
import static dev.safeops.core.Fixtures.deletePlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.RequestRefusedException.Reason;
import dev.safeops.core.testing.FakeSshKey;
import dev.safeops.core.testing.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The life of a durable request: who may answer it, when, and how often; every refusal is one sentence. */
class ApprovalDeskTest {
  private final SettableClock clock = SettableClock.create();
  private final FakeSshKey alice = FakeSshKey.ed25519("alice");
  private final FakeSshKey bob = FakeSshKey.ed25519("bob");
  private final FakeSshKey bobLaptop = FakeSshKey.ecdsa("bob");
  private final FakeSshKey carol = FakeSshKey.securityKeyEcdsa("carol");
  private final FakeSshKey mallory = FakeSshKey.ed25519("mallory");
  private final RequestLedger ledger = RequestLedger.inMemory();
  @TempDir Path dir;

  private ApprovalDesk desk() {
    return desk(AllowedSigners.parse(String.join("\n", alice.allowedSignersLine(), bob.allowedSignersLine(),
        bobLaptop.allowedSignersLine(), carol.allowedSignersLine()), "allowed_signers"));
  }

  private ApprovalDesk desk(AllowedSigners signers) {
    return ApprovalDesk.builder(ledger).allowedSigners(signers).clock(clock).build();
  }

  private static Operation op(Principal requester) {
    return Operation.builder().name("terraform destroy").requester(requester).environment(PROD).reason("tidy up").build();
  }

  private RequestRecord propose(ApprovalDesk desk, Principal requester, Decision decision) {
    Plan plan = deletePlan("aws_db_instance.main").toBuilder().binding("terraform.state.serial", "5").build();
    return desk.propose(op(requester), "prod/db", plan, BlastRadius.of(plan, List.of()), decision, Rerun.nothing());
  }

  private RequestRecord agentRequest(ApprovalDesk desk) {
    return propose(desk, Principal.agent("claude"), Decision.requireApprovals(1, "production"));
  }

  private static void assertRefused(Runnable r, Reason reason, String... phrases) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(RequestRefusedException.class, e -> {
      assertThat(e.reason()).isEqualTo(reason);
      for (String p : phrases) {
        assertThat(e.getMessage()).contains(p);
      }
    });
  }

  @Test
  void theSignedMessageIsExactlyTheDocumentedText() {
    RequestRecord r = agentRequest(desk());

    assertThat(r.approvalMessage()).isEqualTo("safeops-approval-v1\nrequest " + r.id() + "\ndigest " + r.planDigest()
        + "\nexpires 2026-01-02T00:00:00Z\nanswer approve\n");
    assertThat(r.denialMessage("not during the freeze")).isEqualTo("safeops-approval-v1\nrequest " + r.id() + "\ndigest "
        + r.planDigest() + "\nexpires 2026-01-02T00:00:00Z\nanswer deny\nreason not during the freeze\n");
    assertThatThrownBy(() -> r.denialMessage("two\nlines")).isInstanceOf(InvalidInputException.class).hasMessageContaining("one line");
  }

  @Test
  void anAgentsRequestIsPendingUntilTwoDistinctHumansApprove() {
    ApprovalDesk desk = desk();
    RequestRecord r = agentRequest(desk);
    assertThat(r.status()).isEqualTo(RequestStatus.PENDING);
    assertThat(r.approvalsRequired()).isEqualTo(2);
    assertThat(r.expiresAt()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));

    RequestRecord once = desk.approve(r.id(), bob.sign(r.approvalMessage()));
    assertThat(once.status()).isEqualTo(RequestStatus.PENDING);
    RequestRecord twice = desk.approve(r.id(), carol.sign(r.approvalMessage()));

    assertThat(twice.status()).isEqualTo(RequestStatus.APPROVED);
    assertThat(twice.approvals()).extracting(a -> a.approver()).containsExactly(Principal.human("bob"), Principal.human("carol"));
    assertThat(twice.approvals().get(1).keyFingerprint()).isEqualTo(carol.fingerprint());
  }

  @Test
  void aPolicyThatAllowsItRecordsAnApprovedRequestAndOneThatDeniesRecordsNothing() {
    ApprovalDesk desk = desk();

    RequestRecord allowed = propose(desk, Principal.agent("claude"), Decision.allow("development"));
    assertThat(allowed.status()).isEqualTo(RequestStatus.APPROVED);
    assertThat(allowed.approvalsRequired()).isZero();

    assertRefused(() -> propose(desk, Principal.agent("claude"), Decision.deny("critical in production")),
        Reason.POLICY_DENIED, "critical in production");
    assertThat(desk.list()).hasSize(1);
  }

  @Test
  void aKeyThatIsNotInAllowedSignersIsRefusedAndNothingIsRecorded() {
    ApprovalDesk desk = desk();
    RequestRecord r = agentRequest(desk);

    assertRefused(() -> desk.approve(r.id(), mallory.sign(r.approvalMessage())), Reason.UNKNOWN_KEY, "is not in allowed_signers");
    assertThat(desk.find(r.id()).orElseThrow().answers()).isEmpty();
  }

  @Test
  void aSignatureOverAnotherRequestAnotherDigestOrAnotherExpiryIsRefused() {
    ApprovalDesk desk = desk();
    RequestRecord r = agentRequest(desk);
    RequestRecord other = agentRequest(desk);
    String digest = "0".repeat(64);

    assertRefused(() -> desk.approve(r.id(), bob.sign(other.approvalMessage())), Reason.BAD_SIGNATURE, "does not verify");
    assertRefused(() -> desk.approve(r.id(), bob.sign(r.approvalMessage().replace(r.planDigest(), digest))),
        Reason.BAD_SIGNATURE, "does not verify");
    assertRefused(() -> desk.approve(r.id(), bob.sign(r.approvalMessage().replace("2026-01-02", "2026-01-09"))),
        Reason.BAD_SIGNATURE);
    assertRefused(() -> desk.approve(r.id(), bob.sign(r.approvalMessage().getBytes(java.nio.charset.StandardCharsets.UTF_8), "git")),
        Reason.BAD_SIGNATURE, "namespace 'git'");
    assertThat(desk.find(r.id()).orElseThrow().answers()).isEmpty();
  }

  @Test
  void theSamePersonCountsOnceEvenWithAnotherOfTheirKeys() {
    ApprovalDesk desk = desk();
    RequestRecord r = agentRequest(desk);
    desk.approve(r.id(), bob.sign(r.approvalMessage()));

    assertRefused(() -> desk.approve(r.id(), bob.sign(r.approvalMessage())), Reason.ALREADY_ANSWERED, "one person counts once");
    assertRefused(() -> desk.approve(r.id(), bobLaptop.sign(r.approvalMessage())), Reason.ALREADY_ANSWERED, "bob already approved");
    assertThat(desk.find(r.id()).orElseThrow().approvals()).hasSize(1);
  }

  @Test
  void theRequesterCannotApproveTheirOwnRequest() {
    ApprovalDesk desk = desk();
    RequestRecord r = propose(desk, Principal.human("Alice"), Decision.requireApprovals(1, "production"));

    assertRefused(() -> desk.approve(r.id(), alice.sign(r.approvalMessage())), Reason.OWN_REQUEST, "alice requested");
    RequestRecord approved = desk.approve(r.id(), bob.sign(r.approvalMessage()));
    assertThat(approved.status()).isEqualTo(RequestStatus.APPROVED);
  }

  @Test
  void anExpiredRequestRefusesAnswersAndClaimsAndIsRecordedExpired() {
    ApprovalDesk desk = desk();
    RequestRecord r = agentRequest(desk);
    String signature = bob.sign(r.approvalMessage());
    clock.set(r.expiresAt());

    assertRefused(() -> desk.approve(r.id(), signature), Reason.EXPIRED, "expired at 2026-01-02T00:00:00Z", "which is a refusal");
    assertThat(desk.find(r.id()).orElseThrow().status()).isEqualTo(RequestStatus.EXPIRED);
    assertRefused(() -> desk.claim(r.id(), "run-1"), Reason.EXPIRED);
  }

  @Test
  void anyDenyEndsTheRequestWithItsSignedReason() {
    ApprovalDesk desk = desk();
    RequestRecord r = agentRequest(desk);
    desk.approve(r.id(), bob.sign(r.approvalMessage()));

    RequestRecord denied = desk.deny(r.id(), carol.sign(r.denialMessage("the backup is a day old")), "the backup is a day old");

    assertThat(denied.status()).isEqualTo(RequestStatus.DENIED);
    assertThat(denied.statusReason()).isEqualTo("denied by carol: the backup is a day old");
    assertRefused(() -> desk.approve(r.id(), alice.sign(r.approvalMessage())), Reason.DENIED, "denied by carol");
    assertRefused(() -> desk.claim(r.id(), "run-1"), Reason.DENIED);
  }

  @Test
  void anApprovalCannotBePassedOffAsADenialNorADenialWithAnotherReason() {
    ApprovalDesk desk = desk();
    RequestRecord r = agentRequest(desk);

    assertRefused(() -> desk.deny(r.id(), bob.sign(r.approvalMessage()), "no"), Reason.BAD_SIGNATURE);
    assertRefused(() -> desk.deny(r.id(), bob.sign(r.denialMessage("wait until Monday")), "never"), Reason.BAD_SIGNATURE);
    assertRefused(() -> desk.approve(r.id(), bob.sign(r.denialMessage("no"))), Reason.BAD_SIGNATURE);
    assertThat(desk.find(r.id()).orElseThrow().status()).isEqualTo(RequestStatus.PENDING);
  }

  @Test
  void aTruncatedSignatureIsRefusedWithASentence() {
    ApprovalDesk desk = desk();
    RequestRecord r = agentRequest(desk);
    String armored = bob.sign(r.approvalMessage());

    assertRefused(() -> desk.approve(r.id(), armored.substring(0, armored.length() / 2)), Reason.BAD_SIGNATURE, "truncated");
  }

  @Test
  void anUnknownRequestIsRefused() {
    assertRefused(() -> desk().approve("nope", bob.sign("x")), Reason.NOT_FOUND, "There is no approval request nope.");
  }

  @Test
  void anApprovedRequestIsClaimedExactlyOnceAndNeedsNoMoreApprovals() {
    ApprovalDesk desk = desk();
    RequestRecord r = agentRequest(desk);
    assertRefused(() -> desk.claim(r.id(), "run-0"), Reason.PENDING, "0 of 2 approval(s)");
    desk.approve(r.id(), bob.sign(r.approvalMessage()));
    desk.approve(r.id(), carol.sign(r.approvalMessage()));
    assertRefused(() -> desk.approve(r.id(), alice.sign(r.approvalMessage())), Reason.CLOSED, "already approved");

    RequestRecord claimed = desk.claim(r.id(), "run-1");

    assertThat(claimed.status()).isEqualTo(RequestStatus.EXECUTED);
    assertThat(claimed.claimedBy()).contains("run-1");
    assertRefused(() -> desk.claim(r.id(), "run-2"), Reason.CLOSED, "already executed", "a request runs once");
  }

  @Test
  void aKeyRemovedFromAllowedSignersAfterApprovingNoLongerCounts() throws Exception {
    Path allowed = dir.resolve("allowed_signers");
    Files.writeString(allowed, bob.allowedSignersLine() + "\n" + carol.allowedSignersLine() + "\n");
    ApprovalDesk desk = ApprovalDesk.builder(ledger).allowedSignersFile(allowed).clock(clock).build();
    RequestRecord r = agentRequest(desk);
    desk.approve(r.id(), bob.sign(r.approvalMessage()));
    desk.approve(r.id(), carol.sign(r.approvalMessage()));

    Files.writeString(allowed, carol.allowedSignersLine() + "\n");

    assertRefused(() -> desk.claim(r.id(), "run-1"), Reason.UNKNOWN_KEY, "the approval by bob", "is not in");
    assertThat(desk.find(r.id()).orElseThrow().status()).isEqualTo(RequestStatus.APPROVED);
  }

  @Test
  void anApprovalWrittenIntoTheStoreByHandDoesNotCount() {
    ApprovalDesk desk = desk();
    RequestRecord r = agentRequest(desk);
    desk.approve(r.id(), bob.sign(r.approvalMessage()));
    RequestRecord current = ledger.find(r.id()).orElseThrow();
    // Someone with write access to the store adds carol's "approval", signed by bob's key.
    RequestRecord forged = current.toBuilder().status(RequestStatus.APPROVED)
        .addAnswer(new RequestRecord.Answer(RequestRecord.Answer.Kind.APPROVE, Principal.human("carol"), bob.fingerprint(),
            bob.sign(r.approvalMessage()), clock.instant(), ""))
        .build();
    ledger.replace(current, forged).orElseThrow();

    assertRefused(() -> desk.claim(r.id(), "run-1"), Reason.BAD_SIGNATURE, "recorded for carol", "signed by the key of bob");
  }

  @Test
  void markStaleClosesAnOpenRequestSayingWhyAndLeavesAClosedOneAlone() {
    ApprovalDesk desk = desk();
    RequestRecord r = agentRequest(desk);

    RequestRecord stale = desk.markStale(r.id(), "the state moved from serial 5 to 6");

    assertThat(stale.status()).isEqualTo(RequestStatus.STALE);
    assertRefused(() -> desk.approve(r.id(), bob.sign(r.approvalMessage())), Reason.STALE, "serial 5 to 6");
    assertThat(desk.markStale(r.id(), "again")).isEqualTo(stale);
  }

  @Test
  void aRequestTtlCanBeShortenedButNotRemoved() {
    ApprovalDesk desk = ApprovalDesk.builder(ledger).allowedSigners(AllowedSigners.parse("", "empty")).clock(clock)
        .requestTtl(Duration.ofHours(1)).build();
    assertThat(agentRequest(desk).expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    assertThatThrownBy(() -> ApprovalDesk.builder(ledger).requestTtl(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApprovalDesk.builder(ledger).build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("an approver is a key");
  }

  @Test
  void aMissingAllowedSignersFileRefusesEveryApprovalNamingIt() {
    ApprovalDesk desk = ApprovalDesk.builder(ledger).allowedSignersFile(dir.resolve("allowed_signers")).clock(clock).build();
    RequestRecord r = agentRequest(desk);

    assertThatThrownBy(() -> desk.approve(r.id(), bob.sign(r.approvalMessage())))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("There is no allowed signers file at");
    assertThat(desk.find(r.id()).orElseThrow().answers()).isEmpty();
  }
}
