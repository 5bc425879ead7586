package dev.safeops.aws.internal.recovery;

import dev.safeops.aws.recovery.BackupPosture;
import dev.safeops.aws.recovery.PostureReport;
import dev.safeops.aws.recovery.ResourcePosture;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.RecoveryPointByResource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsDescription;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;

/** {@link BackupPosture} over the SDK: read-only calls, one resource at a time, failures become findings. */
public final class SdkBackupPosture implements BackupPosture {
  static final String IRRECOVERABLE = "posture.irrecoverable-on-delete";
  static final String PROTECTION_OFF = "posture.deletion-protection-off";
  static final String AUTOMATED_OFF = "posture.automated-backups-off";
  static final String DIE_WITH = "posture.backups-deleted-with-resource";
  static final String NO_INDEPENDENT = "posture.no-independent-backup";
  static final String STALE = "posture.independent-backup-stale";
  static final String PITR_OFF = "posture.point-in-time-recovery-off";
  static final String VERSIONING_OFF = "posture.versioning-off";
  static final String MFA_DELETE_OFF = "posture.mfa-delete-off";
  static final String NO_OFFSITE = "posture.no-offsite-copy";
  static final String CHECK_FAILED = "posture.check-failed";

  private final RdsClient rds;
  private final DynamoDbClient dynamoDb;
  private final S3Client s3;
  private final BackupClient backup;
  private final List<RdsClient> copyRegions;
  private final Clock clock;
  private final Duration maxBackupAge;
  private final String account;
  private final String region;

  public SdkBackupPosture(RdsClient rds, DynamoDbClient dynamoDb, S3Client s3, BackupClient backup,
      List<RdsClient> copyRegions, Clock clock, Duration maxBackupAge, String account, String region) {
    this.rds = rds;
    this.dynamoDb = dynamoDb;
    this.s3 = s3;
    this.backup = backup;
    this.copyRegions = copyRegions;
    this.clock = clock;
    this.maxBackupAge = maxBackupAge;
    this.account = account;
    this.region = region;
  }

  @Override
  public PostureReport check() {
    Instant now = clock.instant();
    List<ResourcePosture> resources = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    if (rds != null) {
      listing("RDS instances", findings, () -> {
        for (DBInstance db : rds.describeDBInstancesPaginator().dbInstances()) {
          // Aurora members are recovered through their cluster, and judged there.
          if (db.dbClusterIdentifier() == null) {
            perResource(db.dbInstanceArn(), findings, () -> instance(db, now, resources, findings));
          }
        }
      });
      listing("RDS clusters", findings, () -> {
        for (DBCluster c : rds.describeDBClustersPaginator().dbClusters()) {
          perResource(c.dbClusterArn(), findings, () -> cluster(c, now, resources, findings));
        }
      });
    }
    if (dynamoDb != null) {
      listing("DynamoDB tables", findings, () -> {
        for (String table : dynamoDb.listTablesPaginator().tableNames()) {
          perResource("dynamodb table " + table, findings, () -> table(table, now, resources, findings));
        }
      });
    }
    if (s3 != null) {
      listing("S3 buckets", findings, () -> {
        for (Bucket b : s3.listBucketsPaginator().buckets()) {
          // S3 lists every region's buckets; another region's belong to that region's check
          // (and a regional client would only be redirected).
          if (!region.isEmpty() && b.bucketRegion() != null && !b.bucketRegion().equals(region)) {
            continue;
          }
          perResource("arn:aws:s3:::" + b.name(), findings, () -> bucket(b.name(), resources, findings));
        }
      });
    }
    String acct = account.isEmpty()
        ? resources.stream().map(r -> Arns.account(r.arn())).filter(a -> !a.isEmpty()).findFirst().orElse("")
        : account;
    return new PostureReport(now, acct, region, resources, findings);
  }

  private void instance(DBInstance db, Instant now, List<ResourcePosture> resources, List<Finding> findings) {
    String id = db.dbInstanceIdentifier();
    String arn = db.dbInstanceArn();
    boolean protection = Boolean.TRUE.equals(db.deletionProtection());
    int retention = db.backupRetentionPeriod() == null ? 0 : db.backupRetentionPeriod();
    boolean replicated = db.hasDbInstanceAutomatedBackupsReplications()
        && !db.dbInstanceAutomatedBackupsReplications().isEmpty();
    Backups b = new Backups(arn);
    for (DBSnapshot s : rds.describeDBSnapshotsPaginator(r -> r.dbInstanceIdentifier(id)).dbSnapshots()) {
      // Automated snapshots are the ones that go with the instance; every other kind stays.
      if (!"automated".equals(s.snapshotType()) && "available".equals(s.status())) {
        b.add(s.snapshotCreateTime(), s.dbSnapshotArn(), null);
      }
    }
    for (RdsClient other : copyRegions) {
      for (DBSnapshot s : other.describeDBSnapshotsPaginator(r -> r.dbInstanceIdentifier(id)).dbSnapshots()) {
        if ("available".equals(s.status())) {
          b.add(s.snapshotCreateTime(), s.dbSnapshotArn(), null);
          b.offsite = true;
        }
      }
    }
    recoveryPoints(arn, b, findings);
    if (replicated) {
      b.offsite = true;
    }
    boolean die = retention == 0 || !replicated;
    ResourcePosture p = new ResourcePosture("aws_db_instance", id, arn, protection, die, b.newest(), b.offsite, retention > 0);
    resources.add(p);
    judge(p, "database " + id, retention == 0,
        "its automated backups are deleted with it and are not replicated to another region", now, findings);
  }

