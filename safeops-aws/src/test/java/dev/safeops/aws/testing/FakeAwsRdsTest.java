package dev.safeops.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBInstanceAutomatedBackup;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceAutomatedBackupStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;

class FakeAwsRdsTest {
  private static FakeAws aws;
  private static RdsClient rds;

  @BeforeAll
  static void start() {
    aws = FakeAws.builder().pollsUntilAvailable(2).build().start();
    rds = FakeAwsClients.rds(aws);
  }

  @AfterAll
  static void stop() {
    rds.close();
    aws.close();
  }

  @BeforeEach
  void reset() {
    aws.reset();
  }

  @Test
  void describeDbInstancesReportsTheSeededInstanceAsTheSdkModelsIt() {
    aws.seed().dbInstance("orders", db -> db.engine("postgres").engineVersion("16.3").deletionProtection(true)
        .backupRetentionDays(7).vpc("vpc-1").tag("team", "payments"));

    DBInstance db = rds.describeDBInstances(b -> b.dbInstanceIdentifier("orders")).dbInstances().get(0);

    assertThat(db.dbInstanceIdentifier()).isEqualTo("orders");
    assertThat(db.engine()).isEqualTo("postgres");
    assertThat(db.engineVersion()).isEqualTo("16.3");
    assertThat(db.dbInstanceStatus()).isEqualTo("available");
    assertThat(db.deletionProtection()).isTrue();
    assertThat(db.backupRetentionPeriod()).isEqualTo(7);
    assertThat(db.dbInstanceArn()).isEqualTo("arn:aws:rds:us-east-1:123456789012:db:orders");
    assertThat(db.dbiResourceId()).startsWith("db-");
    assertThat(db.endpoint().port()).isEqualTo(5432);
    assertThat(db.dbSubnetGroup().vpcId()).isEqualTo("vpc-1");
    assertThat(db.tagList()).containsExactly(Tag.builder().key("team").value("payments").build());
    assertThat(db.instanceCreateTime()).isBefore(Instant.now());
  }

