package dev.safeops.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.aws.testing.FakeAws;
import dev.safeops.aws.testing.FakeAwsSeed.IncidentStack;
import dev.safeops.aws.testing.RecordedRequest;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.Environment;
import dev.safeops.core.Finding;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.Level;
import dev.safeops.core.Outcome;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Step;
import dev.safeops.core.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.backup.model.DeleteRecoveryPointRequest;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;

/** The guard's scenarios against safeops' own fake endpoint, which records every request it receives. */
class FakeAwsGuardTest extends AwsGuardScenarios {
  static FakeAws fake;

  @BeforeAll
  static void startFake() {
    fake = FakeAws.create().start();
    guarded = AwsClients.guarded(fake.endpoint(), REGION);
    admin = AwsClients.unguarded(fake.endpoint(), REGION);
  }

  @AfterAll
  static void stopFake() {
    if (guarded != null) {
      guarded.close();
      admin.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  @Override
  void resetEndpoint() {
    fake.reset();
  }

  @Override
  Seed seedStack() {
    fake.seed()
        .dbInstance(Seed.STAGING_DB, d -> d.engine("postgres").backupRetentionDays(7))
        .dbInstance(Seed.PROD_DB, d -> d.engine("postgres").backupRetentionDays(7).deletionProtection(true))
        .vpc("vpc-0a1", "10.0.0.0/16")
        .subnet("subnet-0a", "vpc-0a1", "10.0.1.0/24", "us-east-1a")
        .subnet("subnet-0b", "vpc-0a1", "10.0.2.0/24", "us-east-1b")
        .securityGroup("sg-0bastion", "bastion", "vpc-0a1")
        .ec2Instance("i-0bastion", i -> i.subnet("subnet-0a"))
        .volume("vol-0data", 8, "us-east-1a")
        .ec2Snapshot("snap-0data", "vol-0data", Instant.now())
        .bucket(Seed.BUCKET, b -> b.object("submissions/1.txt", 6).versioning("Enabled"))
        .dynamoTable(Seed.TABLE, t -> t.pointInTimeRecovery(true))
        .ecsCluster(Seed.CLUSTER)
        .ecsService(Seed.CLUSTER, Seed.SERVICE, 1)
        .loadBalancer("courses-lb", l -> l.vpc("vpc-0a1").subnets(List.of("subnet-0a", "subnet-0b")))
        .backupVault(Seed.VAULT);
    String lb = admin.elb.describeLoadBalancers().loadBalancers().get(0).loadBalancerArn();
    return new Seed("vpc-0a1", "subnet-0a", "subnet-0b", "sg-0bastion", "i-0bastion", "vol-0data", "snap-0data", lb);
  }

  @Override
  void takeManualSnapshot(String dbInstance, String snapshot) {
    fake.seed().dbSnapshot(snapshot, dbInstance, Instant.now());
  }

  /** Every request for an operation the catalog calls mutating that reached the fake, EC2 dry runs aside. */
  @Override
  Optional<List<String>> endpointMutations() {
    return Optional.of(fake.requests().stream()
        .filter(r -> OperationCatalog.defaults().classify(r.service(), r.operation()).effect().mutates())
        .filter(r -> !"true".equalsIgnoreCase(r.parameter("DryRun").orElse("false")))
        .map(r -> r.service() + ":" + r.operation())
        .toList());
  }

  @Override
  void clearEndpointRecord() {
    fake.clearRequests();
  }

  @Test
  void aTerminationDryRunReadsTheInstancesTerminationProtection() throws Exception {
    Plan plan = actions(dev).terminateInstances(
        TerminateInstancesRequest.builder().instanceIds(seed.instanceId()).build()).dryRun();
    assertThat(plan.changes()).singleElement().satisfies(c ->
        assertThat(c.before()).containsEntry("disable_api_termination", false));
    assertThat(endpointMutations()).contains(List.of());
  }

  @Override
  boolean honoursDryRunOnVpcAndSubnet() {
    return true;
  }

  @Test
  void theIncidentsDeletesAreAllRefusedAndNoneReachesTheEndpoint() {
    fake.reset();
    fake.seed().incidentProductionStack();
    List<Executable> incident = List.of(
        () -> guarded.rds.deleteDBInstance(DeleteDbInstanceRequest.builder().dbInstanceIdentifier(IncidentStack.DB_INSTANCE)
            .skipFinalSnapshot(true).deleteAutomatedBackups(true).build()),
        () -> guarded.ecs.deleteService(r -> r.cluster(IncidentStack.ECS_CLUSTER).service(IncidentStack.ECS_SERVICE).force(true)),
        () -> guarded.ecs.deleteCluster(r -> r.cluster(IncidentStack.ECS_CLUSTER)),
        () -> guarded.ec2.terminateInstances(r -> r.instanceIds(IncidentStack.BASTION)),
        () -> guarded.ec2.deleteSubnet(r -> r.subnetId(IncidentStack.PUBLIC_SUBNETS.get(0))),
        () -> guarded.ec2.deleteVpc(r -> r.vpcId(IncidentStack.VPC)));
    for (Executable call : incident) {
      assertThatThrownBy(call::execute).isInstanceOf(UnguardedMutationException.class);
    }
    assertThat(endpointMutations()).contains(List.of());
    assertThat(fake.mutatingRequests()).isEmpty();
  }

  @Test
  void theIncidentDatabaseDeleteIsCriticalAndDeniedInProduction() {
    fake.reset();
    fake.seed().incidentProductionStack();
    Environment prod = Environment.aws("courses-prod", Tier.PRODUCTION, ACCOUNT, REGION.id());
    BackupPrecondition backups = BackupPrecondition.builder(BackupLookup.sdk(admin.rds, admin.dynamoDb, admin.backup))
        .build();
    Outcome<?> outcome = executor(BlastRadiusEvaluator.builder().addRule(backups).build())
        .execute(op("rds:DeleteDBInstance", prod), actions(prod).deleteDbInstance(DeleteDbInstanceRequest.builder()
            .dbInstanceIdentifier(IncidentStack.DB_INSTANCE).skipFinalSnapshot(true).deleteAutomatedBackups(true).build()));
    assertThat(outcome.status()).isEqualTo(Outcome.Status.DENIED);
    assertThat(outcome.blastRadius().orElseThrow().findings()).extracting(Finding::ruleId)
        .contains("data.irrecoverable-loss", BackupPrecondition.RULE_ID);
    assertThat(fake.mutatingRequests()).isEmpty();
  }

  @Test
  void anAwsBackupRecoveryPointCountsAsIndependentUnlessThePlanDeletesIt() throws Exception {
    String arn = admin.rds.describeDBInstances(r -> r.dbInstanceIdentifier(Seed.PROD_DB)).dbInstances().get(0).dbInstanceArn();
    fake.seed().recoveryPoint(Seed.VAULT, arn, Instant.now().minus(Duration.ofHours(2)));
    String point = admin.backup.listRecoveryPointsByResource(r -> r.resourceArn(arn)).recoveryPoints().get(0).recoveryPointArn();
    BackupPrecondition rule = BackupPrecondition.builder(BackupLookup.sdk(admin.rds, admin.dynamoDb, admin.backup)).build();
    Plan db = actions(dev).deleteDbInstance(deleteDb(Seed.PROD_DB)).dryRun();
    assertThat(rule.evaluate(db, op("rds:DeleteDBInstance", dev))).isEmpty();

    GuardedAction<?> deletePoint = actions(dev).deleteRecoveryPoint(DeleteRecoveryPointRequest.builder()
        .backupVaultName(Seed.VAULT).recoveryPointArn(point).build());
    List<ResourceChange> changes = new ArrayList<>(db.changes());
    changes.addAll(deletePoint.dryRun().changes());
    Plan both = Plan.of(changes);
    assertThat(rule.evaluate(both, op("rds:DeleteDBInstance", dev))).singleElement()
        .satisfies(f -> assertThat(f.level()).isEqualTo(Level.CRITICAL));

    fake.clearRequests();
    Outcome<?> outcome = executor(null).execute(op("backup:DeleteRecoveryPoint", dev), deletePoint);
    assertThat(outcome.executed()).as(outcome.toString()).isTrue();
    assertThat(endpointMutations()).contains(List.of("backup:DeleteRecoveryPoint"));
  }

  /** An RDS client of its own, guarded, on the fake, signing with {@code credentials}. */
  static RdsClient rdsWith(AwsCredentialsProvider credentials) {
    return RdsClient.builder().endpointOverride(fake.endpoint()).region(REGION).credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.addExecutionInterceptor(new SafeOpsInterceptor())).build();
  }

  /** The account of an STS client with other credentials says nothing about the mutating client. */
  @Test
  void anStsClientWithOtherCredentialsThanTheMutatingClientIsRefused() {
    try (RdsClient rds = rdsWith(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAOTHERACCOUNT", "x")))) {
      fake.clearRequests();
      assertThatThrownBy(() -> AwsGuardedActions.builder(dev, guarded.sts).rds(rds).build()
          .deleteDbInstance(deleteDb(Seed.STAGING_DB)).dryRun())
          .isInstanceOf(AccountMismatchException.class)
          .hasMessageContaining("the STS client signs with other credentials than the rds client");
      assertThat(fake.requests()).isEmpty();
    }
  }

  /** Without an STS client, safeops asks STS with the mutating client's own credentials provider and region. */
  @Test
  void withoutAnStsClientTheAccountIsReadWithTheMutatingClientsOwnCredentials() throws Exception {
    AwsCredentialsProvider broken = () -> {
      throw new IllegalStateException("no credentials here");
    };
    try (RdsClient rds = rdsWith(broken)) {
      assertThatThrownBy(() -> AwsGuardedActions.builder(dev).rds(rds).build().deleteDbInstance(deleteDb(Seed.STAGING_DB)).dryRun())
          .isInstanceOf(AccountMismatchException.class)
          .hasMessageContaining("could not read the caller identity of the rds client's credentials");
    }
    try (RdsClient rds = rdsWith(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIARDSONLY", "x")))) {
      fake.clearRequests();
      Plan plan = AwsGuardedActions.builder(dev).rds(rds).build().deleteDbInstance(deleteDb(Seed.STAGING_DB)).dryRun();
      assertThat(plan.bindings()).containsEntry("aws.account", ACCOUNT);
      assertThat(fake.requests()).extracting(RecordedRequest::operation).first().isEqualTo("GetCallerIdentity");
    }
  }

  @Test
  void anEc2DryRunThatIsNotAuthorisedStopsTheActionAndNothingExecutes() {
    fake.deny("ec2", "TerminateInstances");
    Outcome<?> outcome = executor(null).execute(op("ec2:TerminateInstances", dev),
        actions(dev).terminateInstances(TerminateInstancesRequest.builder().instanceIds(seed.instanceId()).build()));
    assertThat(outcome.refusedAt()).contains(Step.DRY_RUN);
    assertThat(String.join(" ", outcome.reasons())).contains("EC2 dry run of TerminateInstances says it would fail: UnauthorizedOperation");
    assertThat(fake.mutatingRequests()).isEmpty();
    assertThat(fake.requests()).extracting(RecordedRequest::operation).contains("TerminateInstances");
  }
}
