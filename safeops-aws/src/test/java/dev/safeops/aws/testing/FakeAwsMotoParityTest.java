package dev.safeops.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.aws.MotoServer;
import java.net.URI;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstanceAutomatedBackup;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The same calls against the fake and against moto, an independent AWS emulator, where one is
 * installed ({@code moto_server} on the PATH; skipped with a message otherwise). Each scenario
 * seeds both the same way, runs the same SDK calls and compares what a caller observes.
 *
 * <p>Where the two are known to disagree, the fake follows AWS and the test does not pin moto's
 * answer: moto deletes a DB instance that names neither {@code SkipFinalSnapshot} nor a final
 * snapshot identifier (AWS refuses with InvalidParameterCombination), and moto answers an EC2
 * dry run on an instance that does not exist with DryRunOperation (AWS resolves the resource,
 * which resource-level permissions need, and answers InvalidInstanceID.NotFound).
 */
class FakeAwsMotoParityTest {
  private static MotoServer moto;
  private static URI motoEndpoint;
  private static FakeAws fake;

  @BeforeAll
  static void startBoth() {
    moto = MotoServer.startIfInstalled();
    if (moto == null) {
      return; // each test then skips with the reason, so the skip is counted and visible
    }
    motoEndpoint = moto.endpoint();
    fake = FakeAws.create().start();
  }