  @Test
  void anUnknownInstanceIsDbInstanceNotFoundWith404AndARequestId() {
    assertThatThrownBy(() -> rds.describeDBInstances(b -> b.dbInstanceIdentifier("nope")))
        .isInstanceOfSatisfying(DbInstanceNotFoundException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DBInstanceNotFound");
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("DBInstance nope not found.");
          assertThat(e.requestId()).isNotBlank().isEqualTo(aws.requests().get(0).requestId());
        });
  }

  @Test
  void deletingWithSkipFinalSnapshotRemovesTheInstanceAndByDefaultItsAutomatedBackups() {
    aws.seed().dbInstance("orders", db -> db.backupRetentionDays(3));
    assertThat(aws.state().automatedSnapshotsOf("orders")).isNotEmpty();

    DBInstance deleted = rds.deleteDBInstance(b -> b.dbInstanceIdentifier("orders").skipFinalSnapshot(true)).dbInstance();

    assertThat(deleted.dbInstanceStatus()).isEqualTo("deleting");
    assertThat(aws.state().dbInstanceExists("orders")).isFalse();
    assertThat(aws.state().snapshotsOf("orders")).isEmpty();
    assertThat(aws.state().automatedBackupStatus("orders")).isEmpty();
    assertThat(rds.describeDBInstances().dbInstances()).isEmpty();
    assertThat(rds.describeDBInstanceAutomatedBackups(b -> b.dbInstanceIdentifier("orders")).dbInstanceAutomatedBackups()).isEmpty();
    assertThat(aws.mutatingRequests()).extracting(RecordedRequest::operation).containsExactly("DeleteDBInstance");
  }

  @Test
  void deleteAutomatedBackupsFalseRetainsThemAndTheyCanBeRestoredToAPointInTime() {
    aws.seed().dbInstance("orders", db -> db.backupRetentionDays(3));

    rds.deleteDBInstance(b -> b.dbInstanceIdentifier("orders").skipFinalSnapshot(true).deleteAutomatedBackups(false));

    List<DBInstanceAutomatedBackup> retained =
        rds.describeDBInstanceAutomatedBackups(b -> b.dbInstanceIdentifier("orders")).dbInstanceAutomatedBackups();
    assertThat(retained).singleElement().satisfies(b -> {
      assertThat(b.status()).isEqualTo("retained");
      assertThat(b.restoreWindow().earliestTime()).isBefore(b.restoreWindow().latestTime());
      assertThat(b.dbInstanceAutomatedBackupsArn()).startsWith("arn:aws:rds:us-east-1:123456789012:auto-backup:");
    });
    assertThat(aws.state().automatedBackupStatus("orders")).contains("retained");

    DBInstance restored = rds.restoreDBInstanceToPointInTime(b -> b.sourceDBInstanceAutomatedBackupsArn(
        retained.get(0).dbInstanceAutomatedBackupsArn()).targetDBInstanceIdentifier("orders-recovered")
        .useLatestRestorableTime(true)).dbInstance();
    assertThat(restored.dbInstanceStatus()).isEqualTo("creating");
    assertThat(aws.state().dbInstanceExists("orders-recovered")).isTrue();
  }

  @Test
  void aFinalSnapshotIsAManualSnapshotThatOutlivesTheInstance() {
    aws.seed().dbInstance("orders");

    rds.deleteDBInstance(b -> b.dbInstanceIdentifier("orders").finalDBSnapshotIdentifier("orders-final"));

    DBSnapshot snap = rds.describeDBSnapshots(b -> b.dbSnapshotIdentifier("orders-final")).dbSnapshots().get(0);
    assertThat(snap.snapshotType()).isEqualTo("manual");
    assertThat(snap.dbInstanceIdentifier()).isEqualTo("orders");
    assertThat(snap.status()).isEqualTo("available");
    assertThat(aws.state().manualSnapshotsOf("orders")).containsExactly("orders-final");
  }

  @Test
  void deletingWithoutFinalSnapshotOrSkipIsRefusedAndChangesNothing() {
    aws.seed().dbInstance("orders");

    assertThatThrownBy(() -> rds.deleteDBInstance(b -> b.dbInstanceIdentifier("orders")))
        .isInstanceOfSatisfying(RdsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination"));
    assertThat(aws.state().dbInstanceExists("orders")).isTrue();
    assertThat(aws.mutatingRequests()).isEmpty();
  }

  @Test
  void deletionProtectionRefusesTheDeleteWithAwsErrorUntilModifiedOff() {
    aws.seed().dbInstance("orders", db -> db.deletionProtection(true));

    assertThatThrownBy(() -> rds.deleteDBInstance(b -> b.dbInstanceIdentifier("orders").skipFinalSnapshot(true)))
        .isInstanceOfSatisfying(RdsException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination");
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
              "Cannot delete protected DB Instance, please disable deletion protection and try again.");
        });
    assertThat(aws.state().dbInstanceExists("orders")).isTrue();

    DBInstance modified = rds.modifyDBInstance(b -> b.dbInstanceIdentifier("orders").deletionProtection(false)
        .applyImmediately(true)).dbInstance();
    assertThat(modified.deletionProtection()).isFalse();
    rds.deleteDBInstance(b -> b.dbInstanceIdentifier("orders").skipFinalSnapshot(true));
    assertThat(aws.state().dbInstanceExists("orders")).isFalse();
  }

  @Test
  void settingBackupRetentionToZeroDeletesTheAutomatedBackups() {
    aws.seed().dbInstance("orders", db -> db.backupRetentionDays(5));

    rds.modifyDBInstance(b -> b.dbInstanceIdentifier("orders").backupRetentionPeriod(0).applyImmediately(true));

    assertThat(aws.state().dbInstanceBackupRetention("orders")).contains(0);
    assertThat(aws.state().automatedSnapshotsOf("orders")).isEmpty();
    assertThat(aws.state().automatedBackupStatus("orders")).isEmpty();
  }

  @Test
  void describeDbSnapshotsListsManualAndAutomatedSnapshotsWithTheirCreationTimes() {
    Instant manualAt = Instant.parse("2026-01-02T10:00:00Z");
    Instant autoAt = Instant.parse("2026-01-03T03:00:00Z");
    aws.seed().dbInstance("orders", db -> db.createdAt(Instant.parse("2025-01-01T00:00:00Z"))
        .automatedSnapshotsAt(autoAt).manualSnapshot("orders-manual", manualAt));

    List<DBSnapshot> all = rds.describeDBSnapshots(b -> b.dbInstanceIdentifier("orders")).dbSnapshots();
    List<DBSnapshot> manual = rds.describeDBSnapshots(b -> b.dbInstanceIdentifier("orders").snapshotType("manual")).dbSnapshots();

    assertThat(all).extracting(DBSnapshot::snapshotType).containsExactlyInAnyOrder("manual", "automated");
    assertThat(manual).singleElement().satisfies(s -> {
      assertThat(s.dbSnapshotIdentifier()).isEqualTo("orders-manual");
      assertThat(s.snapshotCreateTime()).isEqualTo(manualAt);
      assertThat(s.dbSnapshotArn()).isEqualTo("arn:aws:rds:us-east-1:123456789012:snapshot:orders-manual");
    });
    assertThat(all).filteredOn(s -> s.snapshotType().equals("automated")).singleElement()
        .satisfies(s -> assertThat(s.dbSnapshotIdentifier()).isEqualTo("rds:orders-2026-01-03-03-00"));
  }

  @Test
  void deleteDbSnapshotRemovesAManualSnapshotAndRefusesAnAutomatedOne() {
    aws.seed().dbInstance("orders", db -> db.automatedSnapshotsAt(Instant.parse("2026-01-03T03:00:00Z"))
        .createdAt(Instant.parse("2025-01-01T00:00:00Z")))
        .dbSnapshot("orders-manual", "orders", Instant.parse("2026-01-01T00:00:00Z"));

    rds.deleteDBSnapshot(b -> b.dbSnapshotIdentifier("orders-manual"));

    assertThat(aws.state().dbSnapshotExists("orders-manual")).isFalse();
    assertThatThrownBy(() -> rds.describeDBSnapshots(b -> b.dbSnapshotIdentifier("orders-manual")))
        .isInstanceOf(DbSnapshotNotFoundException.class);
    assertThatThrownBy(() -> rds.deleteDBSnapshot(b -> b.dbSnapshotIdentifier("rds:orders-2026-01-03-03-00")))
        .isInstanceOfSatisfying(RdsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidDBSnapshotState"));
  }

  @Test
  void aRetainedAutomatedBackupCanBeDeletedButAnActiveOneCannot() {
    aws.seed().dbInstance("live").retainedAutomatedBackup("gone",
        Instant.now().minus(Duration.ofDays(3)), Instant.now().minus(Duration.ofDays(1)));
    List<DBInstanceAutomatedBackup> backups = rds.describeDBInstanceAutomatedBackups().dbInstanceAutomatedBackups();
    String live = backups.stream().filter(b -> b.dbInstanceIdentifier().equals("live")).findFirst().orElseThrow().dbiResourceId();
    String gone = backups.stream().filter(b -> b.dbInstanceIdentifier().equals("gone")).findFirst().orElseThrow().dbiResourceId();

    assertThatThrownBy(() -> rds.deleteDBInstanceAutomatedBackup(b -> b.dbiResourceId(live)))
        .isInstanceOf(InvalidDbInstanceAutomatedBackupStateException.class);
    rds.deleteDBInstanceAutomatedBackup(b -> b.dbiResourceId(gone));

    assertThat(aws.state().automatedBackupStatus("gone")).isEmpty();
    assertThat(aws.state().automatedBackupStatus("live")).contains("active");
  }

  @Test
  void aRestoredInstanceIsCreatingUntilTheConfiguredNumberOfPollsThenAvailable() {
    aws.seed().dbInstance("orders").dbSnapshot("orders-snap", "orders", Instant.parse("2026-01-01T00:00:00Z"));

    DBInstance restored = rds.restoreDBInstanceFromDBSnapshot(b -> b.dbInstanceIdentifier("orders-drill")
        .dbSnapshotIdentifier("orders-snap").tags(Tag.builder().key("safeops:drill").value("true").build())).dbInstance();

    assertThat(restored.dbInstanceStatus()).isEqualTo("creating");
    assertThat(status("orders-drill")).isEqualTo("creating");
    assertThat(status("orders-drill")).isEqualTo("creating");
    assertThat(status("orders-drill")).isEqualTo("available");
    assertThat(rds.listTagsForResource(b -> b.resourceName(aws.state().dbInstanceArn("orders-drill"))).tagList())
        .containsExactly(Tag.builder().key("safeops:drill").value("true").build());
  }

  @Test
  void theSdkWaiterSeesARestoredInstanceBecomeAvailable() {
    aws.seed().dbInstance("orders").dbSnapshot("orders-snap", "orders", Instant.parse("2026-01-01T00:00:00Z"));
    rds.restoreDBInstanceFromDBSnapshot(b -> b.dbInstanceIdentifier("orders-drill").dbSnapshotIdentifier("orders-snap"));

    var outcome = rds.waiter().waitUntilDBInstanceAvailable(b -> b.dbInstanceIdentifier("orders-drill"),
        o -> o.backoffStrategy(software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy.create(Duration.ZERO))
            .maxAttempts(5));

    assertThat(outcome.matched().response()).hasValueSatisfying(r ->
        assertThat(r.dbInstances().get(0).dbInstanceStatus()).isEqualTo("available"));
  }

  @Test
  void restoringOverAnExistingInstanceOrFromAMissingSnapshotIsRefused() {
    aws.seed().dbInstance("orders").dbSnapshot("orders-snap", "orders", Instant.parse("2026-01-01T00:00:00Z"));

    assertThatThrownBy(() -> rds.restoreDBInstanceFromDBSnapshot(b -> b.dbInstanceIdentifier("orders")
        .dbSnapshotIdentifier("orders-snap"))).isInstanceOfSatisfying(RdsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DBInstanceAlreadyExists"));
    assertThatThrownBy(() -> rds.restoreDBInstanceFromDBSnapshot(b -> b.dbInstanceIdentifier("copy")
        .dbSnapshotIdentifier("missing"))).isInstanceOf(DbSnapshotNotFoundException.class);
  }

  @Test
  void pointInTimeRestoreFromALiveInstanceHonoursTheRestoreWindow() {
    aws.seed().dbInstance("orders", db -> db.backupRetentionDays(2));

    DBInstance restored = rds.restoreDBInstanceToPointInTime(b -> b.sourceDBInstanceIdentifier("orders")
        .targetDBInstanceIdentifier("orders-pitr").useLatestRestorableTime(true)).dbInstance();
    assertThat(restored.engine()).isEqualTo("postgres");
    assertThatThrownBy(() -> rds.restoreDBInstanceToPointInTime(b -> b.sourceDBInstanceIdentifier("orders")
        .targetDBInstanceIdentifier("orders-old").restoreTime(Instant.parse("2000-01-01T00:00:00Z"))))
        .isInstanceOfSatisfying(RdsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRestoreFault"));
  }

  @Test
  void stopDbInstanceStopsAnAvailableInstanceOnly() {
    aws.seed().dbInstance("orders");

    DBInstance stopping = rds.stopDBInstance(b -> b.dbInstanceIdentifier("orders")).dbInstance();

    assertThat(stopping.dbInstanceStatus()).isEqualTo("stopping");
    assertThat(aws.state().dbInstanceStatus("orders")).contains("stopped");
    assertThatThrownBy(() -> rds.stopDBInstance(b -> b.dbInstanceIdentifier("orders")))
        .isInstanceOf(InvalidDbInstanceStateException.class);
  }

  @Test
  void tagsAddedToAnInstanceAreListedAndShownOnDescribe() {
    aws.seed().dbInstance("orders");
    String arn = aws.state().dbInstanceArn("orders");

    rds.addTagsToResource(b -> b.resourceName(arn).tags(Tag.builder().key("owner").value("ops").build()));

    assertThat(rds.listTagsForResource(b -> b.resourceName(arn)).tagList()).extracting(Tag::key).containsExactly("owner");
    assertThat(aws.state().dbInstanceTags("orders")).containsEntry("owner", "ops");
    assertThatThrownBy(() -> rds.addTagsToResource(b -> b.resourceName(aws.state().dbInstanceArn("nope"))
        .tags(Tag.builder().key("k").value("v").build()))).isInstanceOf(DbInstanceNotFoundException.class);
  }

  @Test
  void clustersAreDescribedAndDeletedWithAFinalClusterSnapshot() {
    aws.seed().dbCluster("analytics", c -> c.automatedSnapshotAt(Instant.parse("2026-01-03T03:00:00Z")));

    assertThat(rds.describeDBClusters().dbClusters()).singleElement().satisfies(c -> {
      assertThat(c.dbClusterIdentifier()).isEqualTo("analytics");
      assertThat(c.engine()).isEqualTo("aurora-postgresql");
      assertThat(c.deletionProtection()).isFalse();
    });
    rds.deleteDBCluster(b -> b.dbClusterIdentifier("analytics").finalDBSnapshotIdentifier("analytics-final"));

    assertThat(aws.state().dbClusterExists("analytics")).isFalse();
    assertThat(rds.describeDBClusterSnapshots(b -> b.dbClusterIdentifier("analytics")).dbClusterSnapshots())
        .extracting(s -> s.dbClusterSnapshotIdentifier() + "/" + s.snapshotType())
        .containsExactly("analytics-final/manual");
    rds.deleteDBClusterSnapshot(b -> b.dbClusterSnapshotIdentifier("analytics-final"));
    assertThat(aws.state().clusterSnapshotsOf("analytics")).isEmpty();
  }

  @Test
  void aProtectedClusterOrOneWithInstancesIsNotDeleted() {
    aws.seed().dbCluster("protected", c -> c.deletionProtection(true))
        .dbCluster("busy", c -> { })
        .dbInstance("busy-1", db -> db.cluster("busy"));

    assertThatThrownBy(() -> rds.deleteDBCluster(b -> b.dbClusterIdentifier("protected").skipFinalSnapshot(true)))
        .isInstanceOfSatisfying(RdsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Cannot delete protected Cluster, please disable deletion protection and try again."));
    assertThatThrownBy(() -> rds.deleteDBCluster(b -> b.dbClusterIdentifier("busy").skipFinalSnapshot(true)))
        .isInstanceOfSatisfying(RdsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidDBClusterStateFault"));
    assertThat(aws.state().dbClusterExists("protected")).isTrue();
    assertThat(aws.state().dbClusterExists("busy")).isTrue();
  }

  @Test
  void describeFiltersSelectAndAnUnknownFilterIsRefusedRatherThanIgnored() {
    aws.seed().dbInstance("pg", db -> db.engine("postgres")).dbInstance("my", db -> db.engine("mysql"));

    assertThat(rds.describeDBInstances(b -> b.filters(Filter.builder().name("engine").values("mysql").build()))
        .dbInstances()).extracting(DBInstance::dbInstanceIdentifier).containsExactly("my");
    assertThat(rds.describeDBSnapshots(b -> b.filters(Filter.builder().name("db-instance-id").values("pg").build(),
        Filter.builder().name("snapshot-type").values("automated").build())).dbSnapshots())
        .isNotEmpty().allSatisfy(s -> assertThat(s.dbInstanceIdentifier()).isEqualTo("pg"));
    assertThatThrownBy(() -> rds.describeDBInstances(b -> b.filters(Filter.builder().name("tag:team").values("x").build())))
        .isInstanceOfSatisfying(RdsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
  }

  private static String status(String id) {
    return rds.describeDBInstances(b -> b.dbInstanceIdentifier(id)).dbInstances().get(0).dbInstanceStatus();
  }
}
