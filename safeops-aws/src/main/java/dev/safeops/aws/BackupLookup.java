package dev.safeops.aws;

import dev.safeops.aws.internal.SdkBackupLookup;
import dev.safeops.core.ResourceChange;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Finds the backups of a data store that survive its deletion: manual RDS snapshots,
 * DynamoDB on-demand backups and AWS Backup recovery points (never automated snapshots,
 * which can go with the store). Implementations read only, and throw when they cannot
 * tell, so the rule that asks fails closed.
 */
public interface BackupLookup {

  /** The independent backups of the store {@code change} describes (by identifier, name or ARN), any order. */
  List<Backup> backups(ResourceChange change);

  /**
   * One backup.
   *
   * @param id snapshot identifier, backup ARN or recovery point ARN
   * @param kind for people, e.g. {@code manual DB snapshot}, {@code AWS Backup recovery point}
   * @param created when it was taken
   */
  record Backup(String id, String kind, Instant created) {
    public Backup {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(created, "created");
    }
  }

  /**
   * Looks up through the SDK. {@code rds} covers {@code aws_db_instance} and {@code
   * aws_rds_cluster}; {@code dynamoDb} covers {@code aws_dynamodb_table}; {@code backup}
   * (may be null when AWS Backup is not used) adds recovery points for any of them. A store
   * whose client was not given makes the lookup throw.
   */
  static BackupLookup sdk(RdsClient rds, DynamoDbClient dynamoDb, BackupClient backup) {
    return new SdkBackupLookup(rds, dynamoDb, backup);
  }
}
