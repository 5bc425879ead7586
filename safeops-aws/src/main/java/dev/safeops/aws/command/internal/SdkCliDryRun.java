package dev.safeops.aws.command.internal;

import static dev.safeops.aws.command.internal.CliArguments.Kind.BOOL;
import static dev.safeops.aws.command.internal.CliArguments.Kind.INT;
import static dev.safeops.aws.command.internal.CliArguments.Kind.LIST;
import static dev.safeops.aws.command.internal.CliArguments.Kind.STRING;
import static dev.safeops.aws.command.internal.CliArguments.Kind.STRUCT;

import com.fasterxml.jackson.databind.JsonNode;
import dev.safeops.aws.AwsGuardedActions;
import dev.safeops.aws.command.AwsCliDryRun;
import dev.safeops.aws.internal.AwsBindings;
import dev.safeops.aws.internal.RequestFacts;
import dev.safeops.core.ApprovedExecution;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.InvariantViolationException;
import dev.safeops.core.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.backup.model.DeleteBackupVaultRequest;
import software.amazon.awssdk.services.backup.model.DeleteRecoveryPointRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoverySpecification;
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
import software.amazon.awssdk.services.rds.model.DeleteDbClusterRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteBucketRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.VersioningConfiguration;

/**
 * AWS CLI calls as {@link AwsGuardedActions}: each supported call's options are read into
 * the exact SDK request, whose guarded action supplies the dry run; the execution re-reads
 * the same words into the same request and sends it only when its fingerprint is the one
 * the approved plan pins, inside the executor's approved execution.
 */
public final class SdkCliDryRun implements AwsCliDryRun {
  private static final Map<String, Mapping<?>> MAPPINGS = new HashMap<>();

  /** One CLI operation: its options, how they make the SDK request, and the guarded action for it. */
  private record Mapping<Q extends SdkRequest>(String cli, String signingService, Map<String, CliArguments.Kind> options,
      Function<CliArguments, Q> request, BiFunction<AwsGuardedActions, Q, GuardedAction<?>> action) {

    GuardedAction<?> actionFor(AwsGuardedActions actions, SdkRequest q) {
      @SuppressWarnings("unchecked")
      Q typed = (Q) q;
      return action.apply(actions, typed);
    }
  }

  private static <Q extends SdkRequest> void map(String service, String operation, String cli, String signingService,
      Map<String, CliArguments.Kind> options, Function<CliArguments, Q> request,
      BiFunction<AwsGuardedActions, Q, GuardedAction<?>> action) {
    MAPPINGS.put(service + ":" + operation, new Mapping<>(cli, signingService, options, request, action));
  }

