package dev.safeops.aws.recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the posture check learned about one data store, as facts rather than verdicts (the
 * verdicts are the report's findings). Immutable.
 *
 * @param type Terraform's name for the resource type: {@code aws_db_instance}, {@code
 *     aws_rds_cluster}, {@code aws_dynamodb_table} or {@code aws_s3_bucket}
 * @param identifier the name AWS knows it by (DB identifier, table or bucket name)
 * @param arn its ARN
 * @param deletionProtection whether a delete call is refused by AWS itself (S3: MFA delete)
 * @param backupsDieWithResource whether every backup AWS keeps for it automatically goes
 *     when it is deleted (RDS automated backups not replicated; DynamoDB continuous backups;
 *     S3 object versions)
 * @param newestIndependentBackup when the newest backup that survives the resource's deletion
 *     was taken (a manual snapshot, an on-demand backup or an AWS Backup recovery point)
 * @param offsiteCopy whether a copy exists in another vault, region or account
 * @param pointInTimeRecovery whether it can be restored to a point in time (RDS: automated
 *     backups retained; DynamoDB: PITR; S3: versioning)
 */
public record ResourcePosture(
    String type,
    String identifier,
    String arn,
    boolean deletionProtection,
    boolean backupsDieWithResource,
    Optional<Instant> newestIndependentBackup,
    boolean offsiteCopy,
    boolean pointInTimeRecovery) {

  public ResourcePosture {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(newestIndependentBackup, "newestIndependentBackup");
  }

  /** True when a backup that survives deletion was taken no longer than {@code maxAge} before {@code now}. */
  public boolean hasIndependentBackupWithin(Duration maxAge, Instant now) {
    return newestIndependentBackup.map(t -> !t.isBefore(now.minus(maxAge))).orElse(false);
  }
}
