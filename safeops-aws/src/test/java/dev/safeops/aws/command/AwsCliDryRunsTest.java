package dev.safeops.aws.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.aws.AwsGuardedActions;
import dev.safeops.aws.SafeOpsInterceptor;
import dev.safeops.aws.command.internal.SdkCliDryRun;
import dev.safeops.aws.testing.FakeAws;
import dev.safeops.aws.testing.FakeAwsClients;
import dev.safeops.aws.testing.FakeAwsSeed.IncidentStack;
import dev.safeops.aws.testing.RecordedRequest;
import dev.safeops.core.ApprovalCallback;
import dev.safeops.core.Environment;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Tier;
import dev.safeops.core.command.AgentTool;
import dev.safeops.core.command.CommandJudge;
import dev.safeops.core.command.SimpleCommand;
import dev.safeops.core.command.ToolGuard;
import dev.safeops.core.testing.FakeApprovals;
import dev.safeops.core.testing.RecordingAuditSink;
import dev.safeops.core.testing.SettableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** An agent's AWS CLI calls through ToolGuard, the core executor and the SDK dry runs, against guarded clients of the fake. */
class AwsCliDryRunsTest {
  private static FakeAws fake;
  private static RdsClient rds;
  private static Ec2Client ec2;
  private static S3Client s3;
  private static DynamoDbClient dynamoDb;
  private static EcsClient ecs;
  private static ElasticLoadBalancingV2Client elb;
  private static BackupClient backup;

  private final SettableClock clock = SettableClock.create();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final AtomicInteger rawRuns = new AtomicInteger();
  private final AgentTool shell = args -> {
    rawRuns.incrementAndGet();
    return "ran " + args.get("command");
  };

  @BeforeAll
  static void startFake() {
    fake = FakeAws.create().start();
    ClientOverrideConfiguration guard = ClientOverrideConfiguration.builder()
        .addExecutionInterceptor(new SafeOpsInterceptor()).build();
    rds = FakeAwsClients.pointAt(RdsClient.builder(), fake).overrideConfiguration(guard).build();
    ec2 = FakeAwsClients.pointAt(Ec2Client.builder(), fake).overrideConfiguration(guard).build();
    s3 = FakeAwsClients.pointAt(S3Client.builder(), fake).forcePathStyle(true).overrideConfiguration(guard).build();
    dynamoDb = FakeAwsClients.pointAt(DynamoDbClient.builder(), fake).overrideConfiguration(guard).build();
    ecs = FakeAwsClients.pointAt(EcsClient.builder(), fake).overrideConfiguration(guard).build();
    elb = FakeAwsClients.pointAt(ElasticLoadBalancingV2Client.builder(), fake).overrideConfiguration(guard).build();
    backup = FakeAwsClients.pointAt(BackupClient.builder(), fake).overrideConfiguration(guard).build();
  }

  @AfterAll
  static void stopFake() {
    for (AutoCloseable c : new AutoCloseable[] {rds, ec2, s3, dynamoDb, ecs, elb, backup, fake}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing a test client cannot fail a test
      }
    }
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  private static Environment env(Tier tier) {
    return Environment.aws("courses-" + tier.name().toLowerCase(), tier, fake.accountId(), fake.region());
  }

  private static AwsGuardedActions actions(Environment env) {
    return AwsGuardedActions.builder(env, FakeAwsClients.sts(fake)).rds(rds).ec2(ec2).s3(s3).dynamoDb(dynamoDb).ecs(ecs)
        .elasticLoadBalancingV2(elb).backup(backup).build();
  }

  private AgentTool guardedShell(Environment env, ApprovalCallback approvals) {
    GuardedExecutor executor = GuardedExecutor.builder().clock(clock).auditSink(audit).approvalCallback(approvals).build();
    return ToolGuard.builder().executor(executor).judge(CommandJudge.of(new AwsCliClassifier()))
        .agent(Principal.agent("coding-agent")).environment(env)
        .addActionFactory(new AwsCliGuardedActions(AwsCliDryRuns.sdk(actions(env)))).build().wrap("bash", shell);
  }

