package dev.safeops.aws;

import dev.safeops.aws.internal.Planners;
import dev.safeops.aws.internal.SdkAction;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Environment;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.ResourceChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.DeleteBackupVaultRequest;
import software.amazon.awssdk.services.backup.model.DeleteBackupVaultResponse;
import software.amazon.awssdk.services.backup.model.DeleteRecoveryPointRequest;
import software.amazon.awssdk.services.backup.model.DeleteRecoveryPointResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateContinuousBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateContinuousBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DeleteSecurityGroupRequest;
import software.amazon.awssdk.services.ec2.model.DeleteSecurityGroupResponse;
import software.amazon.awssdk.services.ec2.model.DeleteSnapshotRequest;
import software.amazon.awssdk.services.ec2.model.DeleteSnapshotResponse;
import software.amazon.awssdk.services.ec2.model.DeleteSubnetRequest;
import software.amazon.awssdk.services.ec2.model.DeleteSubnetResponse;
import software.amazon.awssdk.services.ec2.model.DeleteVolumeRequest;
import software.amazon.awssdk.services.ec2.model.DeleteVolumeResponse;
import software.amazon.awssdk.services.ec2.model.DeleteVpcRequest;
import software.amazon.awssdk.services.ec2.model.DeleteVpcResponse;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesResponse;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DeleteClusterRequest;
import software.amazon.awssdk.services.ecs.model.DeleteClusterResponse;
import software.amazon.awssdk.services.ecs.model.DeleteServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeleteServiceResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteLoadBalancerResponse;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterResponse;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterSnapshotResponse;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.DeleteDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbSnapshotResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteBucketRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningResponse;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Guarded actions for destructive AWS calls. Each takes the exact SDK request the caller
 * wants to send and returns a {@link GuardedAction} for {@link
 * dev.safeops.core.GuardedExecutor}:
 * <ul>
 *   <li>its dry run checks the region and the account of the credentials the mutating client
 *       itself signs with ({@link AccountGuard}) before any other call, and pins that account
 *       in the plan ({@code aws.account}: the interceptor refuses the execution if the
 *       approved operation names another account); it runs EC2's native {@code DryRun} where
 *       there is one ({@code DryRunOperation} means it would succeed; any other answer fails
 *       the dry run), describes the live
 *       resources (reads only) and returns {@link ResourceChange}s in Terraform's
 *       vocabulary ({@code aws_db_instance} with {@code deletion_protection}, {@code
 *       skip_final_snapshot}, {@code delete_automated_backups}...), so one rule set judges a
 *       Terraform plan and an SDK call alike; the plan pins a fingerprint of the request;
 *   <li>its execute sends that same request object once, and nothing else; a second call
 *       throws {@link dev.safeops.core.InvariantViolationException}.
 * </ul>
 * A resource that does not exist fails the dry run with an {@link
 * dev.safeops.core.InvalidInputException}, so nothing executes. Register {@link
 * SafeOpsInterceptor} on the clients too: then the approved request is the only mutation
 * that can leave them. The executor's evaluator judges each dry run's plan: add {@link
 * LiveEvidence} to it ({@code BlastRadiusEvaluator.builder().addRule(live)}) and every delete
 * is also asked whether anything uses what it deletes. Thread-safe; actions are single-use.
 *
 * <pre>{@code
 * AwsGuardedActions aws = AwsGuardedActions.builder(environment).rds(rds).build();
 * Outcome<DeleteDbInstanceResponse> out = executor.execute(operation,
 *     aws.deleteDbInstance(DeleteDbInstanceRequest.builder().dbInstanceIdentifier("courses-staging")
 *         .skipFinalSnapshot(false).finalDBSnapshotIdentifier("courses-staging-final").build()));
 * }</pre>
 */
public final class AwsGuardedActions {
  private final AccountGuard accountGuard;
  private final Environment environment;
  private final RdsClient rds;
  private final Ec2Client ec2;
  private final S3Client s3;
  private final DynamoDbClient dynamoDb;
  private final EcsClient ecs;
  private final ElasticLoadBalancingV2Client elb;
  private final BackupClient backup;

  private AwsGuardedActions(Builder b) {
    this.environment = b.environment;
    this.accountGuard = b.sts == null ? AccountGuard.of(b.environment) : AccountGuard.of(b.sts, b.environment);
    this.rds = b.rds;
    this.ec2 = b.ec2;
    this.s3 = b.s3;
    this.dynamoDb = b.dynamoDb;
    this.ecs = b.ecs;
    this.elb = b.elb;
    this.backup = b.backup;
  }