  static {
    // RDS
    map("RDS", "DeleteDBInstance", "aws rds delete-db-instance", "rds",
        Map.of("db-instance-identifier", STRING, "skip-final-snapshot", BOOL, "final-db-snapshot-identifier", STRING,
            "delete-automated-backups", BOOL),
        a -> DeleteDbInstanceRequest.builder().dbInstanceIdentifier(a.required("db-instance-identifier"))
            .skipFinalSnapshot(a.bool("skip-final-snapshot")).finalDBSnapshotIdentifier(a.string("final-db-snapshot-identifier"))
            .deleteAutomatedBackups(a.bool("delete-automated-backups")).build(),
        AwsGuardedActions::deleteDbInstance);
    map("RDS", "DeleteDBCluster", "aws rds delete-db-cluster", "rds",
        Map.of("db-cluster-identifier", STRING, "skip-final-snapshot", BOOL, "final-db-snapshot-identifier", STRING,
            "delete-automated-backups", BOOL),
        a -> DeleteDbClusterRequest.builder().dbClusterIdentifier(a.required("db-cluster-identifier"))
            .skipFinalSnapshot(a.bool("skip-final-snapshot")).finalDBSnapshotIdentifier(a.string("final-db-snapshot-identifier"))
            .deleteAutomatedBackups(a.bool("delete-automated-backups")).build(),
        AwsGuardedActions::deleteDbCluster);
    map("RDS", "ModifyDBInstance", "aws rds modify-db-instance", "rds",
        Map.of("db-instance-identifier", STRING, "deletion-protection", BOOL, "backup-retention-period", INT,
            "apply-immediately", BOOL, "db-instance-class", STRING, "new-db-instance-identifier", STRING),
        a -> ModifyDbInstanceRequest.builder().dbInstanceIdentifier(a.required("db-instance-identifier"))
            .deletionProtection(a.bool("deletion-protection")).backupRetentionPeriod(a.integer("backup-retention-period"))
            .applyImmediately(a.bool("apply-immediately")).dbInstanceClass(a.string("db-instance-class"))
            .newDBInstanceIdentifier(a.string("new-db-instance-identifier")).build(),
        AwsGuardedActions::modifyDbInstance);
    map("RDS", "DeleteDBSnapshot", "aws rds delete-db-snapshot", "rds", Map.of("db-snapshot-identifier", STRING),
        a -> DeleteDbSnapshotRequest.builder().dbSnapshotIdentifier(a.required("db-snapshot-identifier")).build(),
        AwsGuardedActions::deleteDbSnapshot);
    map("RDS", "DeleteDBClusterSnapshot", "aws rds delete-db-cluster-snapshot", "rds",
        Map.of("db-cluster-snapshot-identifier", STRING),
        a -> DeleteDbClusterSnapshotRequest.builder()
            .dbClusterSnapshotIdentifier(a.required("db-cluster-snapshot-identifier")).build(),
        AwsGuardedActions::deleteDbClusterSnapshot);
    // EC2: --dry-run calls are read-only and never reach a dry run; --no-dry-run is the default.
    map("EC2", "TerminateInstances", "aws ec2 terminate-instances", "ec2", Map.of("instance-ids", LIST, "dry-run", BOOL),
        a -> TerminateInstancesRequest.builder().instanceIds(a.list("instance-ids")).dryRun(noDryRun(a)).build(),
        AwsGuardedActions::terminateInstances);
    map("EC2", "DeleteVpc", "aws ec2 delete-vpc", "ec2", Map.of("vpc-id", STRING, "dry-run", BOOL),
        a -> DeleteVpcRequest.builder().vpcId(a.required("vpc-id")).dryRun(noDryRun(a)).build(),
        AwsGuardedActions::deleteVpc);
    map("EC2", "DeleteSubnet", "aws ec2 delete-subnet", "ec2", Map.of("subnet-id", STRING, "dry-run", BOOL),
        a -> DeleteSubnetRequest.builder().subnetId(a.required("subnet-id")).dryRun(noDryRun(a)).build(),
        AwsGuardedActions::deleteSubnet);
    map("EC2", "DeleteSecurityGroup", "aws ec2 delete-security-group", "ec2",
        Map.of("group-id", STRING, "group-name", STRING, "dry-run", BOOL),
        a -> DeleteSecurityGroupRequest.builder().groupId(a.string("group-id")).groupName(a.string("group-name"))
            .dryRun(noDryRun(a)).build(),
        AwsGuardedActions::deleteSecurityGroup);
    map("EC2", "DeleteVolume", "aws ec2 delete-volume", "ec2", Map.of("volume-id", STRING, "dry-run", BOOL),
        a -> DeleteVolumeRequest.builder().volumeId(a.required("volume-id")).dryRun(noDryRun(a)).build(),
        AwsGuardedActions::deleteVolume);
    map("EC2", "DeleteSnapshot", "aws ec2 delete-snapshot", "ec2", Map.of("snapshot-id", STRING, "dry-run", BOOL),
        a -> DeleteSnapshotRequest.builder().snapshotId(a.required("snapshot-id")).dryRun(noDryRun(a)).build(),
        AwsGuardedActions::deleteSnapshot);
    // S3
    map("S3", "DeleteBucket", "aws s3api delete-bucket", "s3", Map.of("bucket", STRING, "expected-bucket-owner", STRING),
        a -> DeleteBucketRequest.builder().bucket(a.required("bucket"))
            .expectedBucketOwner(a.string("expected-bucket-owner")).build(),
        AwsGuardedActions::deleteBucket);
    map("S3", "DeleteObjects", "aws s3api delete-objects", "s3",
        Map.of("bucket", STRING, "delete", STRUCT, "expected-bucket-owner", STRING),
        a -> DeleteObjectsRequest.builder().bucket(a.required("bucket")).delete(delete(a))
            .expectedBucketOwner(a.string("expected-bucket-owner")).build(),
        AwsGuardedActions::deleteObjects);
    map("S3", "PutBucketVersioning", "aws s3api put-bucket-versioning", "s3",
        Map.of("bucket", STRING, "versioning-configuration", STRUCT, "mfa", STRING, "expected-bucket-owner", STRING),
        a -> {
          JsonNode v = a.struct("versioning-configuration");
          return PutBucketVersioningRequest.builder().bucket(a.required("bucket")).mfa(a.string("mfa"))
              .expectedBucketOwner(a.string("expected-bucket-owner"))
              .versioningConfiguration(VersioningConfiguration.builder().status(text(v, "Status"))
                  .mfaDelete(text(v, "MFADelete")).build())
              .build();
        },
        AwsGuardedActions::putBucketVersioning);
    // DynamoDB
    map("DynamoDB", "DeleteTable", "aws dynamodb delete-table", "dynamodb", Map.of("table-name", STRING),
        a -> DeleteTableRequest.builder().tableName(a.required("table-name")).build(),
        AwsGuardedActions::deleteTable);
    map("DynamoDB", "UpdateTable", "aws dynamodb update-table", "dynamodb",
        Map.of("table-name", STRING, "deletion-protection-enabled", BOOL, "billing-mode", STRING),
        a -> UpdateTableRequest.builder().tableName(a.required("table-name"))
            .deletionProtectionEnabled(a.bool("deletion-protection-enabled")).billingMode(a.string("billing-mode")).build(),
        AwsGuardedActions::updateTable);
    map("DynamoDB", "UpdateContinuousBackups", "aws dynamodb update-continuous-backups", "dynamodb",
        Map.of("table-name", STRING, "point-in-time-recovery-specification", STRUCT),
        a -> {
          String enabled = text(a.struct("point-in-time-recovery-specification"), "PointInTimeRecoveryEnabled");
          if (enabled == null || !(enabled.equalsIgnoreCase("true") || enabled.equalsIgnoreCase("false"))) {
            throw new InvalidInputException("aws dynamodb update-continuous-backups needs "
                + "PointInTimeRecoveryEnabled=true or false");
          }
          return UpdateContinuousBackupsRequest.builder().tableName(a.required("table-name"))
              .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                  .pointInTimeRecoveryEnabled(Boolean.parseBoolean(enabled)).build())
              .build();
        },
        AwsGuardedActions::updateContinuousBackups);
    // ECS
    map("ECS", "DeleteCluster", "aws ecs delete-cluster", "ecs", Map.of("cluster", STRING),
        a -> DeleteClusterRequest.builder().cluster(a.required("cluster")).build(),
        AwsGuardedActions::deleteEcsCluster);
    map("ECS", "DeleteService", "aws ecs delete-service", "ecs", Map.of("cluster", STRING, "service", STRING, "force", BOOL),
        a -> DeleteServiceRequest.builder().cluster(a.string("cluster")).service(a.required("service"))
            .force(a.bool("force")).build(),
        AwsGuardedActions::deleteEcsService);
    // ELBv2
    map("ElasticLoadBalancingV2", "DeleteLoadBalancer", "aws elbv2 delete-load-balancer", "elasticloadbalancingv2",
        Map.of("load-balancer-arn", STRING),
        a -> DeleteLoadBalancerRequest.builder().loadBalancerArn(a.required("load-balancer-arn")).build(),
        AwsGuardedActions::deleteLoadBalancer);
    // AWS Backup
    map("Backup", "DeleteRecoveryPoint", "aws backup delete-recovery-point", "backup",
        Map.of("backup-vault-name", STRING, "recovery-point-arn", STRING),
        a -> DeleteRecoveryPointRequest.builder().backupVaultName(a.required("backup-vault-name"))
            .recoveryPointArn(a.required("recovery-point-arn")).build(),
        AwsGuardedActions::deleteRecoveryPoint);
    map("Backup", "DeleteBackupVault", "aws backup delete-backup-vault", "backup", Map.of("backup-vault-name", STRING),
        a -> DeleteBackupVaultRequest.builder().backupVaultName(a.required("backup-vault-name")).build(),
        AwsGuardedActions::deleteBackupVault);
  }

  private final AwsGuardedActions actions;

  public SdkCliDryRun(AwsGuardedActions actions) {
    this.actions = Objects.requireNonNull(actions, "actions");
  }

  /** Every {@code Service:Operation} with a dry run, e.g. {@code RDS:DeleteDBInstance}. */
  public static List<String> supported() {
    return MAPPINGS.keySet().stream().sorted().toList();
  }

  @Override
  public boolean supports(String service, String operation) {
    return MAPPINGS.containsKey(service + ":" + operation);
  }

  @Override
  public Plan dryRun(String service, String operation, List<String> arguments) throws Exception {
    Mapping<?> m = mapping(service, operation);
    return m.actionFor(actions, request(m, arguments)).dryRun();
  }

  @Override
  public String execute(String service, String operation, List<String> arguments, Plan approved) throws Exception {
    Mapping<?> m = mapping(service, operation);
    SdkRequest q = request(m, arguments);
    ApprovedExecution running = ApprovedExecution.current().orElseThrow(() -> new InvariantViolationException(
        m.cli() + " runs only inside an approved execution of the GuardedExecutor, and there is none on this thread"));
    if (!running.plan().digest().equals(approved.digest())) {
      throw new InvariantViolationException(m.cli() + ": the plan handed to execute() is not the plan the executor approved");
    }
    String pinned = approved.bindings().get(AwsBindings.REQUEST_PREFIX + "0");
    if (pinned == null || !pinned.equals(RequestFacts.fingerprint(m.signingService(), operation, q))) {
      throw new InvariantViolationException(m.cli() + ": the request is not the one the approved plan describes; nothing was sent");
    }
    Object response = m.actionFor(actions, q).execute(approved);
    return "safeops sent the approved " + m.cli() + " (plan " + approved.digest().substring(0, 12) + "): " + response;
  }

  private static Mapping<?> mapping(String service, String operation) {
    Mapping<?> m = MAPPINGS.get(service + ":" + operation);
    if (m == null) {
      throw new InvalidInputException("safeops has no dry run for " + service + ":" + operation);
    }
    return m;
  }

  private SdkRequest request(Mapping<?> m, List<String> arguments) {
    CliArguments a = CliArguments.parse(m.cli(), arguments, m.options());
    a.region().ifPresent(r -> {
      String expected = actions.environment().region().orElse("");
      if (!r.equals(expected)) {
        throw new InvalidInputException(m.cli() + " names --region " + r + ", but safeops guards " + expected
            + " in environment " + actions.environment().name() + "; nothing was planned");
      }
    });
    return m.request().apply(a);
  }

  private static Boolean noDryRun(CliArguments a) {
    if (Boolean.TRUE.equals(a.bool("dry-run"))) {
      throw new InvalidInputException("--dry-run only checks permissions: run it as a read-only call");
    }
    return a.bool("dry-run");
  }

  private static Delete delete(CliArguments a) {
    JsonNode d = a.struct("delete");
    JsonNode objects = d.get("Objects");
    if (objects == null || !objects.isArray() || objects.isEmpty()) {
      throw new InvalidInputException("aws s3api delete-objects needs --delete with at least one object");
    }
    List<ObjectIdentifier> ids = new ArrayList<>();
    for (JsonNode o : objects) {
      String key = text(o, "Key");
      if (key == null) {
        throw new InvalidInputException("aws s3api delete-objects has an object without a Key");
      }
      ids.add(ObjectIdentifier.builder().key(key).versionId(text(o, "VersionId")).build());
    }
    String quiet = text(d, "Quiet");
    return Delete.builder().objects(ids).quiet(quiet == null ? null : Boolean.parseBoolean(quiet)).build();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