  private ApprovalCallback twoHumans() {
    return FakeApprovals.approveAs(clock, Principal.human("alice"), Principal.human("bob"));
  }

  @Test
  void anAgentsDeleteOfTheIncidentDatabaseWithoutAFinalSnapshotIsDeniedAndTheDatabaseStays() throws Exception {
    fake.seed().incidentProductionStack();
    fake.clearRequests();

    String answer = guardedShell(env(Tier.PRODUCTION), twoHumans())
        .call(Map.of("command", "aws rds delete-db-instance --db-instance-identifier courses-prod --skip-final-snapshot"));

    assertThat(answer).startsWith("safeops refused `aws rds delete-db-instance").contains("DENIED", "CRITICAL",
        "aws_db_instance.courses-prod", "Nothing was changed");
    assertThat(fake.state().dbInstanceExists(IncidentStack.DB_INSTANCE)).isTrue();
    assertThat(fake.mutatingRequests()).isEmpty();
    assertThat(rawRuns).hasValue(0);
  }

  @Test
  void anApprovedTerminationOfANonProductionInstanceReachesTheEndpointExactlyOnce() throws Exception {
    fake.seed().vpc("vpc-0dev", "10.1.0.0/16").subnet("subnet-0dev", "vpc-0dev", "10.1.1.0/24", "us-east-1a")
        .ec2Instance("i-0scratch", i -> i.subnet("subnet-0dev"));
    fake.clearRequests();

    String answer = guardedShell(env(Tier.STAGING), twoHumans())
        .call(Map.of("command", "aws ec2 terminate-instances --instance-ids i-0scratch --region " + fake.region()));

    assertThat(answer).startsWith("safeops sent the approved aws ec2 terminate-instances");
    List<RecordedRequest> terminations = fake.requests().stream()
        .filter(r -> r.operation().equals("TerminateInstances") && r.parameter("DryRun").isEmpty()).toList();
    assertThat(terminations).singleElement().satisfies(r -> assertThat(r.parameters()).containsEntry("InstanceId.1", "i-0scratch"));
    assertThat(fake.mutatingRequests()).singleElement().satisfies(r -> assertThat(r.operation()).isEqualTo("TerminateInstances"));
    assertThat(fake.state().ec2InstanceState("i-0scratch")).contains("terminated");
    assertThat(rawRuns).hasValue(0);
  }

  @Test
  void settingABackupRetentionOfZeroIsFlaggedAsProtectionRemoved() throws Exception {
    fake.seed().dbInstance("courses-dev", d -> d.backupRetentionDays(7));
    fake.clearRequests();

    String answer = guardedShell(env(Tier.DEVELOPMENT), FakeApprovals.deny()).call(Map.of("command",
        "aws rds modify-db-instance --db-instance-identifier courses-dev --backup-retention-period 0 --apply-immediately"));

    assertThat(answer).startsWith("safeops refused").contains("Rule protection.removed",
        "backup_retention_period: 7 -> 0");
    assertThat(fake.state().dbInstanceBackupRetention("courses-dev")).contains(7);
    assertThat(fake.mutatingRequests()).isEmpty();
  }

  @Test
  void anUnmappedOrUnreadableCallIsRefusedAndNeverRuns() throws Exception {
    fake.seed().dbInstance("courses-dev", d -> d.backupRetentionDays(7));
    fake.clearRequests();
    AgentTool tool = guardedShell(env(Tier.DEVELOPMENT), twoHumans());

    assertThat(tool.call(Map.of("command", "aws rds delete-db-parameter-group --db-parameter-group-name p")))
        .contains("safeops refused", "no dry run", "did not run");
    for (String line : List.of(
        "aws rds delete-db-instance --db-instance-identifier courses-dev --skip-final-snapshot --force-it",
        "aws rds delete-db-instance --cli-input-json file://delete.json",
        "aws --region eu-west-1 rds delete-db-instance --db-instance-identifier courses-dev --skip-final-snapshot",
        "aws rds delete-db-instance --db-instance-identifier courses-dev --db-instance-identifier courses-prod",
        "aws rds delete-db-instance --skip-final-snapshot")) {
      assertThat(tool.call(Map.of("command", line))).as(line).startsWith("safeops refused");
    }
    assertThat(fake.state().dbInstanceExists("courses-dev")).isTrue();
    assertThat(fake.mutatingRequests()).isEmpty();
    assertThat(rawRuns).hasValue(0);
  }