  /**
   * Actions whose dry runs read the account with an STS client built from each mutating
   * client's own credentials provider, region and endpoint override ({@link
   * AccountGuard#of(Environment)}).
   *
   * @param environment the AWS environment the actions must run in ({@link Environment#aws})
   */
  public static Builder builder(Environment environment) {
    return new Builder(environment, null);
  }

  /**
   * Actions whose dry runs read the account with {@code sts}, which must sign with the same
   * credentials as each mutating client (otherwise the dry run refuses); use it to reach STS
   * through a particular endpoint.
   *
   * @param environment the AWS environment the actions must run in ({@link Environment#aws})
   * @param sts an STS client with the mutating clients' credentials
   */
  public static Builder builder(Environment environment, StsClient sts) {
    return new Builder(environment, Objects.requireNonNull(sts, "sts"));
  }

  /** The AWS environment these actions run in. */
  public Environment environment() {
    return environment;
  }

  // RDS

  public GuardedAction<DeleteDbInstanceResponse> deleteDbInstance(DeleteDbInstanceRequest q) {
    String id = required(q.dbInstanceIdentifier(), "DBInstanceIdentifier");
    return action("aws_db_instance", id, "rds", "DeleteDBInstance", q, need(rds, "rds"), null, () -> {
      Map<String, Object> before = new LinkedHashMap<>(Planners.dbInstance(rds, id));
      before.put("skip_final_snapshot", Boolean.TRUE.equals(q.skipFinalSnapshot()));
      before.put("final_snapshot_identifier", q.finalDBSnapshotIdentifier());
      // The API removes automated backups unless told otherwise.
      before.put("delete_automated_backups", q.deleteAutomatedBackups() == null || q.deleteAutomatedBackups());
      return List.of(deleteOf("aws_db_instance", id, before));
    }, rds::deleteDBInstance);
  }

  public GuardedAction<DeleteDbClusterResponse> deleteDbCluster(DeleteDbClusterRequest q) {
    String id = required(q.dbClusterIdentifier(), "DBClusterIdentifier");
    return action("aws_rds_cluster", id, "rds", "DeleteDBCluster", q, need(rds, "rds"), null, () -> {
      Map<String, Object> before = new LinkedHashMap<>(Planners.dbCluster(rds, id));
      before.put("skip_final_snapshot", Boolean.TRUE.equals(q.skipFinalSnapshot()));
      before.put("final_snapshot_identifier", q.finalDBSnapshotIdentifier());
      before.put("delete_automated_backups", q.deleteAutomatedBackups() == null || q.deleteAutomatedBackups());
      return List.of(deleteOf("aws_rds_cluster", id, before));
    }, rds::deleteDBCluster);
  }

  public GuardedAction<ModifyDbInstanceResponse> modifyDbInstance(ModifyDbInstanceRequest q) {
    String id = required(q.dbInstanceIdentifier(), "DBInstanceIdentifier");
    return action("aws_db_instance", id, "rds", "ModifyDBInstance", q, need(rds, "rds"), null, () -> {
      Map<String, Object> before = Planners.dbInstance(rds, id);
      Map<String, Object> after = new LinkedHashMap<>(before);
      if (q.deletionProtection() != null) {
        after.put("deletion_protection", q.deletionProtection());
      }
      if (q.backupRetentionPeriod() != null) {
        after.put("backup_retention_period", q.backupRetentionPeriod());
      }
      if (q.newDBInstanceIdentifier() != null) {
        after.put("identifier", q.newDBInstanceIdentifier());
      }
      if (q.dbInstanceClass() != null) {
        after.put("instance_class", q.dbInstanceClass());
      }
      after.put("apply_immediately", Boolean.TRUE.equals(q.applyImmediately()));
      return List.of(ResourceChange.builder().address("aws_db_instance." + id).type("aws_db_instance")
          .provider("aws").action(ChangeAction.UPDATE).before(before).after(after).build());
    }, rds::modifyDBInstance);
  }

  public GuardedAction<DeleteDbSnapshotResponse> deleteDbSnapshot(DeleteDbSnapshotRequest q) {
    String id = required(q.dbSnapshotIdentifier(), "DBSnapshotIdentifier");
    return action("aws_db_snapshot", id, "rds", "DeleteDBSnapshot", q, need(rds, "rds"), null,
        () -> List.of(Planners.dbSnapshot(rds, id)), rds::deleteDBSnapshot);
  }

