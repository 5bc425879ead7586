package dev.safeops.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.aws.internal.RequestFacts;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Environment;
import dev.safeops.core.Finding;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Outcome;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Step;
import dev.safeops.core.Tier;
import dev.safeops.core.testing.FakeApprovals;
import dev.safeops.core.testing.RecordingAuditSink;
import dev.safeops.core.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.backup.model.DeleteBackupVaultRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateContinuousBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.ec2.model.DeleteSecurityGroupRequest;
import software.amazon.awssdk.services.ec2.model.DeleteSnapshotRequest;
import software.amazon.awssdk.services.ec2.model.DeleteSubnetRequest;
import software.amazon.awssdk.services.ec2.model.DeleteVolumeRequest;
import software.amazon.awssdk.services.ec2.model.DeleteVpcRequest;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.services.ecs.model.DeleteClusterRequest;
import software.amazon.awssdk.services.ecs.model.DeleteServiceRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteLoadBalancerRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteBucketRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningRequest;

/**
 * The guard's scenarios with real SDK clients against an AWS endpoint on loopback: every
 * endpoint (moto, the fake) runs the same ones, so where they disagree a test says so.
 * Subclasses start the endpoint once per class and set {@link #guarded} and {@link #admin}.
 */
abstract class AwsGuardScenarios {
  static final String ACCOUNT = "123456789012";
  static final Region REGION = Region.US_EAST_1;
  static AwsClients guarded;
  static AwsClients admin;

  final Environment dev = Environment.aws("courses-dev", Tier.DEVELOPMENT, ACCOUNT, REGION.id());
  final SettableClock clock = SettableClock.at(Instant.now());
  Seed seed;

  /** Resets the endpoint to empty. */
  abstract void resetEndpoint() throws Exception;

  /** Creates the stack of {@link Seed} on the endpoint, the way an operator would. */
  abstract Seed seedStack();

  /** Takes a manual snapshot of a DB instance now. */
  abstract void takeManualSnapshot(String dbInstance, String snapshot);

  /** The mutating requests the endpoint itself recorded ("service:Operation"), when it records any. */
  abstract Optional<List<String>> endpointMutations();

  abstract void clearEndpointRecord();

  /** Whether the endpoint answers EC2 DescribeInstanceAttribute (termination protection); true on AWS. */
  boolean describesTerminationProtection() {
    return true;
  }

  /** Whether the endpoint honours DryRun on DeleteVpc and DeleteSubnet (moto 5.2 does not). */
  abstract boolean honoursDryRunOnVpcAndSubnet();

  @BeforeEach
  void seed() throws Exception {
    resetEndpoint();
    seed = seedStack();
    guarded.wire.clear();
    clearEndpointRecord();
  }

  AwsGuardedActions actions(Environment env) {
    return AwsGuardedActions.builder(env, guarded.sts).rds(guarded.rds).ec2(guarded.ec2).s3(guarded.s3)
        .dynamoDb(guarded.dynamoDb).ecs(guarded.ecs).elasticLoadBalancingV2(guarded.elb).backup(guarded.backup).build();
  }

  GuardedExecutor executor(BlastRadiusEvaluator evaluator) {
    GuardedExecutor.Builder b = GuardedExecutor.builder().clock(clock).auditSink(new RecordingAuditSink())
        .approvalCallback(FakeApprovals.approveAs(clock, Principal.human("alice"), Principal.human("bob")));
    if (evaluator != null) {
      b.evaluator(evaluator);
    }
    return b.build();
  }

  Operation op(String name, Environment env) {
    return Operation.builder().name(name).requester(Principal.human("carol")).environment(env)
        .reason("retire the staging copy").build();
  }

  static DeleteDbInstanceRequest deleteDb(String id) {
    return DeleteDbInstanceRequest.builder().dbInstanceIdentifier(id).skipFinalSnapshot(true)
        .deleteAutomatedBackups(true).build();
  }

