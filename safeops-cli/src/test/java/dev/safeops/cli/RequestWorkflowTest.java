package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Principal;
import dev.safeops.core.RequestRecord;
import dev.safeops.core.RequestRefusedException;
import dev.safeops.core.RequestRefusedException.Reason;
import dev.safeops.core.RequestStatus;
import dev.safeops.core.Rerun;
import dev.safeops.core.Step;
import dev.safeops.core.Tier;
import dev.safeops.core.testing.FakeSshKey;
import dev.safeops.core.testing.SettableClock;
import dev.safeops.terraform.testing.FakeTerraform;
import dev.safeops.terraform.testing.FakeTerraform.Invocation;
import dev.safeops.terraform.testing.ScriptedPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The propose/approve/apply workflow against the scripted fake terraform and in-memory SSH keys:
 * what the commands do, without a real terraform or ssh-keygen (those are in {@link
 * ProposeApproveApplyTest}).
 */
class RequestWorkflowTest {
  private static final String LINEAGE = "6dcf942f-241a-66f7-a78a-aa4ac9a54a34";
  private static final Principal AGENT = Principal.agent("claude");
  private static final FakeSshKey ALICE = FakeSshKey.ed25519("alice");
  private static final FakeSshKey BOB = FakeSshKey.ed25519("bob");
  private static final FakeSshKey MALLORY = FakeSshKey.ed25519("mallory");

  @TempDir Path tmp;
  private final SettableClock clock = SettableClock.create();
  private FakeTerraform fake;
  private Path work;
  private SafeopsHome home;
  private RequestWorkflow workflow;

  @BeforeEach
  void setUp() throws IOException {
    fake = FakeTerraform.create(tmp.resolve("bin"));
    work = Files.createDirectories(tmp.resolve("infra"));
    // A remote backend: production refuses a local one.
    Files.createDirectories(work.resolve(".terraform"));
    Files.writeString(work.resolve(".terraform/terraform.tfstate"),
        "{\"version\":3,\"serial\":1,\"lineage\":\"b\",\"backend\":{\"type\":\"s3\",\"config\":{\"bucket\":\"tf\"},\"hash\":1}}");
    home = SafeopsHome.open(tmp.resolve("home").toString(), Map.of());
    Files.writeString(home.allowedSigners(), ALICE.allowedSignersLine() + "\n" + BOB.allowedSignersLine() + "\n");
    workflow = new RequestWorkflow(home, clock, clock, noAws(), tmp, program -> fake.binary().toString());
    fake.state(FakeTerraform.stateJson(LINEAGE, 4, 5)).stateAfterApply(FakeTerraform.stateJson(LINEAGE, 5, 4))
        .destroyPlan(ScriptedPlan.builder().priorResources(5).delete("terraform_data.r4", Map.of("id", "4")).build())
        .plan(ScriptedPlan.builder().priorResources(5).create("terraform_data.r5", Map.of("input", "x")).build());
  }

  private static AwsAccess noAws() {
    return new AwsAccess() {
      @Override
      public String defaultRegion() {
        throw new AssertionError("no AWS here");
      }

      @Override
      public String account(String region) {
        throw new AssertionError("no AWS here");
      }

      @Override
      public Clients clients(dev.safeops.core.Environment environment) {
        throw new AssertionError("no AWS here");
      }
    };
  }

  private RequestWorkflow.Proposal propose(Principal requester, Tier tier, UnaryOperator<String> signature, String... command)
      throws Exception {
    return workflow.propose(new RequestWorkflow.ProposalInput(requester, tier.name().toLowerCase(), tier, "tidy up",
        List.of(command), signature));
  }

  private RequestWorkflow.Proposal proposeDestroy(Principal requester) throws Exception {
    return propose(requester, Tier.PRODUCTION, null, "terraform", "-chdir=infra", "destroy", "-target=terraform_data.r4");
  }

  private long terraformApplies() {
    return fake.invocations().stream().map(Invocation::subcommand).filter("apply"::equals).count();
  }