  private void cluster(DBCluster c, Instant now, List<ResourcePosture> resources, List<Finding> findings) {
    String id = c.dbClusterIdentifier();
    String arn = c.dbClusterArn();
    boolean protection = Boolean.TRUE.equals(c.deletionProtection());
    int retention = c.backupRetentionPeriod() == null ? 0 : c.backupRetentionPeriod();
    Backups b = new Backups(arn);
    for (DBClusterSnapshot s : rds.describeDBClusterSnapshotsPaginator(r -> r.dbClusterIdentifier(id)).dbClusterSnapshots()) {
      if (!"automated".equals(s.snapshotType()) && "available".equals(s.status())) {
        b.add(s.snapshotCreateTime(), s.dbClusterSnapshotArn(), null);
      }
    }
    for (RdsClient other : copyRegions) {
      for (DBClusterSnapshot s : other.describeDBClusterSnapshotsPaginator(r -> r.dbClusterIdentifier(id)).dbClusterSnapshots()) {
        if ("available".equals(s.status())) {
          b.add(s.snapshotCreateTime(), s.dbClusterSnapshotArn(), null);
          b.offsite = true;
        }
      }
    }
    recoveryPoints(arn, b, findings);
    // A cluster's automated backups are never replicated by RDS itself: they go with it.
    ResourcePosture p = new ResourcePosture("aws_rds_cluster", id, arn, protection, true, b.newest(), b.offsite, retention > 0);
    resources.add(p);
    judge(p, "cluster " + id, retention == 0, "its automated backups are deleted with it", now, findings);
  }

  private void table(String name, Instant now, List<ResourcePosture> resources, List<Finding> findings) {
    TableDescription t = dynamoDb.describeTable(r -> r.tableName(name)).table();
    String arn = t.tableArn();
    boolean protection = Boolean.TRUE.equals(t.deletionProtectionEnabled());
    ContinuousBackupsDescription cb = dynamoDb.describeContinuousBackups(r -> r.tableName(name)).continuousBackupsDescription();
    boolean pitr = cb != null && cb.pointInTimeRecoveryDescription() != null
        && "ENABLED".equals(cb.pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString());
    Backups b = new Backups(arn);
    // On-demand backups are one source among several: if they cannot be read, say so and judge
    // the table on the rest, as if it had none (pessimistic, never clean).
    readOrFlag(arn, "the on-demand backups of table " + name, findings, () -> onDemandBackups(name, b));
    recoveryPoints(arn, b, findings);
    // With PITR on, deleting a table leaves a system backup for 35 days; without it, nothing.
    ResourcePosture p = new ResourcePosture("aws_dynamodb_table", name, arn, protection, !pitr, b.newest(), b.offsite, pitr);
    resources.add(p);
    if (!pitr) {
      findings.add(new Finding(PITR_OFF, Level.MEDIUM, arn,
          "table " + name + " has point-in-time recovery off: a bad write or a delete cannot be rolled back to a moment before it."));
    }
    judge(p, "table " + name, false,
        "point-in-time recovery is off, so no backup is kept when it is deleted", now, findings);
  }

  private void onDemandBackups(String name, Backups b) {
    String start = null;
    do {
      String from = start;
      ListBackupsResponse page = dynamoDb.listBackups(r -> r.tableName(name).exclusiveStartBackupArn(from));
      for (BackupSummary s : page.backupSummaries()) {
        if ("AVAILABLE".equals(s.backupStatusAsString())) {
          b.add(s.backupCreationDateTime(), s.backupArn(), null);
        }
      }
      start = page.lastEvaluatedBackupArn();
    } while (start != null);
  }

  private void bucket(String name, List<ResourcePosture> resources, List<Finding> findings) {
    String arn = "arn:aws:s3:::" + name;
    GetBucketVersioningResponse v = s3.getBucketVersioning(r -> r.bucket(name));
    boolean versioned = "Enabled".equals(v.statusAsString());
    boolean mfaDelete = "Enabled".equals(v.mfaDeleteAsString());
    Backups b = new Backups(arn);
    recoveryPoints(arn, b, findings);
    ResourcePosture p = new ResourcePosture("aws_s3_bucket", name, arn, mfaDelete, true, b.newest(), b.offsite, versioned);
    resources.add(p);
    if (!versioned) {
      findings.add(new Finding(VERSIONING_OFF, Level.HIGH, arn,
          "bucket " + name + " has versioning " + (v.statusAsString() == null ? "never enabled" : v.statusAsString().toLowerCase())
              + ": an overwritten or deleted object is gone for good."));
    }
    if (!mfaDelete) {
      findings.add(new Finding(MFA_DELETE_OFF, Level.LOW, arn,
          "bucket " + name + " has MFA delete off: whoever holds the credentials can delete object versions."));
    }
  }