  void assertStackIntact() {
    assertThat(admin.rds.describeDBInstances().dbInstances()).extracting(d -> d.dbInstanceIdentifier())
        .contains(Seed.STAGING_DB, Seed.PROD_DB);
    assertThat(admin.rds.describeDBInstances().dbInstances()).allMatch(d -> d.deletionProtection() != null);
    assertThat(admin.ec2.describeInstances(r -> r.instanceIds(seed.instanceId())).reservations().get(0).instances()
        .get(0).state().nameAsString()).isIn("pending", "running");
    assertThat(admin.ec2.describeVpcs(r -> r.vpcIds(seed.vpcId())).vpcs()).hasSize(1);
    assertThat(admin.ec2.describeSubnets(r -> r.subnetIds(seed.subnetA())).subnets()).hasSize(1);
    assertThat(admin.ec2.describeSecurityGroups(r -> r.groupIds(seed.securityGroupId())).securityGroups()).hasSize(1);
    assertThat(admin.ec2.describeVolumes(r -> r.volumeIds(seed.volumeId())).volumes()).hasSize(1);
    assertThat(admin.ec2.describeSnapshots(r -> r.snapshotIds(seed.snapshotId())).snapshots()).hasSize(1);
    assertThat(admin.s3.listObjectsV2(r -> r.bucket(Seed.BUCKET)).keyCount()).isEqualTo(1);
    assertThat(admin.s3.getBucketVersioning(r -> r.bucket(Seed.BUCKET)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
    assertThat(admin.dynamoDb.describeTable(r -> r.tableName(Seed.TABLE)).table().tableStatusAsString()).isEqualTo("ACTIVE");
    assertThat(admin.dynamoDb.describeContinuousBackups(r -> r.tableName(Seed.TABLE)).continuousBackupsDescription()
        .pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString()).isEqualTo("ENABLED");
    assertThat(admin.ecs.describeClusters(r -> r.clusters(Seed.CLUSTER)).clusters().get(0).status()).isEqualTo("ACTIVE");
    assertThat(admin.ecs.describeServices(r -> r.cluster(Seed.CLUSTER).services(Seed.SERVICE)).services().get(0).status())
        .isEqualTo("ACTIVE");
    assertThat(admin.elb.describeLoadBalancers().loadBalancers()).hasSize(1);
    assertThat(admin.backup.listBackupVaults().backupVaultList()).extracting(v -> v.backupVaultName()).contains(Seed.VAULT);
  }

  @Test
  void unguardedMutationsNeverReachTheWire_forEveryService() {
    List<Executable> calls = List.of(
        () -> guarded.rds.deleteDBInstance(deleteDb(Seed.PROD_DB)),
        () -> guarded.rds.modifyDBInstance(r -> r.dbInstanceIdentifier(Seed.PROD_DB).backupRetentionPeriod(0)),
        () -> guarded.ec2.terminateInstances(r -> r.instanceIds(seed.instanceId())),
        () -> guarded.ec2.deleteVpc(r -> r.vpcId(seed.vpcId())),
        () -> guarded.ec2.deleteSubnet(r -> r.subnetId(seed.subnetA())),
        () -> guarded.ec2.deleteSecurityGroup(r -> r.groupId(seed.securityGroupId())),
        () -> guarded.ec2.deleteVolume(r -> r.volumeId(seed.volumeId())),
        () -> guarded.ec2.deleteSnapshot(r -> r.snapshotId(seed.snapshotId())),
        () -> guarded.ec2.createVpc(r -> r.cidrBlock("10.9.0.0/16")),
        () -> guarded.s3.deleteBucket(r -> r.bucket(Seed.BUCKET)),
        () -> guarded.s3.deleteObjects(r -> r.bucket(Seed.BUCKET)
            .delete(d -> d.objects(ObjectIdentifier.builder().key("submissions/1.txt").build()))),
        () -> guarded.s3.putBucketVersioning(r -> r.bucket(Seed.BUCKET)
            .versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED))),
        () -> guarded.dynamoDb.deleteTable(r -> r.tableName(Seed.TABLE)),
        () -> guarded.dynamoDb.updateContinuousBackups(r -> r.tableName(Seed.TABLE)
            .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(false))),
        () -> guarded.dynamoDb.putItem(r -> r.tableName(Seed.TABLE).item(Map.of("id", AttributeValue.fromS("x")))),
        () -> guarded.ecs.deleteService(r -> r.cluster(Seed.CLUSTER).service(Seed.SERVICE).force(true)),
        () -> guarded.ecs.deleteCluster(r -> r.cluster(Seed.CLUSTER)),
        () -> guarded.elb.deleteLoadBalancer(r -> r.loadBalancerArn(seed.loadBalancerArn())),
        () -> guarded.backup.deleteBackupVault(r -> r.backupVaultName(Seed.VAULT)),
        () -> guarded.sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + ACCOUNT + ":role/admin").roleSessionName("x")));
    for (Executable call : calls) {
      assertThatThrownBy(call::execute)
          .isInstanceOf(UnguardedMutationException.class)
          .hasMessageContaining("outside an approved guarded execution");
    }
    // The recorder sits behind the guard and sees every attempt, retries included: none.
    assertThat(guarded.wire.sent()).isEmpty();
    endpointMutations().ifPresent(m -> assertThat(m).isEmpty());
    assertStackIntact();
  }

  @Test
  void readsPassTheGuard() {
    guarded.rds.describeDBInstances();
    guarded.s3.listBuckets();
    guarded.sts.getCallerIdentity();
    assertThat(guarded.wire.sent()).extracting(WireRecorder.Sent::operation)
        .containsExactly("DescribeDBInstances", "ListBuckets", "GetCallerIdentity");
  }

  @Test
  void asyncClientsAreRefusedOnTheCallersThreadBeforeTheTransport() {
    assertThatThrownBy(() -> guarded.dynamoDbAsync.deleteTable(r -> r.tableName(Seed.TABLE)).join())
        .hasRootCauseInstanceOf(UnguardedMutationException.class);
    assertThat(guarded.asyncHttp.requests.get()).isZero();
  }

  @Test
  void approvedExecutionSendsExactlyTheApprovedRequestAndNothingElse() {
    DeleteDbInstanceRequest request = deleteDb(Seed.STAGING_DB);
    Recorded<?> action = new Recorded<>(actions(dev).deleteDbInstance(request));

    Outcome<?> outcome = executor(null).execute(op("rds:DeleteDBInstance", dev), action);

    assertThat(outcome.executed()).as(outcome.toString()).isTrue();
    assertThat(action.sentDuringExecute).hasSize(1);
    assertThat(action.sentDuringExecute.get(0).operation()).isEqualTo("DeleteDBInstance");
    assertThat(action.sentDuringExecute.get(0).original()).isSameAs(request);
    endpointMutations().ifPresent(m -> assertThat(m).containsExactly("rds:DeleteDBInstance"));
    assertThat(admin.rds.describeDBInstances().dbInstances()).extracting(d -> d.dbInstanceIdentifier())
        .contains(Seed.PROD_DB).doesNotContain(Seed.STAGING_DB);
  }

  @Test
  void anApprovalForOneTargetDoesNotLetAnotherThrough() {
    GuardedAction<?> staging = actions(dev).deleteDbInstance(deleteDb(Seed.STAGING_DB));
    GuardedAction<Object> swapped = GuardedAction.of(staging.scope(), staging::dryRun,
        plan -> guarded.rds.deleteDBInstance(deleteDb(Seed.PROD_DB)));

    Outcome<Object> outcome = executor(null).execute(op("rds:DeleteDBInstance", dev), swapped);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.refusedAt()).contains(Step.EXECUTE);
    assertThat(outcome.failure()).get().isInstanceOf(UnguardedMutationException.class);
    assertThat(outcome.failure().get().getMessage()).contains("not the request approved");
    assertThat(guarded.wire.mutations()).isEmpty();
    endpointMutations().ifPresent(m -> assertThat(m).isEmpty());
    assertStackIntact();
  }

  @Test
  void aPlanWithoutPinnedRequestsLetsThroughOnlyTheTargetsItChanges() {
    ResourceChange stagingDelete = ResourceChange.builder().address("aws_db_instance." + Seed.STAGING_DB)
        .type("aws_db_instance").action(ChangeAction.DELETE).before(Map.of("identifier", Seed.STAGING_DB)).build();
    Operation operation = op("rds:DeleteDBInstance", dev);
    // The plan lists the operations it approves; the operation's name is free text and opens nothing.
    Plan approved = Plan.builder().change(stagingDelete).binding("aws.operations", "rds:DeleteDBInstance").build();

    Outcome<Object> prod = executor(null).execute(operation, GuardedAction.of("aws/rds/" + Seed.STAGING_DB,
        () -> approved, plan -> guarded.rds.deleteDBInstance(deleteDb(Seed.PROD_DB))));
    assertThat(prod.failure()).get().isInstanceOf(UnguardedMutationException.class);
    assertThat(prod.failure().get().getMessage()).contains("on " + Seed.PROD_DB, "does not change it");
    assertStackIntact();

    Outcome<Object> otherOperation = executor(null).execute(operation, GuardedAction.of("aws/rds/" + Seed.STAGING_DB,
        () -> approved, plan -> guarded.rds.modifyDBInstance(
            r -> r.dbInstanceIdentifier(Seed.STAGING_DB).deletionProtection(false))));
    assertThat(otherOperation.failure().get().getMessage()).contains("the approval is for rds:deletedbinstance");

    Outcome<Object> staging = executor(null).execute(operation, GuardedAction.of("aws/rds/" + Seed.STAGING_DB,
        () -> approved, plan -> guarded.rds.deleteDBInstance(deleteDb(Seed.STAGING_DB))));
    assertThat(staging.executed()).as(staging.toString()).isTrue();
  }

  @Test
  void dryRunsNeverMutateAndSpeakTheTerraformVocabulary() throws Exception {
    AwsGuardedActions aws = actions(dev);
    Map<String, GuardedAction<?>> all = new java.util.LinkedHashMap<>();
    all.put("aws_db_instance", aws.deleteDbInstance(deleteDb(Seed.PROD_DB)));
    all.put("aws_db_instance ", aws.modifyDbInstance(ModifyDbInstanceRequest.builder()
        .dbInstanceIdentifier(Seed.PROD_DB).deletionProtection(false).build()));
    if (describesTerminationProtection()) {
      all.put("aws_instance", aws.terminateInstances(TerminateInstancesRequest.builder().instanceIds(seed.instanceId()).build()));
    }
    if (honoursDryRunOnVpcAndSubnet()) {
      all.put("aws_vpc", aws.deleteVpc(DeleteVpcRequest.builder().vpcId(seed.vpcId()).build()));
      all.put("aws_subnet", aws.deleteSubnet(DeleteSubnetRequest.builder().subnetId(seed.subnetB()).build()));
    }
    all.put("aws_security_group", aws.deleteSecurityGroup(DeleteSecurityGroupRequest.builder()
        .groupId(seed.securityGroupId()).build()));
    all.put("aws_ebs_volume", aws.deleteVolume(DeleteVolumeRequest.builder().volumeId(seed.volumeId()).build()));
    all.put("aws_ebs_snapshot", aws.deleteSnapshot(DeleteSnapshotRequest.builder().snapshotId(seed.snapshotId()).build()));
    all.put("aws_s3_bucket", aws.deleteBucket(DeleteBucketRequest.builder().bucket(Seed.BUCKET).build()));
    all.put("aws_s3_object", aws.deleteObjects(DeleteObjectsRequest.builder().bucket(Seed.BUCKET)
        .delete(d -> d.objects(ObjectIdentifier.builder().key("submissions/1.txt").build())).build()));
    all.put("aws_s3_bucket_versioning", aws.putBucketVersioning(PutBucketVersioningRequest.builder().bucket(Seed.BUCKET)
        .versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)).build()));
    all.put("aws_dynamodb_table", aws.deleteTable(DeleteTableRequest.builder().tableName(Seed.TABLE).build()));
    all.put("aws_dynamodb_table ", aws.updateTable(UpdateTableRequest.builder().tableName(Seed.TABLE)
        .deletionProtectionEnabled(false).build()));
    all.put("aws_dynamodb_table  ", aws.updateContinuousBackups(UpdateContinuousBackupsRequest.builder()
        .tableName(Seed.TABLE).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(false)).build()));
    all.put("aws_ecs_service", aws.deleteEcsService(DeleteServiceRequest.builder().cluster(Seed.CLUSTER)
        .service(Seed.SERVICE).build()));
    all.put("aws_ecs_cluster", aws.deleteEcsCluster(DeleteClusterRequest.builder().cluster(Seed.CLUSTER).build()));
    all.put("aws_lb", aws.deleteLoadBalancer(DeleteLoadBalancerRequest.builder()
        .loadBalancerArn(seed.loadBalancerArn()).build()));
    all.put("aws_backup_vault", aws.deleteBackupVault(DeleteBackupVaultRequest.builder().backupVaultName(Seed.VAULT).build()));

    for (Map.Entry<String, GuardedAction<?>> e : all.entrySet()) {
      Plan plan = e.getValue().dryRun();
      assertThat(plan.changes()).as(e.getKey()).isNotEmpty();
      assertThat(plan.changes()).as(e.getKey()).allMatch(c -> c.type().equals(e.getKey().trim()));
      assertThat(plan.digest()).as("a second dry run plans the same").isEqualTo(e.getValue().dryRun().digest());
    }
    // Only EC2's own dry runs (DryRun=true, never executed by EC2) left the client as non-reads.
    assertThat(guarded.wire.mutations()).isNotEmpty().allMatch(s -> s.service().equalsIgnoreCase("EC2")
        && RequestFacts.isDryRun(s.original()));
    endpointMutations().ifPresent(m -> assertThat(m).isEmpty());
    assertStackIntact();

    Plan db = all.get("aws_db_instance").dryRun();
    assertThat(db.changes().get(0).before()).containsEntry("identifier", Seed.PROD_DB)
        .containsEntry("skip_final_snapshot", true).containsEntry("delete_automated_backups", true)
        .containsEntry("deletion_protection", true).containsKey("backup_retention_period");
    Plan off = all.get("aws_dynamodb_table  ").dryRun();
    assertThat(off.changes().get(0).before().get("point_in_time_recovery")).isEqualTo(List.of(Map.of("enabled", true)));
    assertThat(off.changes().get(0).after().get("point_in_time_recovery")).isEqualTo(List.of(Map.of("enabled", false)));
  }

  @Test
  void theDefaultRulesJudgeAnSdkDryRunLikeATerraformPlan_theIncidentDeleteIsDenied() throws Exception {
    Environment prod = Environment.aws("courses-prod", Tier.PRODUCTION, ACCOUNT, REGION.id());
    Outcome<?> outcome = executor(null).execute(op("rds:DeleteDBInstance", prod),
        actions(prod).deleteDbInstance(deleteDb(Seed.PROD_DB)));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DENIED);
    assertThat(outcome.blastRadius().orElseThrow().level()).isEqualTo(Level.CRITICAL);
    assertThat(outcome.blastRadius().orElseThrow().findings()).extracting(Finding::ruleId)
        .contains("data.irrecoverable-loss");
    assertThat(guarded.wire.mutations()).isEmpty();

    Plan protectionOff = actions(prod).modifyDbInstance(ModifyDbInstanceRequest.builder()
        .dbInstanceIdentifier(Seed.PROD_DB).deletionProtection(false).applyImmediately(true).build()).dryRun();
    assertThat(BlastRadiusEvaluator.ofDefaults().evaluate(protectionOff, op("rds:ModifyDBInstance", prod)).findings())
        .extracting(Finding::ruleId).contains("protection.removed");
    assertThat(guarded.wire.mutations()).isEmpty();
    assertStackIntact();
  }

  @Test
  void theAccountGuardRefusesAnotherAccountOrRegionBeforeAnythingElse() {
    Environment otherAccount = Environment.aws("courses-prod", Tier.PRODUCTION, "111111111111", REGION.id());
    Outcome<?> outcome = executor(null).execute(op("rds:DeleteDBInstance", otherAccount),
        actions(otherAccount).deleteDbInstance(deleteDb(Seed.PROD_DB)));
    assertThat(outcome.refusedAt()).contains(Step.DRY_RUN);
    assertThat(String.join(" ", outcome.reasons()))
        .contains("the credentials belong to AWS account " + ACCOUNT + " but environment courses-prod is account 111111111111");
    assertThat(guarded.wire.sent()).extracting(WireRecorder.Sent::operation).containsExactly("GetCallerIdentity");

    guarded.wire.clear();
    Environment otherRegion = Environment.aws("courses-eu", Tier.PRODUCTION, ACCOUNT, "eu-west-1");
    assertThatThrownBy(() -> actions(otherRegion).deleteDbInstance(deleteDb(Seed.PROD_DB)).dryRun())
        .isInstanceOf(AccountMismatchException.class)
        .hasMessage("safeops refused: the rds client is in region us-east-1 but environment courses-eu runs in eu-west-1");
    assertThat(guarded.wire.sent()).isEmpty();
    assertStackIntact();
  }

  @Test
  void theBackupPreconditionWantsARecentIndependentBackup() throws Exception {
    BackupPrecondition rule = BackupPrecondition.builder(BackupLookup.sdk(admin.rds, admin.dynamoDb, null))
        .clock(clock).build();
    Operation operation = op("rds:DeleteDBInstance", dev);
    Supplier<Plan> plan = () -> {
      try {
        return actions(dev).deleteDbInstance(deleteDb(Seed.PROD_DB)).dryRun();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };

    List<Finding> none = rule.evaluate(plan.get(), operation);
    assertThat(none).singleElement().satisfies(f -> {
      assertThat(f.level()).isEqualTo(Level.CRITICAL);
      assertThat(f.ruleId()).isEqualTo("backup.independent-recent");
      assertThat(f.message()).isEqualTo("aws_db_instance.courses-prod is deleted without an independent backup newer"
          + " than 24 h (a manual snapshot or AWS Backup recovery point this operation does not delete): none was found");
    });

    takeManualSnapshot(Seed.PROD_DB, "courses-prod-manual");
    clock.set(Instant.now());
    assertThat(rule.evaluate(plan.get(), operation)).isEmpty();

    clock.advance(Duration.ofHours(25));
    assertThat(rule.evaluate(plan.get(), operation)).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("the newest is manual DB snapshot courses-prod-manual"));

    clock.set(Instant.now());
    List<ResourceChange> both = new ArrayList<>(plan.get().changes());
    both.add(actions(dev).deleteDbSnapshot(DeleteDbSnapshotRequest.builder()
        .dbSnapshotIdentifier("courses-prod-manual").build()).dryRun().changes().get(0));
    assertThat(rule.evaluate(Plan.of(both), operation)).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("none was found that this plan does not also delete"));

    Environment prod = Environment.aws("courses-prod", Tier.PRODUCTION, ACCOUNT, REGION.id());
    admin.rds.deleteDBSnapshot(r -> r.dbSnapshotIdentifier("courses-prod-manual"));
    Outcome<?> denied = executor(BlastRadiusEvaluator.builder().addRule(rule).build())
        .execute(op("rds:DeleteDBInstance", prod), actions(prod).deleteDbInstance(deleteDb(Seed.PROD_DB)));
    assertThat(denied.status()).isEqualTo(Outcome.Status.DENIED);
    assertThat(guarded.wire.mutations()).isEmpty();
    assertStackIntact();
  }

  @Test
  void aGuardedActionExecutesOnce() {
    GuardedAction<?> action = actions(dev).deleteDbClusterSnapshot(DeleteDbClusterSnapshotRequest.builder()
        .dbClusterSnapshotIdentifier("missing").build());
    assertThatThrownBy(action::dryRun).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("RDS DB cluster snapshot missing");
    GuardedAction<?> db = actions(dev).deleteDbInstance(deleteDb(Seed.STAGING_DB));
    Outcome<?> first = executor(null).execute(op("rds:DeleteDBInstance", dev), db);
    assertThat(first.executed()).isTrue();
    assertThatThrownBy(() -> db.execute(first.plan().orElseThrow()))
        .isInstanceOf(dev.safeops.core.InvariantViolationException.class);
  }

  /** Wraps an action to record what left the client while it executed. */
  final class Recorded<T> implements GuardedAction<T> {
    final GuardedAction<T> delegate;
    List<WireRecorder.Sent> sentDuringExecute = List.of();

    Recorded(GuardedAction<T> delegate) {
      this.delegate = delegate;
    }

    @Override
    public String scope() {
      return delegate.scope();
    }

    @Override
    public Plan dryRun() throws Exception {
      return delegate.dryRun();
    }

    @Override
    public T execute(Plan approved) throws Exception {
      guarded.wire.clear();
      try {
        return delegate.execute(approved);
      } finally {
        sentDuringExecute = guarded.wire.sent();
      }
    }
  }
}
