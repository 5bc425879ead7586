package dev.safeops.aws.recovery;

import dev.safeops.aws.internal.recovery.SdkBackupPosture;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Checks whether the data stores of one account and region could be recovered if they were
 * deleted: RDS instances and Aurora clusters, DynamoDB tables and S3 buckets, read through
 * the SDK clients given (read-only calls only: Describe, List, Get).
 *
 * <p>Rule ids, each finding naming the resource and why:
 * <pre>
 * posture.irrecoverable-on-delete       CRITICAL  unprotected, its backups go with it, and no
 *                                                  independent backup exists (the incident)
 * posture.deletion-protection-off       HIGH      nothing but IAM stops a delete call
 * posture.automated-backups-off         HIGH      RDS backup retention is 0
 * posture.backups-deleted-with-resource HIGH      automated/continuous backups die with it and
 *                                                  no fresh independent backup exists
 * posture.no-independent-backup         HIGH      no manual snapshot, on-demand backup or AWS
 *                                                  Backup recovery point at all
 * posture.independent-backup-stale      MEDIUM    the newest is older than maxBackupAge
 * posture.point-in-time-recovery-off    MEDIUM    DynamoDB PITR disabled
 * posture.versioning-off                HIGH      S3 versioning not enabled
 * posture.mfa-delete-off                LOW       S3 MFA delete not enabled
 * posture.no-offsite-copy               LOW       no copy in another vault, region or account
 * posture.check-failed                  HIGH      a read failed: unknown is not safe
 * </pre>
 *
 * <p>Fails closed per resource: a read that fails becomes a {@code posture.check-failed}
 * finding rather than a clean bill. Thread-safe if the SDK clients are (they are).
 */
public interface BackupPosture {

  /** Runs the check now. Never throws for a failed read; see {@code posture.check-failed}. */
  PostureReport check();

  static Builder builder() {
    return new Builder();
  }

  /** Configures a check. Services without a client are not checked (and the report has none of them). */
  final class Builder {
    RdsClient rds;
    DynamoDbClient dynamoDb;
    S3Client s3;
    BackupClient backup;
    final List<RdsClient> copyRegions = new ArrayList<>();
    Clock clock = Clock.systemUTC();
    Duration maxBackupAge = Duration.ofHours(24);
    String account = "";
    String region = "";

    private Builder() {}

    public Builder rds(RdsClient rds) {
      this.rds = Objects.requireNonNull(rds, "rds");
      return this;
    }

    public Builder dynamoDb(DynamoDbClient dynamoDb) {
      this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
      return this;
    }

    public Builder s3(S3Client s3) {
      this.s3 = Objects.requireNonNull(s3, "s3");
      return this;
    }

    /** AWS Backup, for recovery points and the vaults they live in. */
    public Builder backup(BackupClient backup) {
      this.backup = Objects.requireNonNull(backup, "backup");
      return this;
    }

    /** An RDS client in another region where snapshot copies are kept (disaster recovery). */
    public Builder copyRegion(RdsClient rdsInOtherRegion) {
      copyRegions.add(Objects.requireNonNull(rdsInOtherRegion, "rdsInOtherRegion"));
      return this;
    }

    /** The clock ages are measured on; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How old the newest independent backup may be before it is stale; default 24 hours. */
    public Builder maxBackupAge(Duration maxBackupAge) {
      Objects.requireNonNull(maxBackupAge, "maxBackupAge");
      if (maxBackupAge.isNegative() || maxBackupAge.isZero()) {
        throw new IllegalArgumentException("maxBackupAge must be positive, was " + maxBackupAge);
      }
      this.maxBackupAge = maxBackupAge;
      return this;
    }

    /** The account id and region, as labels for the report (and to tell a copy elsewhere from one here). */
    public Builder location(String account, String region) {
      this.account = Objects.requireNonNull(account, "account");
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    public BackupPosture build() {
      if (rds == null && dynamoDb == null && s3 == null) {
        throw new IllegalStateException("BackupPosture needs at least one of the rds, dynamoDb or s3 clients");
      }
      return new SdkBackupPosture(rds, dynamoDb, s3, backup, List.copyOf(copyRegions), clock, maxBackupAge, account, region);
    }
  }
}
