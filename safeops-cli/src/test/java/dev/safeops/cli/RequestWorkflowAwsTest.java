package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.aws.AwsGuardedActions;
import dev.safeops.aws.LiveEvidence;
import dev.safeops.aws.testing.FakeAws;
import dev.safeops.aws.testing.FakeAwsClients;
import dev.safeops.aws.testing.FakeAwsSeed.IncidentStack;
import dev.safeops.core.Environment;
import dev.safeops.core.Principal;
import dev.safeops.core.RequestRecord;
import dev.safeops.core.Rerun;
import dev.safeops.core.Tier;
import dev.safeops.core.testing.FakeSshKey;
import dev.safeops.core.testing.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sts.StsClient;

/** {@code safeops propose -- aws ...}: the SDK dry run of a supported AWS CLI call, recorded, approved and sent once. */
class RequestWorkflowAwsTest {
  private static final FakeSshKey ALICE = FakeSshKey.ed25519("alice");
  private static final FakeSshKey BOB = FakeSshKey.ed25519("bob");

  @TempDir Path tmp;
  private final SettableClock clock = SettableClock.create();
  private FakeAws fake;
  private RequestWorkflow workflow;
  private AwsAccess access;

  @BeforeEach
  void setUp() throws Exception {
    fake = FakeAws.create().start();
    fake.seed().incidentProductionStack();
    SafeopsHome home = SafeopsHome.open(tmp.resolve("home").toString(), Map.of());
    Files.writeString(home.allowedSigners(), ALICE.allowedSignersLine() + "\n" + BOB.allowedSignersLine() + "\n");
    AwsAccess access = new AwsAccess() {
      @Override
      public String defaultRegion() {
        return fake.region();
      }

      @Override
      public String account(String region) {
        try (StsClient sts = FakeAwsClients.sts(fake)) {
          return sts.getCallerIdentity().account();
        }
      }

      @Override
      public Clients clients(Environment environment) {
        RdsClient rds = FakeAwsClients.rds(fake);
        Ec2Client ec2 = FakeAwsClients.ec2(fake);
        return new Clients(AwsGuardedActions.builder(environment).rds(rds).ec2(ec2).build(), () -> {
          rds.close();
          ec2.close();
        });
      }
    };
    this.access = access;
    workflow = new RequestWorkflow(home, clock, clock, access, tmp, UnaryOperator.identity());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private RequestWorkflow.Proposal propose(String... command) throws Exception {
    return workflow.propose(new RequestWorkflow.ProposalInput(Principal.agent("claude"), "prod", Tier.PRODUCTION, "",
        List.of(command), null));
  }

  @Test
  void anAgentsTerminateInstancesIsProposedFromItsDryRunAndSentOnceTwoPeopleApproved() throws Exception {
    RequestRecord r = propose("aws", "ec2", "terminate-instances", "--instance-ids", IncidentStack.BASTION).request().orElseThrow();

    assertThat(r.approvalsRequired()).isEqualTo(2);
    assertThat(r.operation().environment().accountId()).contains(fake.accountId());
    assertThat(r.rerun()).isEqualTo(Rerun.command(List.of("aws", "ec2", "terminate-instances", "--instance-ids", IncidentStack.BASTION)));
    assertThat(fake.mutatingRequests()).as("a proposal sends nothing that changes anything").isEmpty();
    workflow.approve(r.id(), ALICE::sign);
    assertThat(workflow.apply(r.id()).status()).isEqualTo("PENDING");
    workflow.approve(r.id(), BOB::sign);

    RequestWorkflow.Applied applied = workflow.apply(r.id());

    assertThat(applied.status()).as(applied.reasons().toString()).isEqualTo("EXECUTED");
    assertThat(fake.state().ec2InstanceState(IncidentStack.BASTION)).hasValueSatisfying(s -> assertThat(s).isIn("shutting-down", "terminated"));
    assertThat(workflow.apply(r.id()).status()).isEqualTo("ALREADY_EXECUTED");
    assertThat(fake.mutatingRequests().stream().filter(q -> q.operation().equals("TerminateInstances"))).hasSize(1);
  }

  @Test
  void deletingTheProductionDatabaseWithItsBackupsIsDeniedAndNothingIsRecorded() throws Exception {
    RequestWorkflow.Proposal p = propose("aws", "rds", "delete-db-instance", "--db-instance-identifier", IncidentStack.DB_INSTANCE,
        "--skip-final-snapshot");

    assertThat(p.exitCode()).isEqualTo(RequestWorkflow.POLICY_DENIED);
    assertThat(p.request()).isEmpty();
    assertThat(workflow.requests()).isEmpty();
    assertThat(fake.state().dbInstanceExists(IncidentStack.DB_INSTANCE)).isTrue();
  }

  @Test
  void proposeWithLiveEvidenceShowsTheApproversThatTheInstanceIsInUse() throws Exception {
    SafeopsHome home = workflow.home();
    try (CloudWatchClient cloudWatch = FakeAwsClients.cloudWatch(fake);
         Ec2Client ec2 = FakeAwsClients.ec2(fake);
         LiveEvidence live = LiveEvidence.builder().cloudWatch(cloudWatch).ec2(ec2)
             .budget(Duration.ofMinutes(1)).build()) {
      RequestWorkflow withLive = new RequestWorkflow(home, clock, clock, access, tmp, UnaryOperator.identity(), List.of(live));

      RequestRecord r = withLive.propose(new RequestWorkflow.ProposalInput(Principal.agent("claude"), "prod", Tier.PRODUCTION, "",
          List.of("aws", "ec2", "terminate-instances", "--instance-ids", IncidentStack.BASTION), null)).request().orElseThrow();

      assertThat(r.blastRadius().findings()).anySatisfy(f -> {
        assertThat(f.ruleId()).isEqualTo("live.in-use");
        assertThat(f.address()).contains(IncidentStack.BASTION);
      });
    }
  }
}
