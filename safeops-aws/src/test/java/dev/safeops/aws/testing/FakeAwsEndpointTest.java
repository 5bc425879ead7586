package dev.safeops.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.aws.testing.FakeAwsSeed.IncidentStack;
import dev.safeops.core.InvalidInputException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.sts.StsClient;

/** The endpoint as a whole: dispatch, unknown requests, recording, request ids, seeding, threads. */
class FakeAwsEndpointTest {
  private static FakeAws aws;
  private static RdsClient rds;
  private static Ec2Client ec2;

  @BeforeAll
  static void start() {
    aws = FakeAws.builder().accountId("210987654321").build().start();
    rds = FakeAwsClients.rds(aws);
    ec2 = FakeAwsClients.ec2(aws);
  }

  @AfterAll
  static void stop() {
    rds.close();
    ec2.close();
    aws.close();
  }

  @BeforeEach
  void reset() {
    aws.reset();
  }

  @Test
  void stsReportsTheConfiguredAccount() {
    try (StsClient sts = FakeAwsClients.sts(aws)) {
      var identity = sts.getCallerIdentity();
      assertThat(identity.account()).isEqualTo("210987654321");
      assertThat(identity.arn()).isEqualTo("arn:aws:iam::210987654321:user/fake");
      assertThat(identity.responseMetadata().requestId()).isEqualTo(aws.requests().get(0).requestId());
    }
    assertThat(aws.requests()).singleElement().satisfies(r -> {
      assertThat(r.service()).isEqualTo("sts");
      assertThat(r.operation()).isEqualTo("GetCallerIdentity");
      assertThat(r.mutated()).isFalse();
      assertThat(r.status()).isEqualTo(200);
    });
  }

  @Test
  void successfulAnswersCarryTheRecordedRequestIdWhereEachSdkLooksForIt() {
    aws.seed().vpc("vpc-1", "10.0.0.0/16").bucket("b", x -> { }).dynamoTable("t", x -> { }).backupVault("v");
    List<String> seen = new ArrayList<>();
    seen.add(rds.describeDBInstances().responseMetadata().requestId());
    seen.add(ec2.describeVpcs().responseMetadata().requestId());
    try (var s3 = FakeAwsClients.s3(aws); var dynamo = FakeAwsClients.dynamoDb(aws); var backup = FakeAwsClients.backup(aws)) {
      seen.add(s3.listBuckets().responseMetadata().requestId());
      seen.add(dynamo.listTables().responseMetadata().requestId());
      seen.add(backup.listBackupVaults().responseMetadata().requestId());
    }
    assertThat(seen).doesNotContain("UNKNOWN").doesNotHaveDuplicates()
        .containsExactlyElementsOf(aws.requests().stream().map(RecordedRequest::requestId).toList());
  }

  @Test
  void theEndpointIsLoopbackAndTheDefaultsAreTheDocumentedOnes() {
    assertThat(aws.endpoint().getHost()).isEqualTo("127.0.0.1");
    assertThat(aws.endpoint().getPort()).isPositive();
    assertThat(aws.region()).isEqualTo("us-east-1");
    try (FakeAws defaults = FakeAws.create()) {
      assertThat(defaults.accountId()).isEqualTo("123456789012");
      assertThatThrownBy(defaults::endpoint).isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
    }
  }

