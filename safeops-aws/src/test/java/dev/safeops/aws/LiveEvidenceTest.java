package dev.safeops.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.aws.testing.FakeAws;
import dev.safeops.aws.testing.FakeAwsClients;
import dev.safeops.aws.testing.FakeAwsSeed.IncidentStack;
import dev.safeops.aws.testing.RecordedRequest;
import dev.safeops.core.AuditLog;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Environment;
import dev.safeops.core.Finding;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Outcome;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Tier;
import dev.safeops.core.testing.SettableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.sts.StsClient;

/** The live evidence rule against the fake account: each resource kind, and every way the evidence can fail. */
class LiveEvidenceTest {
  static final Instant NOW = Instant.parse("2026-11-23T04:10:00Z");
  static final SettableClock CLOCK = SettableClock.at(NOW);
  static FakeAws aws;
  static final List<SdkClient> clients = new ArrayList<>();
  static CloudWatchClient cloudWatch;
  static RdsClient rds;
  static Ec2Client ec2;
  static ElasticLoadBalancingV2Client elb;
  static EcsClient ecs;
  static DynamoDbClient dynamoDb;

  final Operation production = operation(Tier.PRODUCTION);

  @BeforeAll
  static void start() {
    aws = FakeAws.builder().clock(CLOCK).build().start();
    SafeOpsInterceptor guard = new SafeOpsInterceptor();
    cloudWatch = guarded(FakeAwsClients.pointAt(CloudWatchClient.builder(), aws), guard);
    rds = guarded(FakeAwsClients.pointAt(RdsClient.builder(), aws), guard);
    ec2 = guarded(FakeAwsClients.pointAt(Ec2Client.builder(), aws), guard);
    elb = guarded(FakeAwsClients.pointAt(ElasticLoadBalancingV2Client.builder(), aws), guard);
    ecs = guarded(FakeAwsClients.pointAt(EcsClient.builder(), aws), guard);
    dynamoDb = guarded(FakeAwsClients.pointAt(DynamoDbClient.builder(), aws), guard);
  }

  @SuppressWarnings("unchecked")
  static <C extends SdkClient> C guarded(software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<?, C> builder,
      SafeOpsInterceptor guard) {
    C c = builder.overrideConfiguration(o -> o.addExecutionInterceptor(guard)).build();
    clients.add(c);
    return c;
  }

  @AfterAll
  static void stop() {
    clients.forEach(SdkClient::close);
    aws.close();
  }

  @BeforeEach
  void seed() {
    aws.reset();
    aws.seed().incidentProductionStack().incidentDuplicates();
  }

  static Operation operation(Tier tier) {
    return Operation.builder().name("terraform destroy").requester(Principal.agent("coding-agent"))
        .environment(Environment.of(tier.name().toLowerCase(), tier)).build();
  }

  static LiveEvidence.Builder rule() {
    return LiveEvidence.builder().cloudWatch(cloudWatch).rds(rds).ec2(ec2).elasticLoadBalancingV2(elb).ecs(ecs)
        .dynamoDb(dynamoDb).clock(CLOCK).sessionStart(NOW.minus(Duration.ofHours(2)))
        // A loaded build machine can spend the default 5 s loading SDK classes; the budget's own tests set theirs.
        .budget(Duration.ofSeconds(60));
  }

  static ResourceChange delete(String type, String name, Map<String, ?> before) {
    return ResourceChange.builder().address(type + "." + name).type(type).provider("registry.terraform.io/hashicorp/aws")
        .action(ChangeAction.DELETE).before(before).build();
  }

  static List<Finding> judge(Operation operation, ResourceChange... changes) {
    return judge(UnaryOperator.identity(), operation, changes);
  }

  static List<Finding> judge(UnaryOperator<LiveEvidence.Builder> configure, Operation operation, ResourceChange... changes) {
    try (LiveEvidence rule = configure.apply(rule()).build()) {
      return rule.evaluate(Plan.of(List.of(changes)), operation);
    }
  }

  static String lbArn(String name) {
    return aws.state().loadBalancerArn(name).orElseThrow();
  }

  // ---- RDS ----