  public GuardedAction<DeleteDbClusterSnapshotResponse> deleteDbClusterSnapshot(DeleteDbClusterSnapshotRequest q) {
    String id = required(q.dbClusterSnapshotIdentifier(), "DBClusterSnapshotIdentifier");
    return action("aws_db_cluster_snapshot", id, "rds", "DeleteDBClusterSnapshot", q, need(rds, "rds"), null,
        () -> List.of(Planners.dbClusterSnapshot(rds, id)), rds::deleteDBClusterSnapshot);
  }

  // EC2

  public GuardedAction<TerminateInstancesResponse> terminateInstances(TerminateInstancesRequest q) {
    if (!q.hasInstanceIds() || q.instanceIds().isEmpty()) {
      throw new IllegalArgumentException("TerminateInstances needs at least one InstanceId");
    }
    Ec2Client c = need(ec2, "ec2");
    return action("aws_instance", String.join(",", q.instanceIds()), "ec2", "TerminateInstances", q, c,
        () -> Planners.ec2DryRun("TerminateInstances", () -> c.terminateInstances(q.toBuilder().dryRun(true).build())),
        () -> Planners.instances(c, q.instanceIds()), c::terminateInstances);
  }

  public GuardedAction<DeleteVpcResponse> deleteVpc(DeleteVpcRequest q) {
    String id = required(q.vpcId(), "VpcId");
    Ec2Client c = need(ec2, "ec2");
    return action("aws_vpc", id, "ec2", "DeleteVpc", q, c,
        () -> Planners.ec2DryRun("DeleteVpc", () -> c.deleteVpc(q.toBuilder().dryRun(true).build())),
        () -> List.of(Planners.vpc(c, id)), c::deleteVpc);
  }

  public GuardedAction<DeleteSubnetResponse> deleteSubnet(DeleteSubnetRequest q) {
    String id = required(q.subnetId(), "SubnetId");
    Ec2Client c = need(ec2, "ec2");
    return action("aws_subnet", id, "ec2", "DeleteSubnet", q, c,
        () -> Planners.ec2DryRun("DeleteSubnet", () -> c.deleteSubnet(q.toBuilder().dryRun(true).build())),
        () -> List.of(Planners.subnet(c, id)), c::deleteSubnet);
  }

  public GuardedAction<DeleteSecurityGroupResponse> deleteSecurityGroup(DeleteSecurityGroupRequest q) {
    if (q.groupId() == null && q.groupName() == null) {
      throw new IllegalArgumentException("DeleteSecurityGroup needs a GroupId or a GroupName");
    }
    Ec2Client c = need(ec2, "ec2");
    return action("aws_security_group", q.groupId() != null ? q.groupId() : q.groupName(), "ec2",
        "DeleteSecurityGroup", q, c,
        () -> Planners.ec2DryRun("DeleteSecurityGroup", () -> c.deleteSecurityGroup(q.toBuilder().dryRun(true).build())),
        () -> List.of(Planners.securityGroup(c, q.groupId(), q.groupName())), c::deleteSecurityGroup);
  }

  public GuardedAction<DeleteVolumeResponse> deleteVolume(DeleteVolumeRequest q) {
    String id = required(q.volumeId(), "VolumeId");
    Ec2Client c = need(ec2, "ec2");
    return action("aws_ebs_volume", id, "ec2", "DeleteVolume", q, c,
        () -> Planners.ec2DryRun("DeleteVolume", () -> c.deleteVolume(q.toBuilder().dryRun(true).build())),
        () -> List.of(Planners.volume(c, id)), c::deleteVolume);
  }

  public GuardedAction<DeleteSnapshotResponse> deleteSnapshot(DeleteSnapshotRequest q) {
    String id = required(q.snapshotId(), "SnapshotId");
    Ec2Client c = need(ec2, "ec2");
    return action("aws_ebs_snapshot", id, "ec2", "DeleteSnapshot", q, c,
        () -> Planners.ec2DryRun("DeleteSnapshot", () -> c.deleteSnapshot(q.toBuilder().dryRun(true).build())),
        () -> List.of(Planners.ebsSnapshot(c, id)), c::deleteSnapshot);
  }

  // S3

  public GuardedAction<DeleteBucketResponse> deleteBucket(DeleteBucketRequest q) {
    String bucket = required(q.bucket(), "Bucket");
    S3Client c = need(s3, "s3");
    return action("aws_s3_bucket", bucket, "s3", "DeleteBucket", q, c, null,
        () -> List.of(deleteOf("aws_s3_bucket", bucket, Planners.bucket(c, bucket))), c::deleteBucket);
  }