  @Test
  void badConfigurationIsRefusedWithTheValueInTheMessage() {
    assertThatThrownBy(() -> FakeAws.builder().accountId("12")).isInstanceOf(InvalidInputException.class).hasMessageContaining("12");
    assertThatThrownBy(() -> FakeAws.builder().region("mars")).isInstanceOf(InvalidInputException.class).hasMessageContaining("mars");
    assertThatThrownBy(() -> FakeAws.builder().pollsUntilAvailable(-1)).isInstanceOf(InvalidInputException.class).hasMessageContaining("-1");
    assertThatThrownBy(() -> aws.seed().dbInstance("x", db -> db.backupRetentionDays(36))).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void unknownOperationsOfEveryProtocolGetAnAwsShapedErrorNamingThem() {
    assertUnsupported(() -> rds.createDBInstance(b -> b.dbInstanceIdentifier("new").engine("postgres")),
        "InvalidAction", "CreateDBInstance");
    assertUnsupported(() -> ec2.runInstances(b -> b.imageId("ami-1").minCount(1).maxCount(1)), "InvalidAction", "RunInstances");
    try (StsClient sts = FakeAwsClients.sts(aws); EcsClient ecs = FakeAwsClients.ecs(aws);
         ElasticLoadBalancingV2Client elb = FakeAwsClients.elbv2(aws); BackupClient backup = FakeAwsClients.backup(aws)) {
      assertUnsupported(() -> sts.getSessionToken(), "InvalidAction", "GetSessionToken");
      assertUnsupported(() -> ecs.createCluster(b -> b.clusterName("c")), "UnknownOperationException", "CreateCluster");
      assertUnsupported(() -> elb.createLoadBalancer(b -> b.name("lb")), "InvalidAction", "CreateLoadBalancer");
      assertUnsupported(() -> backup.createBackupVault(b -> b.backupVaultName("v")), "UnsupportedOperation", "backup-vaults");
    }
    assertThat(aws.requests()).hasSize(6).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.mutated()).isFalse();
    });
    assertThat(aws.requests()).extracting(RecordedRequest::service)
        .containsExactly("rds", "ec2", "sts", "ecs", "elasticloadbalancing", "backup");
  }

  private static void assertUnsupported(Runnable call, String code, String named) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
      assertThat(e.awsErrorDetails().errorMessage()).contains(named);
    });
  }

  @Test
  void aServiceTheFakeDoesNotSpeakOrAnUnsignedRequestIsRefusedNamingIt() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> lambda = http.send(HttpRequest.newBuilder(aws.endpoint().resolve("/2015-03-31/functions/"))
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/lambda/aws4_request, "
            + "SignedHeaders=host, Signature=00").GET().build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(aws.endpoint().resolve("/"))
        .POST(HttpRequest.BodyPublishers.ofString("Action=DeleteDBInstance")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(lambda.statusCode()).isEqualTo(400);
    assertThat(lambda.body()).contains("<Code>UnsupportedOperation</Code>").contains("'lambda'");
    assertThat(unsigned.statusCode()).isEqualTo(400);
    assertThat(unsigned.body()).contains("(unsigned)");
    assertThat(aws.requests()).extracting(RecordedRequest::service).containsExactly("lambda", "(unsigned)");
    assertThat(aws.mutatingRequests()).isEmpty();
  }

  @Test
  void requestsAreRecordedWithTheirParametersAndWhetherTheyMutated() {
    aws.seed().dbInstance("a").dbInstance("b", db -> db.deletionProtection(true));

    rds.describeDBInstances();
    rds.deleteDBInstance(b -> b.dbInstanceIdentifier("a").skipFinalSnapshot(true));
    assertThatThrownBy(() -> rds.deleteDBInstance(b -> b.dbInstanceIdentifier("b").skipFinalSnapshot(true)))
        .isInstanceOf(AwsServiceException.class);

    assertThat(aws.requests()).extracting(RecordedRequest::operation)
        .containsExactly("DescribeDBInstances", "DeleteDBInstance", "DeleteDBInstance");
    assertThat(aws.mutatingRequests()).singleElement().satisfies(r -> {
      assertThat(r.parameters()).containsEntry("DBInstanceIdentifier", "a").containsEntry("SkipFinalSnapshot", "true");
      assertThat(r.errorCode()).isEmpty();
    });
    assertThat(aws.requests().get(2).errorCode()).contains("InvalidParameterCombination");
    assertThat(aws.requests().get(2).toString()).contains("DeleteDBInstance").contains("InvalidParameterCombination");

    aws.clearRequests();
    assertThat(aws.requests()).isEmpty();
    assertThat(aws.state().dbInstanceExists("b")).isTrue();
  }

  @Test
  void clientsBuiltFromPointAtKeepTheCallersInterceptors() {
    AtomicInteger seen = new AtomicInteger();
    ExecutionInterceptor counting = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        seen.incrementAndGet();
      }
    };
    try (RdsClient guarded = FakeAwsClients.pointAt(RdsClient.builder(), aws)
        .overrideConfiguration(o -> o.addExecutionInterceptor(counting)).build()) {
      guarded.describeDBInstances();
    }
    assertThat(seen).hasValue(1);
    assertThat(aws.requests()).hasSize(1);
  }

  @Test
  void concurrentClientsSeeOneConsistentAccount() throws Exception {
    for (int i = 0; i < 16; i++) {
      aws.seed().dbInstance("db-" + i, db -> db.backupRetentionDays(1));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String id = "db-" + i;
        work.add(pool.submit(() -> rds.deleteDBInstance(b -> b.dbInstanceIdentifier(id).skipFinalSnapshot(true))));
        work.add(pool.submit(() -> rds.describeDBInstances()));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(aws.state().dbInstances()).isEmpty();
    assertThat(aws.mutatingRequests()).hasSize(16);
    assertThat(aws.requests()).hasSize(32);
  }

  @Test
  void theIncidentStackIsSeenThroughTheSdkAsProductionWas() {
    aws.seed().incidentProductionStack();

    DBInstance db = rds.describeDBInstances(b -> b.dbInstanceIdentifier(IncidentStack.DB_INSTANCE)).dbInstances().get(0);
    assertThat(db.engine()).isEqualTo("postgres");
    assertThat(db.deletionProtection()).isFalse();
    assertThat(db.backupRetentionPeriod()).isEqualTo(7);
    assertThat(rds.describeDBSnapshots(b -> b.dbInstanceIdentifier(IncidentStack.DB_INSTANCE).snapshotType("manual"))
        .dbSnapshots()).isEmpty();
    assertThat(rds.describeDBSnapshots(b -> b.dbInstanceIdentifier(IncidentStack.DB_INSTANCE).snapshotType("automated"))
        .dbSnapshots()).isNotEmpty();
    assertThat(rds.describeDBInstanceAutomatedBackups(b -> b.dbInstanceIdentifier(IncidentStack.DB_INSTANCE))
        .dbInstanceAutomatedBackups()).singleElement().satisfies(b -> assertThat(b.status()).isEqualTo("active"));

    assertThat(ec2.describeVpcs().vpcs()).extracting(v -> v.vpcId()).containsExactly(IncidentStack.VPC);
    assertThat(ec2.describeSubnets().subnets()).hasSize(4);
    assertThat(ec2.describeSecurityGroups().securityGroups()).hasSize(5);
    assertThat(ec2.describeInstances().reservations()).flatExtracting(r -> r.instances())
        .extracting(i -> i.instanceId()).containsExactly(IncidentStack.BASTION);
    try (EcsClient ecs = FakeAwsClients.ecs(aws); ElasticLoadBalancingV2Client elb = FakeAwsClients.elbv2(aws)) {
      assertThat(ecs.describeServices(b -> b.cluster(IncidentStack.ECS_CLUSTER).services(IncidentStack.ECS_SERVICE))
          .services()).hasSize(1);
      assertThat(elb.describeLoadBalancers().loadBalancers()).extracting(lb -> lb.loadBalancerName())
          .containsExactlyElementsOf(IncidentStack.LOAD_BALANCERS);
    }

    rds.deleteDBInstance(b -> b.dbInstanceIdentifier(IncidentStack.DB_INSTANCE).skipFinalSnapshot(true));
    assertThat(aws.state().snapshotsOf(IncidentStack.DB_INSTANCE)).as("the incident: nothing left to restore").isEmpty();
    assertThat(aws.state().automatedBackupStatus(IncidentStack.DB_INSTANCE)).isEmpty();
  }

  @Test
  void resetEmptiesTheAccountButKeepsThePort() {
    URI before = aws.endpoint();
    aws.seed().incidentProductionStack();
    aws.deny("rds", "DescribeDBInstances");

    aws.reset();

    assertThat(aws.endpoint()).isEqualTo(before);
    assertThat(rds.describeDBInstances().dbInstances()).isEmpty();
    assertThat(aws.state().vpcExists(IncidentStack.VPC)).isFalse();
  }
}