  @AfterAll
  static void stopBoth() {
    if (fake != null) {
      fake.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @BeforeEach
  void resetBoth() {
    MotoServer.assumePresent(moto);
    moto.reset();
    fake.reset();
  }

  @Test
  void ec2DryRunTerminateIsRefusedAlikeAndLeavesTheInstanceRunning() {
    fake.seed().ec2Instance("i-0fake000000000001", i -> { });
    String motoId;
    try (Ec2Client ec2 = at(Ec2Client.builder(), motoEndpoint).build()) {
      motoId = ec2.runInstances(b -> b.imageId("ami-12c6146b").minCount(1).maxCount(1)).instances().get(0).instanceId();
    }
    Function<URI, String> scenario = endpoint -> {
      String id = endpoint.equals(motoEndpoint) ? motoId : "i-0fake000000000001";
      try (Ec2Client ec2 = at(Ec2Client.builder(), endpoint).build()) {
        String dry = outcome(() -> ec2.terminateInstances(b -> b.instanceIds(id).dryRun(true)));
        String state = ec2.describeInstances(b -> b.instanceIds(id)).reservations().get(0).instances().get(0).state().nameAsString();
        String real = outcome(() -> ec2.terminateInstances(b -> b.instanceIds(id)));
        String after = ec2.describeInstances(b -> b.instanceIds(id)).reservations().get(0).instances().get(0).state().nameAsString();
        return dry + " / " + state + " / " + real + " / " + after;
      }
    };
    assertThat(scenario.apply(fake.endpoint()))
        .isEqualTo("412 DryRunOperation / running / ok / terminated")
        .isEqualTo(scenario.apply(motoEndpoint));
  }

  @Test
  void rdsDeleteKeepsOrDropsAutomatedBackupsAlike() {
    for (boolean deleteBackups : List.of(true, false)) {
      resetQuietly();
      fake.seed().dbInstance("orders", db -> db.backupRetentionDays(7));
      try (RdsClient rds = at(RdsClient.builder(), motoEndpoint).build()) {
        createMotoInstance(rds, "orders", false);
      }
      Function<URI, String> scenario = endpoint -> {
        try (RdsClient rds = at(RdsClient.builder(), endpoint).build()) {
          String delete = outcome(() -> rds.deleteDBInstance(b -> b.dbInstanceIdentifier("orders").skipFinalSnapshot(true)
              .deleteAutomatedBackups(deleteBackups)));
          List<String> backups = rds.describeDBInstanceAutomatedBackups(b -> b.dbInstanceIdentifier("orders"))
              .dbInstanceAutomatedBackups().stream().map(DBInstanceAutomatedBackup::status).toList();
          List<String> instances = rds.describeDBInstances().dbInstances().stream().map(d -> d.dbInstanceIdentifier()).toList();
          return delete + " / backups " + backups + " / instances " + instances;
        }
      };
      assertThat(scenario.apply(fake.endpoint()))
          .isEqualTo("ok / backups " + (deleteBackups ? "[]" : "[retained]") + " / instances []")
          .isEqualTo(scenario.apply(motoEndpoint));
    }
  }

  @Test
  void rdsFinalSnapshotIsTheOnlySnapshotLeftAlike() {
    fake.seed().dbInstance("orders", db -> db.backupRetentionDays(7));
    try (RdsClient rds = at(RdsClient.builder(), motoEndpoint).build()) {
      createMotoInstance(rds, "orders", false);
    }
    Function<URI, String> scenario = endpoint -> {
      try (RdsClient rds = at(RdsClient.builder(), endpoint).build()) {
        rds.deleteDBInstance(b -> b.dbInstanceIdentifier("orders").finalDBSnapshotIdentifier("orders-final"));
        return rds.describeDBSnapshots(b -> b.dbInstanceIdentifier("orders")).dbSnapshots().stream()
            .map(s -> s.dbSnapshotIdentifier() + ":" + s.snapshotType()).toList().toString();
      }
    };
    assertThat(scenario.apply(fake.endpoint())).isEqualTo("[orders-final:manual]").isEqualTo(scenario.apply(motoEndpoint));
  }

  @Test
  void rdsDeletionProtectionRefusesAlike() {
    fake.seed().dbInstance("orders", db -> db.deletionProtection(true));
    try (RdsClient rds = at(RdsClient.builder(), motoEndpoint).build()) {
      createMotoInstance(rds, "orders", true);
    }
    Function<URI, String> scenario = endpoint -> {
      try (RdsClient rds = at(RdsClient.builder(), endpoint).build()) {
        return outcome(() -> rds.deleteDBInstance(b -> b.dbInstanceIdentifier("orders").skipFinalSnapshot(true)))
            + " / " + rds.describeDBInstances().dbInstances().size();
      }
    };
    assertThat(scenario.apply(fake.endpoint())).isEqualTo("400 InvalidParameterCombination / 1").isEqualTo(scenario.apply(motoEndpoint));
  }

  @Test
  void s3RefusesToDeleteANonEmptyBucketAlike() {
    fake.seed().bucket("exports", b -> b.object("a.csv", 3));
    try (S3Client s3 = at(S3Client.builder(), motoEndpoint).forcePathStyle(true).build()) {
      s3.createBucket(b -> b.bucket("exports"));
      s3.putObject(b -> b.bucket("exports").key("a.csv"), RequestBody.fromString("a,b"));
    }
    Function<URI, String> scenario = endpoint -> {
      try (S3Client s3 = at(S3Client.builder(), endpoint).forcePathStyle(true).build()) {
        return outcome(() -> s3.deleteBucket(b -> b.bucket("exports"))) + " / "
            + s3.listObjectsV2(b -> b.bucket("exports")).keyCount();
      }
    };
    assertThat(scenario.apply(fake.endpoint())).isEqualTo("409 BucketNotEmpty / 1").isEqualTo(scenario.apply(motoEndpoint));
  }

  @Test
  void dynamoDbRefusesToDeleteAProtectedTableAlike() {
    fake.seed().dynamoTable("orders", t -> t.deletionProtection(true));
    try (DynamoDbClient dynamo = at(DynamoDbClient.builder(), motoEndpoint).build()) {
      dynamo.createTable(b -> b.tableName("orders").billingMode(BillingMode.PAY_PER_REQUEST).deletionProtectionEnabled(true)
          .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
          .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
    }
    Function<URI, String> scenario = endpoint -> {
      try (DynamoDbClient dynamo = at(DynamoDbClient.builder(), endpoint).build()) {
        return outcome(() -> dynamo.deleteTable(b -> b.tableName("orders"))) + " / " + dynamo.listTables().tableNames();
      }
    };
    assertThat(scenario.apply(fake.endpoint())).isEqualTo("400 ValidationException / [orders]").isEqualTo(scenario.apply(motoEndpoint));
  }

  private static void createMotoInstance(RdsClient rds, String id, boolean protect) {
    rds.createDBInstance(b -> b.dbInstanceIdentifier(id).engine("postgres").dbInstanceClass("db.t3.micro")
        .allocatedStorage(20).masterUsername("app").masterUserPassword("not-a-secret-1").backupRetentionPeriod(7)
        .deletionProtection(protect));
  }

  private void resetQuietly() {
    try {
      resetBoth();
    } catch (Exception e) {
      throw new IllegalStateException("could not reset moto and the fake", e);
    }
  }

  private static String outcome(Runnable call) {
    try {
      call.run();
      return "ok";
    } catch (AwsServiceException e) {
      return e.statusCode() + " " + e.awsErrorDetails().errorCode();
    }
  }

  private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B at(B builder, URI endpoint) {
    return builder.endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(FakeAwsClients.CREDENTIALS))
        .httpClientBuilder(UrlConnectionHttpClient.builder());
  }
}