  @Test
  void aProductionDatabaseWithConnectionsIsCriticalAndNamesTheEvidence() {
    aws.seed().dbInstance("courses-dup", db -> db.createdAt(NOW.minus(Duration.ofMinutes(20))));

    List<Finding> findings = judge(production,
        delete("aws_db_instance", "main", Map.of("identifier", "courses-prod", "skip_final_snapshot", true)),
        delete("aws_db_instance", "dup", Map.of("identifier", "courses-dup")));

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo("live.in-use");
      assertThat(f.level()).isEqualTo(Level.CRITICAL);
      assertThat(f.address()).isEqualTo("aws_db_instance.main");
      assertThat(f.message()).matches("courses-prod: 1[0-9] connections in the last hour, created 2\\.5 years ago,"
          + " not created by this session");
    });
  }

  @Test
  void outsideProductionADatabaseInUseIsHigh() {
    assertThat(judge(operation(Tier.STAGING), delete("aws_db_instance", "main", Map.of("identifier", "courses-prod"))))
        .singleElement().satisfies(f -> assertThat(f.level()).isEqualTo(Level.HIGH));
  }

  @Test
  void activityOlderThanTheLastHourIsReportedOverTheWindowAndOlderThanTheWindowNotAtAll() {
    aws.seed().dbInstance("reports", db -> db.createdAt(NOW.minus(Duration.ofDays(3))))
        .metric("AWS/RDS", "DatabaseConnections", Map.of("DBInstanceIdentifier", "reports"), NOW.minus(Duration.ofHours(5)), 3)
        .dbInstance("archive", db -> db.createdAt(NOW.minus(Duration.ofDays(90))))
        .metric("AWS/RDS", "DatabaseConnections", Map.of("DBInstanceIdentifier", "archive"), NOW.minus(Duration.ofHours(30)), 9);

    List<Finding> findings = judge(production, delete("aws_db_instance", "reports", Map.of("identifier", "reports")),
        delete("aws_db_instance", "archive", Map.of("identifier", "archive")));

    assertThat(findings).singleElement().satisfies(f -> assertThat(f.message())
        .isEqualTo("reports: 3 connections at peak in the last 24 h, created 3 days ago, not created by this session"));
    assertThat(judge(b -> b.lookBack(Duration.ofHours(48)), production,
        delete("aws_db_instance", "archive", Map.of("identifier", "archive")))).singleElement()
        .satisfies(f -> assertThat(f.message()).startsWith("archive: 9 connections at peak in the last 2 days, created 3 months ago"));
  }

  @Test
  void oneConnectionReadsAsASentence() {
    aws.seed().dbCluster("ledger", c -> { })
        .metric("AWS/RDS", "DatabaseConnections", Map.of("DBClusterIdentifier", "ledger"), NOW.minus(Duration.ofMinutes(10)), 1);

    assertThat(judge(production, delete("aws_rds_cluster", "ledger", Map.of("cluster_identifier", "ledger"))))
        .singleElement().satisfies(f -> assertThat(f.message()).startsWith("ledger: 1 connection in the last hour,"));
  }

  @Test
  void aClusterWithConnectionsIsInUse() {
    aws.seed().dbCluster("ledger", c -> { })
        .metric("AWS/RDS", "DatabaseConnections", Map.of("DBClusterIdentifier", "ledger"), NOW.minus(Duration.ofMinutes(10)), 4);

    assertThat(judge(production, delete("aws_rds_cluster", "ledger", Map.of("cluster_identifier", "ledger"))))
        .singleElement().satisfies(f -> {
          assertThat(f.level()).isEqualTo(Level.CRITICAL);
          assertThat(f.message()).isEqualTo("ledger: 4 connections in the last hour, created 1.1 years ago,"
              + " not created by this session");
        });
  }

  @Test
  void aTypeNamedByItsCloudFormationAliasIsJudgedAlike() {
    assertThat(judge(production, ResourceChange.builder().address("ProdDb").type("AWS::RDS::DBInstance")
        .action(ChangeAction.DELETE).before(Map.of("identifier", "courses-prod")).build()))
        .singleElement().satisfies(f -> assertThat(f.ruleId()).isEqualTo("live.in-use"));
  }

  // ---- load balancers, instances, services, functions, tables ----

  @Test
  void aLoadBalancerWithRequestsAndTargetsIsInUseAndItsArnSuffixIsTheDimension() {
    String web = IncidentStack.LOAD_BALANCERS.get(0);
    String arn = lbArn(web);

    assertThat(judge(production, delete("aws_lb", "web", Map.of("name", web, "arn", arn))))
        .singleElement().satisfies(f -> {
          assertThat(f.level()).isEqualTo(Level.HIGH);
          assertThat(f.message()).matches(web + ": [0-9,]+ requests in the last hour, 2 registered targets outside this plan"
              + " behind it: 10\\.0\\.11\\.23 \\(port 8080 in courses-web, healthy\\), 10\\.0\\.12\\.47 \\(port 8080 in"
              + " courses-web, healthy\\), created 3 months ago, not created by this session");
        });
    // Terraform's own arn_suffix, when the plan has it, reads the same series.
    assertThat(judge(production, delete("aws_alb", "web", Map.of("name", web, "arn", arn,
        "arn_suffix", arn.substring(arn.indexOf("loadbalancer/") + 13))))).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("requests in the last hour"));
  }

  @Test
  void targetsThePlanDeletesTooAreNotDependents() {
    aws.seed().loadBalancer("internal", lb -> lb.vpc(IncidentStack.VPC))
        .ec2Instance("i-0worker", i -> i.subnet(IncidentStack.PRIVATE_SUBNETS.get(0)))
        .targetGroup("workers", g -> g.loadBalancer("internal").target("i-0worker", 80));
    ResourceChange lb = delete("aws_lb", "internal", Map.of("name", "internal", "arn", lbArn("internal")));

    assertThat(judge(production, lb)).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("1 registered target outside this plan behind it: i-0worker"));
    assertThat(judge(production, lb, delete("aws_instance", "worker", Map.of("id", "i-0worker")))).isEmpty();
  }

  @Test
  void anInstanceWithTrafficIsInUseAndAnIdleOneIsNot() {
    aws.seed().ec2Instance("i-0idle", i -> i.subnet(IncidentStack.PUBLIC_SUBNETS.get(1)))
        .metric("AWS/EC2", "NetworkIn", Map.of("InstanceId", "i-0idle"), NOW.minus(Duration.ofMinutes(5)), 20_000)
        .metric("AWS/EC2", "CPUUtilization", Map.of("InstanceId", "i-0idle"), NOW.minus(Duration.ofMinutes(5)), 0.4);

    List<Finding> findings = judge(production, delete("aws_instance", "bastion", Map.of("id", IncidentStack.BASTION)),
        delete("aws_instance", "idle", Map.of("id", "i-0idle")));

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.address()).isEqualTo("aws_instance.bastion");
      assertThat(f.message()).matches(IncidentStack.BASTION + ": [0-9,]+ bytes received in the last hour, created 30 days ago,"
          + " not created by this session");
    });
  }

  @Test
  void anInstanceBusyOnlyByCpuIsInUse() {
    aws.seed().ec2Instance("i-0batch", i -> { })
        .metric("AWS/EC2", "CPUUtilization", Map.of("InstanceId", "i-0batch"), NOW.minus(Duration.ofMinutes(5)), 87.5);

    assertThat(judge(production, delete("aws_instance", "batch", Map.of("id", "i-0batch")))).singleElement()
        .satisfies(f -> assertThat(f.message()).startsWith("i-0batch: CPU at 87.5 % in the last hour"));
  }

  @Test
  void anEcsServiceWithRunningTasksIsInUse() {
    assertThat(judge(production, delete("aws_ecs_service", "web", Map.of("name", IncidentStack.ECS_SERVICE,
        "cluster", "arn:aws:ecs:us-east-1:123456789012:cluster/" + IncidentStack.ECS_CLUSTER)))).singleElement()
        .satisfies(f -> assertThat(f.message())
            .isEqualTo("courses-web: 2 running tasks in the last hour, created 30 days ago, not created by this session"));
  }

  @Test
  void aLambdaFunctionWithInvocationsIsInUse() {
    aws.seed().metric("AWS/Lambda", "Invocations", Map.of("FunctionName", "grader"), NOW.minus(Duration.ofMinutes(30)), 42)
        .metric("AWS/Lambda", "Invocations", Map.of("FunctionName", "grader"), NOW.minus(Duration.ofMinutes(10)), 8);

    assertThat(judge(production, delete("aws_lambda_function", "grader", Map.of("function_name", "grader"))))
        .singleElement().satisfies(f -> assertThat(f.message()).isEqualTo("grader: 50 invocations in the last hour"));
    assertThat(judge(production, delete("aws_lambda_function", "unused", Map.of("function_name", "unused")))).isEmpty();
  }

  @Test
  void aTableWithConsumedCapacityIsInUseAndAProductionTableIsCritical() {
    aws.seed().dynamoTable("submissions", t -> { }).dynamoTable("scratch", t -> { })
        .metric("AWS/DynamoDB", "ConsumedWriteCapacityUnits", Map.of("TableName", "submissions"), NOW.minus(Duration.ofMinutes(3)), 12)
        .metric("AWS/DynamoDB", "ConsumedReadCapacityUnits", Map.of("TableName", "submissions"), NOW.minus(Duration.ofMinutes(3)), 30);

    List<Finding> findings = judge(production, delete("aws_dynamodb_table", "submissions", Map.of("name", "submissions")),
        delete("aws_dynamodb_table", "scratch", Map.of("name", "scratch")));

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.level()).isEqualTo(Level.CRITICAL);
      assertThat(f.message()).isEqualTo("submissions: 30 read capacity units consumed in the last hour, 12 write capacity"
          + " units consumed in the last hour, created 1.1 years ago, not created by this session");
    });
  }

  @Test
  void anSdkDeleteJudgedByTheExecutorCarriesTheLiveEvidenceAndSendsNothing() throws Exception {
    Environment prod = Environment.aws("production", Tier.PRODUCTION, aws.accountId(), aws.region());
    try (StsClient sts = guarded(FakeAwsClients.pointAt(StsClient.builder(), aws), new SafeOpsInterceptor());
        LiveEvidence live = rule().build()) {
      AwsGuardedActions actions = AwsGuardedActions.builder(prod, sts).rds(rds).build();
      GuardedExecutor executor = GuardedExecutor.builder().clock(CLOCK).auditSink(AuditLog.inMemory())
          .evaluator(BlastRadiusEvaluator.builder().addRule(live).build()).build();

      Outcome<?> outcome = executor.execute(Operation.builder().name("rds:DeleteDBInstance")
          .requester(Principal.agent("coding-agent")).environment(prod).reason("remove a duplicate").build(),
          actions.deleteDbInstance(DeleteDbInstanceRequest.builder().dbInstanceIdentifier(IncidentStack.DB_INSTANCE)
              .skipFinalSnapshot(true).build()));

      assertThat(outcome.executed()).isFalse();
      assertThat(outcome.blastRadius().orElseThrow().findings()).anySatisfy(f -> {
        assertThat(f.ruleId()).isEqualTo("live.in-use");
        assertThat(f.level()).isEqualTo(Level.CRITICAL);
        assertThat(f.address()).isEqualTo("aws_db_instance.courses-prod");
      });
      assertThat(aws.state().dbInstanceExists(IncidentStack.DB_INSTANCE)).isTrue();
      assertThat(aws.mutatingRequests()).isEmpty();
    }
  }

  // ---- network foundations ----

  @Test
  void aVpcSubnetAndSecurityGroupWithInterfacesOutsideThePlanAreInUse() {
    List<Finding> findings = judge(production, delete("aws_vpc", "main", Map.of("id", IncidentStack.VPC)),
        delete("aws_subnet", "private_a", Map.of("id", IncidentStack.PRIVATE_SUBNETS.get(0))),
        delete("aws_security_group", "app", Map.of("id", IncidentStack.APP_SECURITY_GROUP)),
        delete("aws_security_group", "bastion", Map.of("id", IncidentStack.BASTION_SECURITY_GROUP)));

    assertThat(findings).extracting(Finding::address).containsExactly("aws_vpc.main", "aws_subnet.private_a",
        "aws_security_group.app", "aws_security_group.bastion");
    assertThat(findings.get(0).message()).startsWith(IncidentStack.VPC + ": 8 network interfaces outside this plan in the VPC: ")
        .endsWith(" and 5 more");
    assertThat(findings.get(1).message()).contains("2 network interfaces outside this plan in the subnet")
        .contains("eni-0rds000000000001 (RDSNetworkInterface)");
    assertThat(findings.get(2).message()).contains("2 instances and network interfaces outside this plan in the group");
    assertThat(findings.get(3).message()).isEqualTo(IncidentStack.BASTION_SECURITY_GROUP
        + ": 1 instance or network interface outside this plan in the group: " + IncidentStack.BASTION + " (instance, running)");
  }

  @Test
  void theDuplicatesNothingUsesGetNoFinding() {
    ResourceChange[] duplicates = IncidentStack.DUPLICATE_SECURITY_GROUPS.stream()
        .map(g -> delete("aws_security_group", g, Map.of("id", g))).toArray(ResourceChange[]::new);

    assertThat(judge(production, duplicates)).isEmpty();
  }

  @Test
  void interfacesOfWhatThePlanDeletesTooAreNotDependents() {
    String web = IncidentStack.LOAD_BALANCERS.get(0);
    String api = IncidentStack.LOAD_BALANCERS.get(1);
    List<Finding> findings = judge(production, delete("aws_subnet", "public_a", Map.of("id", IncidentStack.PUBLIC_SUBNETS.get(0))),
        delete("aws_lb", "web", Map.of("name", web, "arn", lbArn(web))),
        delete("aws_lb", "api", Map.of("name", api, "arn", lbArn(api))),
        delete("aws_instance", "bastion", Map.of("id", IncidentStack.BASTION)));

    assertThat(findings).noneSatisfy(f -> assertThat(f.address()).isEqualTo("aws_subnet.public_a"));
  }

  // ---- failing closed ----

  @Test
  void aRefusedReadIsACheckFailedFindingAtTheLevelInUseWouldHave() {
    aws.deny("monitoring", "GetMetricData");

    assertThat(judge(production, delete("aws_db_instance", "main", Map.of("identifier", "courses-prod")),
        delete("aws_security_group", "dup", Map.of("id", IncidentStack.DUPLICATE_SECURITY_GROUPS.get(0)))))
        .singleElement().satisfies(f -> {
          assertThat(f.ruleId()).isEqualTo("live.check-failed");
          assertThat(f.level()).isEqualTo(Level.CRITICAL);
          assertThat(f.message()).startsWith("courses-prod: safeops could not read whether it is in use (CloudWatch"
              + " GetMetricData failed: AccessDenied: ").endsWith("so it is judged as if it were");
        });
  }

  @Test
  void aResourceTheAccountDoesNotHoldIsNotReadAsIdle() {
    assertThat(judge(production, delete("aws_db_instance", "gone", Map.of("identifier", "courses-elsewhere"))))
        .singleElement().satisfies(f -> {
          assertThat(f.ruleId()).isEqualTo("live.check-failed");
          assertThat(f.message()).contains("RDS DescribeDBInstances failed: DBInstanceNotFound");
        });
  }

  @Test
  void aPlanThatDoesNotNameTheResourceIsACheckFailedFinding() {
    assertThat(judge(production, delete("aws_lb", "web", Map.of("name", "courses-prod-web")))).singleElement()
        .satisfies(f -> {
          assertThat(f.ruleId()).isEqualTo("live.check-failed");
          assertThat(f.message()).isEqualTo("courses-prod-web: safeops could not read whether it is in use (the plan does not"
              + " give its arn, so safeops cannot tell which AWS resource it is), so it is judged as if it were");
        });
  }

  @Test
  void aMissingClientIsACheckFailedFinding() {
    try (LiveEvidence rule = LiveEvidence.builder().cloudWatch(cloudWatch).clock(CLOCK).build()) {
      assertThat(rule.evaluate(Plan.of(List.of(delete("aws_db_instance", "dup", Map.of("identifier", "courses-dup")))),
          production)).singleElement().satisfies(f -> assertThat(f.message())
          .contains("RDS DescribeDBInstances failed: no RDS client was given to the live evidence rule"));
    }
  }

  @Test
  void evidenceSpreadOverManyPagesIsAllRead() {
    try (FakeAws paged = FakeAws.builder().clock(CLOCK).metricDataPageSize(2).build().start();
        CloudWatchClient pagedCloudWatch = FakeAwsClients.cloudWatch(paged);
        RdsClient pagedRds = FakeAwsClients.rds(paged)) {
      paged.seed().dbInstance("quiet").dbInstance("busy");
      // 23 idle hours of one, then the other's connections ten minutes ago: two data points a page puts them last.
      for (int h = 1; h <= 23; h++) {
        paged.seed().metric("AWS/RDS", "DatabaseConnections", Map.of("DBInstanceIdentifier", "quiet"), NOW.minus(Duration.ofHours(h)), 0);
      }
      paged.seed().metric("AWS/RDS", "DatabaseConnections", Map.of("DBInstanceIdentifier", "busy"), NOW.minus(Duration.ofMinutes(10)), 2);
      try (LiveEvidence rule = LiveEvidence.builder().cloudWatch(pagedCloudWatch).rds(pagedRds).clock(CLOCK)
          .budget(Duration.ofSeconds(60)).build()) {
        assertThat(rule.evaluate(Plan.of(List.of(delete("aws_db_instance", "quiet", Map.of("identifier", "quiet")),
            delete("aws_db_instance", "busy", Map.of("identifier", "busy")))), production)).singleElement()
            .satisfies(f -> assertThat(f.message()).startsWith("busy: 2 connections in the last hour"));
      }
      assertThat(paged.requests()).filteredOn(r -> r.operation().equals("GetMetricData")).hasSizeGreaterThan(10);
    }
  }

  @Test
  void anEndpointThatNeverAnswersIsACheckFailedFindingWithinTheBudget() throws Exception {
    try (Silent silent = new Silent();
        CloudWatchClient stuck = pointAt(CloudWatchClient.builder(), silent.endpoint());
        RdsClient stuckRds = pointAt(RdsClient.builder(), silent.endpoint());
        LiveEvidence rule = LiveEvidence.builder().cloudWatch(stuck).rds(stuckRds).clock(CLOCK)
            .budget(Duration.ofMillis(300)).build()) {

      List<Finding> findings = rule.evaluate(Plan.of(List.of(
          delete("aws_db_instance", "main", Map.of("identifier", "courses-prod")))), production);

      assertThat(findings).singleElement().satisfies(f -> {
        assertThat(f.ruleId()).isEqualTo("live.check-failed");
        assertThat(f.level()).isEqualTo(Level.CRITICAL);
        assertThat(f.message()).contains("RDS DescribeDBInstances did not answer within the 300 ms budget")
            .contains("CloudWatch GetMetricData did not answer within the 300 ms budget");
      });
    }
  }

  @Test
  void everyCallIsAReadThatPassesTheGuardUntouched() {
    aws.clearRequests();

    judge(production, delete("aws_db_instance", "main", Map.of("identifier", "courses-prod")),
        delete("aws_vpc", "main", Map.of("id", IncidentStack.VPC)),
        delete("aws_security_group", "app", Map.of("id", IncidentStack.APP_SECURITY_GROUP)),
        delete("aws_lb", "web", Map.of("name", "w", "arn", lbArn(IncidentStack.LOAD_BALANCERS.get(0)))));

    assertThat(aws.requests()).extracting(RecordedRequest::operation).containsExactlyInAnyOrder("GetMetricData",
        "DescribeDBInstances", "DescribeNetworkInterfaces", "DescribeInstances", "DescribeNetworkInterfaces",
        "DescribeLoadBalancers", "DescribeTargetGroups", "DescribeTargetHealth");
    assertThat(aws.requests()).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(aws.mutatingRequests()).isEmpty();
  }

  @Test
  void aPlanWithoutDeletionsReadsNothing() {
    aws.clearRequests();

    assertThat(judge(production, ResourceChange.builder().address("aws_db_instance.main").type("aws_db_instance")
        .action(ChangeAction.UPDATE).before(Map.of("identifier", "courses-prod")).after(Map.of("identifier", "courses-prod"))
        .build(), delete("aws_s3_bucket", "logs", Map.of("bucket", "logs")))).isEmpty();
    assertThat(aws.requests()).isEmpty();
  }

  static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
      & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> C pointAt(B builder, URI endpoint) {
    return builder.endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(FakeAwsClients.CREDENTIALS))
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  /** A loopback port that accepts connections and never answers them. */
  static final class Silent implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    Silent() throws IOException {
      acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(server.accept());
          }
        } catch (IOException closed) {
          // closed by the test
        }
      }, "silent-endpoint");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    URI endpoint() {
      return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @AfterEach
  void allowEverything() {
    aws.reset();
  }
}
