package dev.safeops.aws.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.aws.MotoServer;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

class BackupPostureTest {
  private static final Region REGION = Region.EU_WEST_1;
  private static MotoServer moto;
  private RdsClient rds;
  private SettableClock clock;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.startIfInstalled();
  }

  @AfterAll
  static void stopMoto() throws Exception {
    if (moto != null) {
      moto.close();
    }
  }

  @BeforeEach
  void reset() {
    MotoServer.assumePresent(moto);
    moto.reset();
    rds = moto.client(RdsClient.builder(), REGION);
    clock = SettableClock.at(Instant.now());
  }

  private void database(String id, boolean protection, int retention) {
    rds.createDBInstance(r -> r.dbInstanceIdentifier(id).dbInstanceClass("db.t3.micro").engine("postgres")
        .allocatedStorage(20).masterUsername("app").masterUserPassword("not-a-secret")
        .backupRetentionPeriod(retention).deletionProtection(protection));
  }

  private String arn(String id) {
    return rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0).dbInstanceArn();
  }

  private BackupPosture.Builder posture() {
    return BackupPosture.builder().rds(rds).clock(clock).location(MotoServer.ACCOUNT, REGION.id());
  }

  @Test
  void theIncidentDatabaseIsCritical() {
    // Deletion protection off, automated backups only (they go with it), no snapshot of its own.
    database("incident-db", false, 7);

    PostureReport report = posture().build().check();

    String arn = arn("incident-db");
    assertThat(report.levelOf(arn)).isEqualTo(Level.CRITICAL);
    assertThat(report.level()).isEqualTo(Level.CRITICAL);
    assertThat(report.findingsFor(arn)).extracting(Finding::ruleId).contains(
        "posture.irrecoverable-on-delete", "posture.deletion-protection-off",
        "posture.backups-deleted-with-resource", "posture.no-independent-backup");
    assertThat(report.findingsFor(arn)).filteredOn(f -> f.level() == Level.CRITICAL).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("incident-db").contains("deletion protection is off"));
    assertThat(report.resource("aws_db_instance", "incident-db")).hasValueSatisfying(p -> {
      assertThat(p.deletionProtection()).isFalse();
      assertThat(p.backupsDieWithResource()).isTrue();
      assertThat(p.newestIndependentBackup()).isEmpty();
    });
  }

  @Test
  void aWellProtectedDatabaseIsClean() {
    database("guarded-db", true, 7);
    rds.createDBSnapshot(r -> r.dbInstanceIdentifier("guarded-db").dbSnapshotIdentifier("guarded-db-manual"));
    RdsClient dr = moto.client(RdsClient.builder(), Region.US_EAST_1);
    String snapshotArn = rds.describeDBSnapshots(r -> r.dbSnapshotIdentifier("guarded-db-manual")).dbSnapshots().get(0).dbSnapshotArn();
    dr.copyDBSnapshot(r -> r.sourceDBSnapshotIdentifier(snapshotArn).targetDBSnapshotIdentifier("guarded-db-dr").sourceRegion(REGION.id()));

    PostureReport report = posture().copyRegion(dr).build().check();

    String arn = arn("guarded-db");
    assertThat(report.findingsFor(arn)).isEmpty();
    assertThat(report.levelOf(arn)).isEqualTo(Level.NONE);
    assertThat(report.resource("aws_db_instance", "guarded-db")).hasValueSatisfying(p -> {
      assertThat(p.offsiteCopy()).isTrue();
      assertThat(p.hasIndependentBackupWithin(Duration.ofHours(1), clock.instant())).isTrue();
    });
  }

  @Test
  void anIndependentBackupOlderThanTheLimitIsStale() {
    database("old-backup-db", true, 7);
    rds.createDBSnapshot(r -> r.dbInstanceIdentifier("old-backup-db").dbSnapshotIdentifier("old-backup-db-manual"));
    Instant taken = rds.describeDBSnapshots(r -> r.dbSnapshotIdentifier("old-backup-db-manual")).dbSnapshots().get(0).snapshotCreateTime();
    clock.set(taken.plus(Duration.ofHours(30)));

    PostureReport report = posture().maxBackupAge(Duration.ofHours(24)).build().check();

    String arn = arn("old-backup-db");
    assertThat(report.findingsFor(arn)).extracting(Finding::ruleId)
        .contains("posture.independent-backup-stale", "posture.backups-deleted-with-resource")
        .doesNotContain("posture.irrecoverable-on-delete", "posture.no-independent-backup");
    assertThat(report.findingsFor(arn)).filteredOn(f -> f.ruleId().equals("posture.independent-backup-stale"))
        .singleElement().satisfies(f -> assertThat(f.message()).contains("30h old"));
  }

  @Test
  void aDatabaseWithoutAutomatedBackupsIsFlagged() {
    database("no-backups-db", true, 0);

    PostureReport report = posture().build().check();

    assertThat(report.findingsFor(arn("no-backups-db"))).extracting(Finding::ruleId)
        .contains("posture.automated-backups-off", "posture.no-independent-backup");
  }

  @Test
  void aTableWithoutPointInTimeRecoveryOrProtectionIsCritical() {
    DynamoDbClient ddb = moto.client(DynamoDbClient.builder(), REGION);
    table(ddb, "submissions");
    table(ddb, "guarded");
    ddb.updateContinuousBackups(r -> r.tableName("guarded").pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));
    ddb.updateTable(r -> r.tableName("guarded").deletionProtectionEnabled(true));
    ddb.createBackup(r -> r.tableName("guarded").backupName("guarded-nightly"));

    PostureReport report = BackupPosture.builder().dynamoDb(ddb).clock(clock).build().check();

    String bare = report.resource("aws_dynamodb_table", "submissions").orElseThrow().arn();
    assertThat(report.levelOf(bare)).isEqualTo(Level.CRITICAL);
    assertThat(report.findingsFor(bare)).extracting(Finding::ruleId)
        .contains("posture.point-in-time-recovery-off", "posture.deletion-protection-off");
    String guarded = report.resource("aws_dynamodb_table", "guarded").orElseThrow().arn();
    assertThat(report.findingsFor(guarded)).extracting(Finding::ruleId).containsExactly("posture.no-offsite-copy");
  }

  private static void table(DynamoDbClient ddb, String name) {
    ddb.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
        .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
  }

  @Test
  void anUnversionedBucketIsHighAndAVersionedOneOnlyLacksMfaDelete() {
    S3Client s3 = moto.client(S3Client.builder().forcePathStyle(true), REGION);
    s3.createBucket(r -> r.bucket("course-uploads").createBucketConfiguration(c -> c.locationConstraint(REGION.id())));
    s3.createBucket(r -> r.bucket("course-archive").createBucketConfiguration(c -> c.locationConstraint(REGION.id())));
    s3.putBucketVersioning(r -> r.bucket("course-archive").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));

    PostureReport report = BackupPosture.builder().s3(s3).clock(clock).build().check();

    assertThat(report.findingsFor("arn:aws:s3:::course-uploads")).extracting(Finding::ruleId, Finding::level)
        .contains(org.assertj.core.groups.Tuple.tuple("posture.versioning-off", Level.HIGH));
    assertThat(report.findingsFor("arn:aws:s3:::course-archive")).extracting(Finding::ruleId)
        .containsExactly("posture.mfa-delete-off");
  }

  @Test
  void aBackupServiceThatCannotBeReadIsAFindingNotACleanBill() {
    database("guarded-db", true, 7);
    rds.createDBSnapshot(r -> r.dbInstanceIdentifier("guarded-db").dbSnapshotIdentifier("guarded-db-manual"));
    BackupClient unreachable = BackupClient.builder()
        .endpointOverride(java.net.URI.create("http://127.0.0.1:9"))
        .region(REGION)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
        .build();

    PostureReport report = posture().backup(unreachable).build().check();

    String arn = arn("guarded-db");
    assertThat(report.findingsFor(arn)).extracting(Finding::ruleId, Finding::level)
        .contains(org.assertj.core.groups.Tuple.tuple("posture.check-failed", Level.HIGH));
    assertThat(report.levelOf(arn)).isEqualTo(Level.HIGH);
  }
}