  @Test
  void aStructureWithADuplicateKeyIsRefusedBecauseAnotherReaderMaySeeTheFirstValue() throws Exception {
    fake.seed().bucket("bucket-a", b -> b.versioning("Enabled"));
    fake.clearRequests();
    AgentTool tool = guardedShell(env(Tier.DEVELOPMENT), twoHumans());

    assertThat(tool.call(Map.of("command", "aws s3api put-bucket-versioning --bucket bucket-a"
        + " --versioning-configuration '{\"Status\":\"Suspended\",\"Status\":\"Enabled\"}'")))
        .startsWith("safeops refused").contains("cannot read as JSON");
    assertThat(fake.mutatingRequests()).isEmpty();
  }

  @Test
  void executionOutsideAnApprovedExecutionSendsNothing() {
    fake.seed().dbInstance("courses-dev", d -> d.backupRetentionDays(7));
    AwsCliDryRun dryRun = AwsCliDryRuns.sdk(actions(env(Tier.DEVELOPMENT)));
    List<String> args = List.of("--db-instance-identifier", "courses-dev", "--skip-final-snapshot");

    assertThatThrownBy(() -> dryRun.execute("RDS", "DeleteDBInstance", args,
        dryRun.dryRun("RDS", "DeleteDBInstance", args))).hasMessageContaining("only inside an approved execution");
    assertThat(fake.mutatingRequests()).isEmpty();
  }

