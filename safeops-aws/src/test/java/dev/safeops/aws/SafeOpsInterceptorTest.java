package dev.safeops.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.aws.dynamodb.SpyDynamoDbClient;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Environment;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Operation;
import dev.safeops.core.Outcome;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Tier;
import dev.safeops.core.testing.FakeApprovals;
import dev.safeops.core.testing.RecordingAuditSink;
import dev.safeops.core.testing.SettableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/** The interceptor on real SDK clients over a counting transport: no endpoint, no network. */
class SafeOpsInterceptorTest {
  final CountingHttpClient transport = new CountingHttpClient();
  final List<SdkClient> clients = new ArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(SdkClient::close);
  }

  <C extends SdkClient, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C client(B builder, Region region) {
    C c = builder.region(region).endpointOverride(URI.create("http://127.0.0.1:9"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(transport)
        .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(new SafeOpsInterceptor()).build())
        .build();
    clients.add(c);
    return c;
  }

  /**
   * Every operation of the eight guarded services that the catalog calls mutating or
   * destructive, called with an empty request on a guarded client: each is refused by
   * safeops, and not one byte reaches the transport.
   */
  @Test
  void everyMutatingOperationOfEveryGuardedServiceIsRefusedBeforeTheTransport() throws Exception {
    List<SdkClient> all = List.of(
        client(RdsClient.builder(), Region.US_EAST_1), client(Ec2Client.builder(), Region.US_EAST_1),
        client(S3Client.builder().forcePathStyle(true), Region.US_EAST_1), client(StsClient.builder(), Region.US_EAST_1),
        client(DynamoDbClient.builder(), Region.US_EAST_1), client(EcsClient.builder(), Region.US_EAST_1),
        client(ElasticLoadBalancingV2Client.builder(), Region.US_EAST_1), client(BackupClient.builder(), Region.US_EAST_1));
    int refused = 0;
    List<String> notRefused = new ArrayList<>();
    for (SdkClient c : all) {
      Class<?> api = apiInterface(c);
      for (Method m : api.getMethods()) {
        if (m.getParameterCount() != 1 || !SdkRequest.class.isAssignableFrom(m.getParameterTypes()[0])
            || Modifier.isStatic(m.getModifiers()) || m.getName().endsWith("Paginator")) {
          continue;
        }
        String op = m.getParameterTypes()[0].getSimpleName().replaceFirst("Request$", "");
        if (!OperationCatalog.defaults().classify(c.serviceName(), op).effect().mutates()) {
          continue;
        }
        Method builderMethod = m.getParameterTypes()[0].getMethod("builder");
        Object request = builderMethod.invoke(null);
        if (op.endsWith("Copy") || op.equals("CopyObject")) {
          // The S3 client checks the copy source before any interceptor runs; give it one.
          builderMethod.getReturnType().getMethod("sourceBucket", String.class).invoke(request, "source");
          builderMethod.getReturnType().getMethod("sourceKey", String.class).invoke(request, "key");
        }
        Object built = ((software.amazon.awssdk.utils.builder.SdkBuilder<?, ?>) request).build();
        try {
          m.invoke(c, built);
          notRefused.add(api.getSimpleName() + "." + m.getName() + ": succeeded");
        } catch (InvocationTargetException e) {
          if (e.getCause() instanceof UnguardedMutationException) {
            refused++;
          } else {
            notRefused.add(api.getSimpleName() + "." + m.getName() + ": " + e.getCause());
          }
        }
      }
    }
    assertThat(notRefused).isEmpty();
    assertThat(refused).isGreaterThan(700);
    assertThat(transport.requests.get()).isZero();
  }

  @Test
  void streamingUploadsAreRefusedToo() {
    S3Client s3 = client(S3Client.builder().forcePathStyle(true), Region.US_EAST_1);
    assertThatThrownBy(() -> s3.putObject(r -> r.bucket("courses-uploads").key("x"), RequestBody.fromString("x")))
        .isInstanceOf(UnguardedMutationException.class)
        .hasMessageStartingWith("safeops refused S3:PutObject (mutating: Put* is neither a read nor a destructive verb");
    assertThat(transport.requests.get()).isZero();
  }

  @Test
  void readsPassOnceAndAreNotGuarded() {
    DynamoDbClient ddb = client(DynamoDbClient.builder(), Region.US_EAST_1);
    ddb.listTables();
    assertThat(transport.requests.get()).isEqualTo(1);
  }

  @Test
  void insideAnApprovedExecutionOnlyTheApprovedTargetAndRegionPass() {
    SettableClock clock = SettableClock.create();
    GuardedExecutor executor = GuardedExecutor.builder().clock(clock).auditSink(new RecordingAuditSink())
        .approvalCallback(FakeApprovals.approveAs(clock, Principal.human("alice"), Principal.human("bob"))).build();
    Environment env = Environment.aws("courses-dev", Tier.DEVELOPMENT, "123456789012", "us-east-1");
    Operation op = Operation.builder().name("dynamodb:DeleteTable").requester(Principal.human("carol"))
        .environment(env).build();
    Plan staging = Plan.builder().change(ResourceChange.builder().address("aws_dynamodb_table.courses-staging")
            .type("aws_dynamodb_table").action(ChangeAction.DELETE).before(Map.of("name", "courses-staging")).build())
        .binding("aws.operations", "dynamodb:DeleteTable").build();
    DynamoDbClient east = client(DynamoDbClient.builder(), Region.US_EAST_1);
    DynamoDbClient west = client(DynamoDbClient.builder(), Region.EU_WEST_1);

    Outcome<Object> prod = executor.execute(op, GuardedAction.of("t", () -> staging,
        p -> east.deleteTable(r -> r.tableName("courses-prod"))));
    assertThat(prod.failure()).get().isInstanceOf(UnguardedMutationException.class);
    Outcome<Object> wrongRegion = executor.execute(op, GuardedAction.of("t", () -> staging,
        p -> west.deleteTable(r -> r.tableName("courses-staging"))));
    assertThat(wrongRegion.failure().orElseThrow().getMessage()).contains("the client is in region eu-west-1");
    assertThat(transport.requests.get()).isZero();

    Outcome<Object> ok = executor.execute(op, GuardedAction.of("t", () -> staging,
        p -> east.deleteTable(r -> r.tableName("courses-staging"))));
    assertThat(ok.executed()).as(ok.toString()).isTrue();
    assertThat(transport.requests.get()).isEqualTo(1);
  }

  /**
   * A caller with the public surface alone (a DynamoDbClient of its own handed to the stores)
   * sees the stores' requests and copies their override configuration: with it, the guarded
   * client still refuses to un-use an approval, delete an item or rewrite a budget.
   */
  @Test
  void aCallerCopyingTheStoresRequestsCannotWriteTheStoreTable() {
    PutItemRequest stolen = SpyDynamoDbClient.capturedStorePut("safeops-copied-store");
    AwsRequestOverrideConfiguration copied = stolen.overrideConfiguration().orElseThrow();
    DynamoDbClient ddb = client(DynamoDbClient.builder(), Region.US_EAST_1);
    Map<String, AttributeValue> approval = Map.of("pk", AttributeValue.fromS("approval#approval-1"), "sk", AttributeValue.fromS("used"));

    assertThatThrownBy(() -> ddb.putItem(stolen.toBuilder().item(approval).conditionExpression(null).build()))
        .isInstanceOf(UnguardedMutationException.class);
    assertThatThrownBy(() -> ddb.deleteItem(r -> r.tableName("safeops-copied-store").key(approval).overrideConfiguration(copied)))
        .isInstanceOf(UnguardedMutationException.class);
    assertThatThrownBy(() -> ddb.updateItem(r -> r.tableName("safeops-copied-store").key(approval)
        .updateExpression("REMOVE operationId").overrideConfiguration(copied)))
        .isInstanceOf(UnguardedMutationException.class);
    assertThat(transport.requests.get()).isZero();
  }

  /** Not even an approved execution may write the stores' table: only the stores do. */
  @Test
  void anApprovedExecutionCannotWriteAStoreTableWhateverThePlanSays() {
    SpyDynamoDbClient.capturedStorePut("safeops-approved-store");
    SettableClock clock = SettableClock.create();
    GuardedExecutor executor = GuardedExecutor.builder().clock(clock).auditSink(new RecordingAuditSink())
        .approvalCallback(FakeApprovals.approveAs(clock, Principal.human("alice"), Principal.human("bob"))).build();
    Operation op = Operation.builder().name("dynamodb:PutItem").requester(Principal.human("carol"))
        .environment(Environment.aws("courses-dev", Tier.DEVELOPMENT, "123456789012", "us-east-1")).build();
    Plan plan = Plan.builder().change(ResourceChange.builder().address("aws_dynamodb_table.safeops-approved-store")
            .type("aws_dynamodb_table").action(ChangeAction.UPDATE).before(Map.of("name", "safeops-approved-store"))
            .after(Map.of("name", "safeops-approved-store")).build())
        .binding("aws.operations", "dynamodb:PutItem,dynamodb:BatchWriteItem,dynamodb:ExecuteStatement").build();
    DynamoDbClient ddb = client(DynamoDbClient.builder(), Region.US_EAST_1);
    Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("budget#carol"), "sk", AttributeValue.fromS("window"));

    List<Outcome<Object>> outcomes = List.of(
        executor.execute(op, GuardedAction.of("t", () -> plan,
            p -> ddb.putItem(r -> r.tableName("safeops-approved-store").item(item)))),
        executor.execute(op, GuardedAction.of("t", () -> plan,
            p -> ddb.batchWriteItem(r -> r.requestItems(Map.of("safeops-approved-store",
                List.of(WriteRequest.builder().putRequest(w -> w.item(item)).build())))))),
        executor.execute(op, GuardedAction.of("t", () -> plan,
            p -> ddb.executeStatement(r -> r.statement("DELETE FROM \"safeops-approved-store\" WHERE pk = 'budget#carol'")))));
    assertThat(outcomes).allSatisfy(o -> assertThat(o.failure().orElseThrow().getMessage())
        .contains("it writes a safeops store table, which only safeops' own stores may write"));
    assertThat(transport.requests.get()).isZero();
  }

  /** An interceptor after safeops that changes the request once safeops admitted it. */
  static ExecutionInterceptor rewriting(java.util.function.UnaryOperator<SdkRequest> change) {
    return new ExecutionInterceptor() {
      @Override
      public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        return change.apply(context.request());
      }
    };
  }

  <C extends SdkClient, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C clientThen(B builder,
      ExecutionInterceptor after) {
    C c = builder.region(Region.US_EAST_1).endpointOverride(URI.create("http://127.0.0.1:9"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(transport)
        .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(new SafeOpsInterceptor())
            .addExecutionInterceptor(after).build())
        .build();
    clients.add(c);
    return c;
  }

  Outcome<Object> approvedStagingDelete(GuardedAction.Execution<Object> execute) {
    SettableClock clock = SettableClock.create();
    GuardedExecutor executor = GuardedExecutor.builder().clock(clock).auditSink(new RecordingAuditSink())
        .approvalCallback(FakeApprovals.approveAs(clock, Principal.human("alice"), Principal.human("bob"))).build();
    Operation op = Operation.builder().name("dynamodb:DeleteTable").requester(Principal.human("carol"))
        .environment(Environment.aws("courses-dev", Tier.DEVELOPMENT, "123456789012", "us-east-1")).build();
    Plan staging = Plan.builder().change(ResourceChange.builder().address("aws_dynamodb_table.courses-staging")
            .type("aws_dynamodb_table").action(ChangeAction.DELETE).before(Map.of("name", "courses-staging")).build())
        .binding("aws.operations", "dynamodb:DeleteTable").build();
    return executor.execute(op, GuardedAction.of("t", () -> staging, execute));
  }

  @Test
  void anInterceptorThatFlipsDryRunOffAfterTheGuardIsRefusedBeforeTheTransport() {
    Ec2Client ec2 = clientThen(Ec2Client.builder(), rewriting(q -> q instanceof TerminateInstancesRequest t
        ? t.toBuilder().dryRun(false).build() : q));
    assertThatThrownBy(() -> ec2.terminateInstances(r -> r.instanceIds("i-0bastion").dryRun(true)))
        .isInstanceOf(UnguardedMutationException.class)
        .hasMessageContaining("checked again on the final request");
    assertThat(transport.requests.get()).isZero();
  }

  @Test
  void anInterceptorThatSwapsTheApprovedTargetIsRefusedBeforeTheTransport() {
    DynamoDbClient ddb = clientThen(DynamoDbClient.builder(), rewriting(q -> q instanceof DeleteTableRequest d
        ? d.toBuilder().tableName("courses-prod").build() : q));
    Outcome<Object> swapped = approvedStagingDelete(p -> ddb.deleteTable(r -> r.tableName("courses-staging")));
    assertThat(swapped.failure().orElseThrow()).isInstanceOf(UnguardedMutationException.class)
        .hasMessageContaining("courses-prod").hasMessageContaining("checked again on the final request");
    assertThat(transport.requests.get()).isZero();
  }

  @Test
  void aRequestLevelCredentialsOrSignerOverrideIsRefusedEvenWhenApproved() {
    DynamoDbClient ddb = client(DynamoDbClient.builder(), Region.US_EAST_1);
    StaticCredentialsProvider other = StaticCredentialsProvider.create(AwsBasicCredentials.create("other", "other"));
    Outcome<Object> otherCredentials = approvedStagingDelete(p -> ddb.deleteTable(r -> r.tableName("courses-staging")
        .overrideConfiguration(o -> o.credentialsProvider(other))));
    assertThat(otherCredentials.failure().orElseThrow()).isInstanceOf(UnguardedMutationException.class)
        .hasMessageContaining("overrides the client's credentials or signer");
    assertThat(transport.requests.get()).isZero();

    Outcome<Object> plain = approvedStagingDelete(p -> ddb.deleteTable(r -> r.tableName("courses-staging")));
    assertThat(plain.executed()).as(plain.toString()).isTrue();
  }

  @Test
  void aMutationForWhichTheSdkNamesNoRegionIsRefused() {
    SafeOpsInterceptor guard = new SafeOpsInterceptor();
    ExecutionAttributes noRegion = new ExecutionAttributes()
        .putAttribute(SdkExecutionAttribute.SERVICE_NAME, "DynamoDB")
        .putAttribute(SdkExecutionAttribute.OPERATION_NAME, "DeleteTable");
    Outcome<Object> outcome = approvedStagingDelete(p -> {
      guard.beforeExecution(() -> DeleteTableRequest.builder().tableName("courses-staging").build(), noRegion);
      return "admitted";
    });
    assertThat(outcome.failure().orElseThrow()).isInstanceOf(UnguardedMutationException.class)
        .hasMessageContaining("the SDK named no region for it");
  }

  /**
   * An approved change to db-a that mentions prod-db (db-a replicates it) approves nothing
   * about prod-db; and the operation's free-text name never stands in for the plan's list of
   * operations.
   */
  @Test
  void anApprovedChangeToOneDatabaseDoesNotOpenAnotherItMentions() {
    SettableClock clock = SettableClock.create();
    GuardedExecutor executor = GuardedExecutor.builder().clock(clock).auditSink(new RecordingAuditSink())
        .approvalCallback(FakeApprovals.approveAs(clock, Principal.human("alice"), Principal.human("bob"))).build();
    Operation op = Operation.builder().name("rds:DeleteDBInstance").requester(Principal.human("carol"))
        .environment(Environment.aws("courses-dev", Tier.DEVELOPMENT, "123456789012", "us-east-1")).build();
    ResourceChange dbA = ResourceChange.builder().address("aws_db_instance.db-a").type("aws_db_instance")
        .action(ChangeAction.DELETE).before(Map.of("identifier", "db-a", "replicate_source_db", "prod-db",
            "tags", Map.of("pair", "prod-db"))).build();
    Plan plan = Plan.builder().change(dbA).binding("aws.operations", "rds:DeleteDBInstance").build();
    RdsClient rds = client(RdsClient.builder(), Region.US_EAST_1);

    Outcome<Object> prod = executor.execute(op, GuardedAction.of("t", () -> plan,
        p -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier("prod-db").skipFinalSnapshot(true))));
    assertThat(prod.failure().orElseThrow()).isInstanceOf(UnguardedMutationException.class)
        .hasMessageContaining("on prod-db: the approved plan");
    Outcome<Object> unlisted = executor.execute(op, GuardedAction.of("t", () -> Plan.of(List.of(dbA)),
        p -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier("db-a").skipFinalSnapshot(true))));
    assertThat(unlisted.failure().orElseThrow()).hasMessageContaining("the approval is for no AWS operation");
    assertThat(transport.requests.get()).isZero();

    executor.execute(op, GuardedAction.of("t", () -> plan,
        p -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier("db-a").skipFinalSnapshot(true))));
    assertThat(transport.requests.get()).as("db-a itself went through to the transport").isEqualTo(1);
  }

  /** Global registration is the consumer's decision: the safeops jar must not carry the SDK's file. */
  @Test
  void safeopsDoesNotRegisterItselfGlobally() throws Exception {
    var files = java.util.Collections.list(getClass().getClassLoader()
        .getResources("software/amazon/awssdk/global/handlers/execution.interceptors"));
    assertThat(files).noneMatch(u -> u.toString().contains("safeops-aws"));
  }

  private static Class<?> apiInterface(SdkClient c) {
    for (Class<?> i : c.getClass().getInterfaces()) {
      if (SdkClient.class.isAssignableFrom(i)) {
        return i;
      }
    }
    throw new IllegalStateException("no client interface on " + c.getClass());
  }
}