  public GuardedAction<DeleteObjectsResponse> deleteObjects(DeleteObjectsRequest q) {
    String bucket = required(q.bucket(), "Bucket");
    if (q.delete() == null || !q.delete().hasObjects() || q.delete().objects().isEmpty()) {
      throw new IllegalArgumentException("DeleteObjects needs at least one object");
    }
    S3Client c = need(s3, "s3");
    return action("aws_s3_bucket", bucket, "s3", "DeleteObjects", q, c, null,
        () -> Planners.objects(c, bucket, q.delete().objects()), c::deleteObjects);
  }

  public GuardedAction<PutBucketVersioningResponse> putBucketVersioning(PutBucketVersioningRequest q) {
    String bucket = required(q.bucket(), "Bucket");
    if (q.versioningConfiguration() == null) {
      throw new IllegalArgumentException("PutBucketVersioning needs a VersioningConfiguration");
    }
    S3Client c = need(s3, "s3");
    return action("aws_s3_bucket", bucket, "s3", "PutBucketVersioning", q, c, null, () -> {
      String now = Planners.versioningStatus(c, bucket);
      String next = q.versioningConfiguration().statusAsString();
      return List.of(ResourceChange.builder().address("aws_s3_bucket_versioning." + bucket)
          .type("aws_s3_bucket_versioning").provider("aws").action(ChangeAction.UPDATE)
          .before(Map.of("bucket", bucket, "versioning_configuration", List.of(Map.of("status", now))))
          .after(Map.of("bucket", bucket, "versioning_configuration", List.of(Map.of("status", next == null ? now : next))))
          .build());
    }, c::putBucketVersioning);
  }

  // DynamoDB

  public GuardedAction<DeleteTableResponse> deleteTable(DeleteTableRequest q) {
    String table = required(q.tableName(), "TableName");
    DynamoDbClient c = need(dynamoDb, "dynamoDb");
    return action("aws_dynamodb_table", table, "dynamodb", "DeleteTable", q, c, null,
        () -> List.of(deleteOf("aws_dynamodb_table", table, Planners.table(c, table))), c::deleteTable);
  }

  public GuardedAction<UpdateTableResponse> updateTable(UpdateTableRequest q) {
    String table = required(q.tableName(), "TableName");
    DynamoDbClient c = need(dynamoDb, "dynamoDb");
    return action("aws_dynamodb_table", table, "dynamodb", "UpdateTable", q, c, null, () -> {
      Map<String, Object> before = Planners.table(c, table);
      Map<String, Object> after = new LinkedHashMap<>(before);
      if (q.deletionProtectionEnabled() != null) {
        after.put("deletion_protection_enabled", q.deletionProtectionEnabled());
      }
      if (q.billingModeAsString() != null) {
        after.put("billing_mode", q.billingModeAsString());
      }
      return List.of(updateOf("aws_dynamodb_table", table, before, after));
    }, c::updateTable);
  }

  public GuardedAction<UpdateContinuousBackupsResponse> updateContinuousBackups(UpdateContinuousBackupsRequest q) {
    String table = required(q.tableName(), "TableName");
    if (q.pointInTimeRecoverySpecification() == null) {
      throw new IllegalArgumentException("UpdateContinuousBackups needs a PointInTimeRecoverySpecification");
    }
    DynamoDbClient c = need(dynamoDb, "dynamoDb");
    return action("aws_dynamodb_table", table, "dynamodb", "UpdateContinuousBackups", q, c, null, () -> {
      Map<String, Object> before = Planners.table(c, table);
      Map<String, Object> after = new LinkedHashMap<>(before);
      after.put("point_in_time_recovery", List.of(Map.of("enabled",
          Boolean.TRUE.equals(q.pointInTimeRecoverySpecification().pointInTimeRecoveryEnabled()))));
      return List.of(updateOf("aws_dynamodb_table", table, before, after));
    }, c::updateContinuousBackups);
  }

  // ECS

  public GuardedAction<DeleteClusterResponse> deleteEcsCluster(DeleteClusterRequest q) {
    String cluster = required(q.cluster(), "cluster");
    EcsClient c = need(ecs, "ecs");
    return action("aws_ecs_cluster", cluster, "ecs", "DeleteCluster", q, c, null,
        () -> List.of(Planners.ecsCluster(c, cluster)), c::deleteCluster);
  }

  public GuardedAction<DeleteServiceResponse> deleteEcsService(DeleteServiceRequest q) {
    String service = required(q.service(), "service");
    EcsClient c = need(ecs, "ecs");
    return action("aws_ecs_service", (q.cluster() == null ? "default" : q.cluster()) + "/" + service, "ecs",
        "DeleteService", q, c, null, () -> List.of(Planners.ecsService(c, q.cluster(), service)), c::deleteService);
  }

  // ELBv2