  @Test
  void anAgentsProductionDestroyWaitsForTwoPeopleThenAppliesTheSavedPlanOnce() throws Exception {
    RequestRecord r = proposeDestroy(AGENT).request().orElseThrow();
    Rerun.TerraformPlan saved = (Rerun.TerraformPlan) r.rerun();

    assertThat(r.status()).isEqualTo(RequestStatus.PENDING);
    assertThat(r.approvalsRequired()).isEqualTo(2);
    assertThat(saved.planFile()).startsWith(home.plans()).isRegularFile();
    assertThat(saved.planArguments()).containsExactly("-destroy", "-target=terraform_data.r4");
    try (Stream<Path> files = Files.walk(work)) {
      assertThat(files.filter(p -> p.toString().endsWith(".tfplan"))).as("nothing is saved in the working tree").isEmpty();
    }
    assertThat(workflow.apply(r.id()).status()).isEqualTo("PENDING");
    workflow.approve(r.id(), ALICE::sign);
    RequestWorkflow.Applied oneOfTwo = workflow.apply(r.id());
    assertThat(oneOfTwo.status()).isEqualTo("PENDING");
    assertThat(oneOfTwo.reasons().get(0)).contains("1 of 2 approval(s) (alice)");
    assertThat(workflow.approve(r.id(), BOB::sign).status()).isEqualTo(RequestStatus.APPROVED);

    RequestWorkflow.Applied applied = workflow.apply(r.id());

    assertThat(applied.status()).as(applied.reasons().toString()).isEqualTo("EXECUTED");
    assertThat(applied.exitCode()).isZero();
    assertThat(fake.invocations()).filteredOn(i -> i.subcommand().equals("apply")).singleElement()
        .satisfies(i -> assertThat(i.command()).endsWith(saved.planFile().toString()));
    assertThat(saved.planFile()).as("a closed request's plan is deleted").doesNotExist();
    RequestWorkflow.Applied again = workflow.apply(r.id());
    assertThat(again.status()).isEqualTo("ALREADY_EXECUTED");
    assertThat(again.exitCode()).isEqualTo(RequestWorkflow.REFUSED);
    assertThat(terraformApplies()).isEqualTo(1);
  }

  @Test
  void whatThePolicyAllowsIsApprovedAtOnceYetAppliedOnlyOnce() throws Exception {
    RequestWorkflow.Proposal p = propose(AGENT, Tier.DEVELOPMENT, null, "terraform", "-chdir=infra", "apply");
    assertThat(p.status()).isEqualTo("APPROVED");
    assertThat(p.exitCode()).isZero();

    assertThat(workflow.apply(p.request().orElseThrow().id()).status()).isEqualTo("EXECUTED");
    RequestWorkflow.Applied again = workflow.apply(p.request().orElseThrow().id());

    assertThat(again.status()).isEqualTo("ALREADY_EXECUTED");
    assertThat(terraformApplies()).isEqualTo(1);
    assertThat(workflow.request(p.request().orElseThrow().id()).claimedBy()).isPresent();
  }

  @Test
  void anAllowedRequestWhoseStateMovedIsMarkedStaleAndNotApplied() throws Exception {
    String id = propose(AGENT, Tier.DEVELOPMENT, null, "terraform", "-chdir=infra", "apply").request().orElseThrow().id();
    fake.state(FakeTerraform.stateJson(LINEAGE, 7, 5));

    RequestWorkflow.Applied a = workflow.apply(id);

    assertThat(a.status()).isEqualTo("STALE");
    assertThat(a.refusedAt()).as("refused before the execution step").contains(Step.DRY_RUN);
    assertThat(String.join(" ", a.reasons())).contains("terraform.state.serial was 4, is now 7");
    assertThat(workflow.request(id).status()).isEqualTo(RequestStatus.STALE);
    assertThat(terraformApplies()).isZero();
  }