  private void recoveryPoints(String arn, Backups b, List<Finding> findings) {
    if (backup == null) {
      return;
    }
    readOrFlag(arn, "the AWS Backup recovery points of " + arn, findings, () -> {
      for (RecoveryPointByResource rp : backup.listRecoveryPointsByResourcePaginator(r -> r.resourceArn(arn)).recoveryPoints()) {
        if ("COMPLETED".equals(rp.statusAsString())) {
          b.add(rp.creationDate(), rp.recoveryPointArn(), rp.backupVaultName());
        }
      }
    });
  }

  private void readOrFlag(String arn, String what, List<Finding> findings, Runnable read) {
    try {
      read.run();
    } catch (SdkException e) {
      findings.add(new Finding(CHECK_FAILED, Level.HIGH, arn,
          "could not read " + what + ": " + e.getMessage() + "; judged as if there were none, since unknown is not safe."));
    }
  }

  /** The findings every data store shares, from its facts. */
  private void judge(ResourcePosture p, String what, boolean automatedOff, String dies, Instant now, List<Finding> findings) {
    String arn = p.arn();
    boolean fresh = p.hasIndependentBackupWithin(maxBackupAge, now);
    if (!p.deletionProtection()) {
      findings.add(new Finding(PROTECTION_OFF, Level.HIGH, arn,
          what + " has deletion protection off: a single delete call (or terraform destroy) removes it."));
    }
    if (automatedOff) {
      findings.add(new Finding(AUTOMATED_OFF, Level.HIGH, arn,
          what + " keeps no automated backups (retention 0): there is no point in time to restore to."));
    } else if (p.backupsDieWithResource() && !fresh) {
      findings.add(new Finding(DIE_WITH, Level.HIGH, arn,
          what + ": " + dies + ", and no independent backup is newer than " + hours(maxBackupAge) + "."));
    }
    if (p.newestIndependentBackup().isEmpty()) {
      findings.add(new Finding(NO_INDEPENDENT, p.backupsDieWithResource() ? Level.HIGH : Level.MEDIUM, arn,
          what + " has no manual snapshot, on-demand backup or AWS Backup recovery point that would survive its deletion."));
    } else if (!fresh) {
      Duration age = Duration.between(p.newestIndependentBackup().get(), now);
      findings.add(new Finding(STALE, Level.MEDIUM, arn,
          what + "'s newest independent backup is " + hours(age) + " old, older than the " + hours(maxBackupAge) + " allowed."));
    }
    if (!p.offsiteCopy()) {
      findings.add(new Finding(NO_OFFSITE, Level.LOW, arn,
          what + " has no backup copy in another vault, region or account: one account or region failure takes every copy."));
    }
    if (!p.deletionProtection() && p.backupsDieWithResource() && p.newestIndependentBackup().isEmpty()) {
      findings.add(new Finding(IRRECOVERABLE, Level.CRITICAL, arn,
          what + " can be lost for good: deletion protection is off, " + dies + ", and no independent backup exists."));
    }
  }

  private static String hours(Duration d) {
    return d.toHours() + "h";
  }

  private void listing(String what, List<Finding> findings, Runnable body) {
    try {
      body.run();
    } catch (SdkException e) {
      findings.add(new Finding(CHECK_FAILED, Level.HIGH, what.toLowerCase().replace(' ', '-') + (region.isEmpty() ? "" : "@" + region),
          "could not list " + what + ": " + e.getMessage() + "; an unread data store is not a safe one."));
    }
  }

  private void perResource(String address, List<Finding> findings, Runnable body) {
    try {
      body.run();
    } catch (SdkException e) {
      findings.add(new Finding(CHECK_FAILED, Level.HIGH, address,
          "could not read the backups of " + address + ": " + e.getMessage() + "; unknown is not safe."));
    }
  }

  /** The backups that survive a resource's deletion, and whether one lives elsewhere. */
  private static final class Backups {
    private final String resourceArn;
    private Instant newest;
    private final Set<String> vaults = new HashSet<>();
    boolean offsite;

    Backups(String resourceArn) {
      this.resourceArn = resourceArn;
    }

    void add(Instant created, String copyArn, String vault) {
      if (created != null && (newest == null || created.isAfter(newest))) {
        newest = created;
      }
      if (copyArn != null && !Arns.sameRegionAndAccount(resourceArn, copyArn)) {
        offsite = true;
      }
      if (vault != null && vaults.add(vault) && vaults.size() > 1) {
        offsite = true;
      }
    }

    Optional<Instant> newest() {
      return Optional.ofNullable(newest);
    }
  }
}