  public GuardedAction<DeleteLoadBalancerResponse> deleteLoadBalancer(DeleteLoadBalancerRequest q) {
    String arn = required(q.loadBalancerArn(), "LoadBalancerArn");
    ElasticLoadBalancingV2Client c = need(elb, "elasticLoadBalancingV2");
    return action("aws_lb", arn, "elasticloadbalancingv2", "DeleteLoadBalancer", q, c, null,
        () -> List.of(Planners.loadBalancer(c, arn)), c::deleteLoadBalancer);
  }

  // Backup

  public GuardedAction<DeleteRecoveryPointResponse> deleteRecoveryPoint(DeleteRecoveryPointRequest q) {
    String arn = required(q.recoveryPointArn(), "RecoveryPointArn");
    required(q.backupVaultName(), "BackupVaultName");
    BackupClient c = need(backup, "backup");
    return action("aws_backup_recovery_point", arn, "backup", "DeleteRecoveryPoint", q, c, null,
        () -> List.of(Planners.recoveryPoint(c, q)), c::deleteRecoveryPoint);
  }

  public GuardedAction<DeleteBackupVaultResponse> deleteBackupVault(DeleteBackupVaultRequest q) {
    String name = required(q.backupVaultName(), "BackupVaultName");
    BackupClient c = need(backup, "backup");
    return action("aws_backup_vault", name, "backup", "DeleteBackupVault", q, c, null,
        () -> List.of(Planners.backupVault(c, q)), c::deleteBackupVault);
  }

  // plumbing

  private <Q extends SdkRequest, R> GuardedAction<R> action(String type, String id, String service, String operation,
      Q request, SdkClient client, Runnable nativeDryRun, Supplier<List<ResourceChange>> planner, Function<Q, R> call) {
    String scope = "aws/" + environment.accountId().orElse("no-account") + "/" + environment.region().orElse("no-region")
        + "/" + type + "/" + id;
    return new SdkAction<>(scope, service, operation, request, client, accountGuard, nativeDryRun, planner, call);
  }

  private static ResourceChange deleteOf(String type, String id, Map<String, ?> before) {
    return ResourceChange.builder().address(type + "." + id).type(type).provider("aws")
        .action(ChangeAction.DELETE).before(before).after(Map.of()).build();
  }

  private static ResourceChange updateOf(String type, String id, Map<String, ?> before, Map<String, ?> after) {
    return ResourceChange.builder().address(type + "." + id).type(type).provider("aws")
        .action(ChangeAction.UPDATE).before(before).after(after).build();
  }

  private static String required(String value, String member) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("the request has no " + member + ": safeops guards a named target only");
    }
    return value;
  }

  private static <C> C need(C client, String name) {
    if (client == null) {
      throw new IllegalStateException("AwsGuardedActions was built without a " + name + " client");
    }
    return client;
  }

  /** Configures {@link AwsGuardedActions}; give the clients of the services you use. */
  public static final class Builder {
    private final Environment environment;
    private final StsClient sts;
    private RdsClient rds;
    private Ec2Client ec2;
    private S3Client s3;
    private DynamoDbClient dynamoDb;
    private EcsClient ecs;
    private ElasticLoadBalancingV2Client elb;
    private BackupClient backup;

    private Builder(Environment environment, StsClient sts) {
      this.environment = Objects.requireNonNull(environment, "environment");
      this.sts = sts;
      if (environment.accountId().isEmpty() || environment.region().isEmpty()) {
        throw new IllegalArgumentException("environment " + environment.name()
            + " is not an AWS environment: build it with Environment.aws(name, tier, accountId, region)");
      }
    }

    public Builder rds(RdsClient rds) {
      this.rds = Objects.requireNonNull(rds, "rds");
      return this;
    }

    public Builder ec2(Ec2Client ec2) {
      this.ec2 = Objects.requireNonNull(ec2, "ec2");
      return this;
    }

    public Builder s3(S3Client s3) {
      this.s3 = Objects.requireNonNull(s3, "s3");
      return this;
    }

    public Builder dynamoDb(DynamoDbClient dynamoDb) {
      this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
      return this;
    }

    public Builder ecs(EcsClient ecs) {
      this.ecs = Objects.requireNonNull(ecs, "ecs");
      return this;
    }

    public Builder elasticLoadBalancingV2(ElasticLoadBalancingV2Client elb) {
      this.elb = Objects.requireNonNull(elb, "elb");
      return this;
    }

    public Builder backup(BackupClient backup) {
      this.backup = Objects.requireNonNull(backup, "backup");
      return this;
    }

    public AwsGuardedActions build() {
      return new AwsGuardedActions(this);
    }
  }
}