  @Test
  void anApprovedRequestWhoseStateMovedIsMarkedStaleAndNotApplied() throws Exception {
    String id = proposeDestroy(AGENT).request().orElseThrow().id();
    workflow.approve(id, ALICE::sign);
    workflow.approve(id, BOB::sign);
    fake.state(FakeTerraform.stateJson(LINEAGE, 5, 5));

    RequestWorkflow.Applied a = workflow.apply(id);

    assertThat(a.status()).isEqualTo("STALE");
    assertThat(a.exitCode()).isEqualTo(RequestWorkflow.REFUSED);
    assertThat(String.join(" ", a.reasons())).contains("serial was 4, is now 5");
    assertThat(workflow.request(id).status()).isEqualTo(RequestStatus.STALE);
    assertThat(terraformApplies()).isZero();
  }

  @Test
  void whatThePolicyDeniesRecordsNothingAndKeepsNoPlan() throws Exception {
    fake.destroyPlan(ScriptedPlan.builder().priorResources(1).delete("aws_db_instance.courses",
        Map.of("identifier", "courses", "skip_final_snapshot", true, "delete_automated_backups", true,
            "deletion_protection", false)).build());

    RequestWorkflow.Proposal p = propose(AGENT, Tier.PRODUCTION, null, "terraform", "-chdir=infra", "destroy");

    assertThat(p.status()).isEqualTo("DENIED");
    assertThat(p.exitCode()).isEqualTo(RequestWorkflow.POLICY_DENIED);
    assertThat(p.request()).isEmpty();
    assertThat(workflow.requests()).isEmpty();
    assertThat(home.plans()).isEmptyDirectory();
  }