  @Test
  void everyDestructiveCallHasACliDryRunWhoseResourceTypesTheCatalogKnows() throws Exception {
    Instant now = Instant.now();
    fake.seed()
        .dbInstance("db-a", d -> d.backupRetentionDays(7))
        .dbSnapshot("db-a-manual", "db-a", now)
        .dbCluster("cl-a", c -> c.engine("aurora-postgresql"))
        .dbClusterSnapshot("cl-a-manual", "cl-a", now)
        .vpc("vpc-0a", "10.0.0.0/16").subnet("subnet-0a", "vpc-0a", "10.0.1.0/24", "us-east-1a")
        .securityGroup("sg-0a", "app", "vpc-0a")
        .ec2Instance("i-0a", i -> i.subnet("subnet-0a"))
        .volume("vol-0a", 8, "us-east-1a").ec2Snapshot("snap-0a", "vol-0a", now)
        .bucket("bucket-a", b -> b.object("k1", 3).versioning("Enabled"))
        .dynamoTable("table-a", t -> t.pointInTimeRecovery(true).deletionProtection(true))
        .ecsCluster("ecs-a").ecsService("ecs-a", "web", 1)
        .loadBalancer("lb-a", l -> l.vpc("vpc-0a").subnets(List.of("subnet-0a")))
        .backupVault("vault-a")
        .recoveryPoint("vault-a", fake.state().dbInstanceArn("db-a"), now);
    String lbArn = elb.describeLoadBalancers().loadBalancers().get(0).loadBalancerArn();
    String pointArn = backup.listRecoveryPointsByBackupVault(r -> r.backupVaultName("vault-a")).recoveryPoints().get(0)
        .recoveryPointArn();
    Map<String, String> lines = new LinkedHashMap<>();
    lines.put("RDS:DeleteDBInstance", "--db-instance-identifier db-a --no-skip-final-snapshot "
        + "--final-db-snapshot-identifier db-a-final --no-delete-automated-backups");
    lines.put("RDS:DeleteDBCluster", "--db-cluster-identifier cl-a --skip-final-snapshot");
    lines.put("RDS:ModifyDBInstance", "--db-instance-identifier db-a --no-deletion-protection --backup-retention-period=0");
    lines.put("RDS:DeleteDBSnapshot", "--db-snapshot-identifier db-a-manual");
    lines.put("RDS:DeleteDBClusterSnapshot", "--db-cluster-snapshot-identifier cl-a-manual");
    lines.put("EC2:TerminateInstances", "--instance-ids i-0a");
    lines.put("EC2:DeleteVpc", "--vpc-id vpc-0a");
    lines.put("EC2:DeleteSubnet", "--subnet-id subnet-0a");
    lines.put("EC2:DeleteSecurityGroup", "--group-id sg-0a");
    lines.put("EC2:DeleteVolume", "--volume-id vol-0a");
    lines.put("EC2:DeleteSnapshot", "--snapshot-id snap-0a");
    lines.put("S3:DeleteBucket", "--bucket bucket-a");
    lines.put("S3:DeleteObjects", "--bucket bucket-a --delete Objects=[{Key=k1}],Quiet=true");
    lines.put("S3:PutBucketVersioning", "--bucket bucket-a --versioning-configuration {\"Status\":\"Suspended\"}");
    lines.put("DynamoDB:DeleteTable", "--table-name table-a");
    lines.put("DynamoDB:UpdateTable", "--table-name table-a --no-deletion-protection-enabled");
    lines.put("DynamoDB:UpdateContinuousBackups", "--table-name table-a "
        + "--point-in-time-recovery-specification PointInTimeRecoveryEnabled=false");
    lines.put("ECS:DeleteCluster", "--cluster ecs-a");
    lines.put("ECS:DeleteService", "--cluster ecs-a --service web --force");
    lines.put("ElasticLoadBalancingV2:DeleteLoadBalancer", "--load-balancer-arn " + lbArn);
    lines.put("Backup:DeleteRecoveryPoint", "--backup-vault-name vault-a --recovery-point-arn " + pointArn);
    lines.put("Backup:DeleteBackupVault", "--backup-vault-name vault-a");
    assertThat(AwsCliDryRuns.supported()).containsExactlyInAnyOrderElementsOf(lines.keySet());
    fake.clearRequests();

    AwsCliDryRun dryRun = AwsCliDryRuns.sdk(actions(env(Tier.DEVELOPMENT)));
    ResourceCatalog catalog = ResourceCatalog.defaults();
    TreeSet<String> types = new TreeSet<>();
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, String> e : lines.entrySet()) {
      String[] op = e.getKey().split(":");
      Plan plan = dryRun.dryRun(op[0], op[1], List.of(e.getValue().split(" ")));
      assertThat(plan.changes()).as(e.getKey()).isNotEmpty();
      for (ResourceChange c : plan.changes()) {
        types.add(c.type());
        if (catalog.find(c.type()).isEmpty()) {
          unknown.add(e.getKey() + " emits " + c.type());
        }
      }
    }
    assertThat(unknown).isEmpty();
    assertThat(types).contains("aws_backup_recovery_point", "aws_db_snapshot", "aws_db_cluster_snapshot", "aws_ebs_snapshot",
        "aws_backup_vault", "aws_s3_bucket_versioning", "aws_s3_object");
    assertThat(fake.mutatingRequests()).isEmpty();
  }

  @Test
  void theSupportedListIsTheDryRunsOwnAndNeedsNoSdkClassToRead() {
    assertThat(AwsCliDryRuns.supported()).containsExactlyElementsOf(SdkCliDryRun.supported());
    assertThat(AwsCliDryRuns.supports(SimpleCommand.of("aws", "--region", "eu-west-1", "rds", "delete-db-instance",
        "--db-instance-identifier", "x"))).isTrue();
    assertThat(AwsCliDryRuns.supports(SimpleCommand.of("AWS", "ec2", "terminate-instances"))).isTrue();
    assertThat(AwsCliDryRuns.supports(SimpleCommand.of("aws", "ec2", "run-instances"))).isFalse();
    assertThat(AwsCliDryRuns.supports(SimpleCommand.of("aws", "s3", "rb", "s3://b"))).isFalse();
  }
}