  @Test
  void aHumanRequesterWhoDoesNotSignNeedsAsManyApprovalsAsAnAgentAndCannotApprove() throws Exception {
    RequestWorkflow.Proposal p = proposeDestroy(Principal.human("alice"));
    RequestRecord r = p.request().orElseThrow();

    assertThat(p.requesterVerified()).isFalse();
    assertThat(r.approvalsRequired()).isEqualTo(2);
    assertThat(r.decisionReasons()).anySatisfy(x -> assertThat(x).contains("identity is not proven"));
    assertThatThrownBy(() -> workflow.approve(r.id(), ALICE::sign)).isInstanceOfSatisfying(RequestRefusedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.OWN_REQUEST));
  }

  @Test
  void aHumanRequesterWhoSignsWithTheirOwnKeyCountsAsOnePerson() throws Exception {
    RequestWorkflow.Proposal p = propose(Principal.human("alice"), Tier.PRODUCTION, ALICE::sign,
        "terraform", "-chdir=infra", "destroy", "-target=terraform_data.r4");
    RequestRecord r = p.request().orElseThrow();

    assertThat(p.requesterVerified()).isTrue();
    assertThat(r.approvalsRequired()).isEqualTo(1);
    assertThat(workflow.approve(r.id(), BOB::sign).status()).isEqualTo(RequestStatus.APPROVED);
    assertThat(workflow.apply(r.id()).status()).isEqualTo("EXECUTED");
  }

  @Test
  void aProposalSignedWithSomeoneElsesKeyOrAnUnlistedKeyIsRefusedAndRecordsNothing() {
    assertThatThrownBy(() -> propose(Principal.human("alice"), Tier.PRODUCTION, BOB::sign, "terraform", "-chdir=infra", "destroy"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("signed by the key of bob, not of alice");
    assertThatThrownBy(() -> propose(Principal.human("mallory"), Tier.PRODUCTION, MALLORY::sign, "terraform", "-chdir=infra", "destroy"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not in");
    assertThatThrownBy(() -> propose(AGENT, Tier.PRODUCTION, ALICE::sign, "terraform", "-chdir=infra", "destroy"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("proves a human requester");
    assertThat(workflow.requests()).isEmpty();
    assertThat(home.plans()).isEmptyDirectory();
  }

  @Test
  void theRequesterCannotApproveUnderTheSameNameWhateverKindItProposedAs() throws Exception {
    String id = proposeDestroy(Principal.agent("alice")).request().orElseThrow().id();

    assertThatThrownBy(() -> workflow.approve(id, ALICE::sign)).isInstanceOfSatisfying(RequestRefusedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.OWN_REQUEST));
    assertThat(workflow.request(id).approvals()).isEmpty();
  }

  @Test
  void anUnlistedKeyAndASecondApprovalBySamePersonAreRefusedAtOnce() throws Exception {
    String id = proposeDestroy(AGENT).request().orElseThrow().id();
    workflow.approve(id, ALICE::sign);
    FakeSshKey aliceSecondKey = FakeSshKey.ecdsa("alice");
    Files.writeString(home.allowedSigners(), aliceSecondKey.allowedSignersLine() + "\n", java.nio.file.StandardOpenOption.APPEND);

    assertThatThrownBy(() -> workflow.approve(id, MALLORY::sign)).isInstanceOfSatisfying(RequestRefusedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
    assertThatThrownBy(() -> workflow.approve(id, aliceSecondKey::sign)).isInstanceOfSatisfying(RequestRefusedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_ANSWERED));
    assertThat(workflow.request(id).approvals()).hasSize(1);
  }

  @Test
  void anExpiredRequestIsRefusedWithoutAskingForASignatureOrPlanning() throws Exception {
    String id = proposeDestroy(AGENT).request().orElseThrow().id();
    workflow.approve(id, ALICE::sign);
    workflow.approve(id, BOB::sign);
    int calls = fake.invocations().size();
    clock.advance(Duration.ofHours(24));
    AtomicInteger signed = new AtomicInteger();

    RequestWorkflow.Applied a = workflow.apply(id);

    assertThat(a.status()).isEqualTo("EXPIRED");
    assertThat(a.exitCode()).isEqualTo(RequestWorkflow.REFUSED);
    assertThatThrownBy(() -> workflow.approve(id, m -> {
      signed.incrementAndGet();
      return ALICE.sign(m);
    })).isInstanceOf(RequestRefusedException.class).hasMessageContaining("expired at");
    assertThat(signed).hasValue(0);
    assertThat(fake.invocations()).hasSize(calls);
  }

  @Test
  void aDenialEndsTheRequestDeletesItsPlanAndTheRequesterMayWithdrawTheirOwn() throws Exception {
    RequestRecord r = proposeDestroy(AGENT).request().orElseThrow();
    workflow.approve(r.id(), ALICE::sign);

    RequestRecord denied = workflow.deny(r.id(), "not during the exam week", BOB::sign);

    assertThat(denied.status()).isEqualTo(RequestStatus.DENIED);
    assertThat(((Rerun.TerraformPlan) r.rerun()).planFile()).doesNotExist();
    assertThat(workflow.apply(r.id()).status()).isEqualTo("DENIED");
    RequestRecord own = propose(Principal.human("alice"), Tier.PRODUCTION, ALICE::sign,
        "terraform", "-chdir=infra", "destroy", "-target=terraform_data.r4").request().orElseThrow();
    assertThat(workflow.deny(own.id(), "changed my mind", ALICE::sign).status()).isEqualTo(RequestStatus.DENIED);
  }

  @Test
  void aCommandSafeopsCannotPlanIsOneSentenceAndNothingIsRecorded() {
    assertThatThrownBy(() -> propose(AGENT, Tier.PRODUCTION, null, "terraform", "-chdir=infra", "apply", "destroy.tfplan"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("applies a saved plan file");
    assertThatThrownBy(() -> propose(AGENT, Tier.PRODUCTION, null, "rm", "-rf", "infra"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not 'rm'");
    assertThatThrownBy(() -> propose(AGENT, Tier.PRODUCTION, null, "terraform", "-chdir=nowhere", "destroy"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("does not exist");
    assertThat(workflow.requests()).isEmpty();
  }
}
