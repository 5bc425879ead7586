package dev.safeops.aws.internal;

import dev.safeops.aws.BackupLookup;
import dev.safeops.core.ResourceChange;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.rds.RdsClient;

/** {@link BackupLookup} through the SDK: reads only. */
public final class SdkBackupLookup implements BackupLookup {
  private final RdsClient rds;
  private final DynamoDbClient dynamoDb;
  private final BackupClient backup;

  public SdkBackupLookup(RdsClient rds, DynamoDbClient dynamoDb, BackupClient backup) {
    this.rds = rds;
    this.dynamoDb = dynamoDb;
    this.backup = backup;
  }

  @Override
  public List<Backup> backups(ResourceChange change) {
    List<Backup> out = new ArrayList<>();
    String arn = string(change, "arn");
    switch (change.type()) {
      case "aws_db_instance" -> {
        String id = identifier(change, "identifier");
        need(rds, "RDS", change);
        rds.describeDBSnapshots(r -> r.dbInstanceIdentifier(id).snapshotType("manual")).dbSnapshots().stream()
            .filter(s -> s.snapshotCreateTime() != null && "available".equals(s.status()))
            .forEach(s -> out.add(new Backup(s.dbSnapshotIdentifier(), "manual DB snapshot", s.snapshotCreateTime())));
        if (arn == null && backup != null) {
          arn = rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0).dbInstanceArn();
        }
      }
      case "aws_rds_cluster" -> {
        String id = identifier(change, "cluster_identifier");
        need(rds, "RDS", change);
        rds.describeDBClusterSnapshots(r -> r.dbClusterIdentifier(id).snapshotType("manual")).dbClusterSnapshots()
            .stream().filter(s -> s.snapshotCreateTime() != null && "available".equals(s.status()))
            .forEach(s -> out.add(new Backup(s.dbClusterSnapshotIdentifier(), "manual DB cluster snapshot",
                s.snapshotCreateTime())));
      }
      case "aws_dynamodb_table" -> {
        String name = identifier(change, "name");
        need(dynamoDb, "DynamoDB", change);
        dynamoDb.listBackups(r -> r.tableName(name).backupType(BackupTypeFilter.USER)).backupSummaries().stream()
            .filter(b -> b.backupCreationDateTime() != null && "AVAILABLE".equals(b.backupStatusAsString()))
            .forEach(b -> out.add(new Backup(b.backupArn(), "on-demand DynamoDB backup", b.backupCreationDateTime())));
      }
      default -> throw new IllegalArgumentException("no backup lookup for resource type " + change.type());
    }
    if (backup != null && arn != null) {
      String resourceArn = arn;
      backup.listRecoveryPointsByResource(r -> r.resourceArn(resourceArn)).recoveryPoints().stream()
          .filter(p -> p.creationDate() != null && "COMPLETED".equals(p.statusAsString()))
          .forEach(p -> out.add(new Backup(p.recoveryPointArn(), "AWS Backup recovery point", p.creationDate())));
    }
    return out;
  }

  private static void need(Object client, String name, ResourceChange change) {
    if (client == null) {
      throw new IllegalStateException("no " + name + " client to look up the backups of " + change.address());
    }
  }

  private static String identifier(ResourceChange c, String attribute) {
    String v = string(c, attribute);
    if (v == null) {
      v = string(c, "id");
    }
    if (v == null) {
      int dot = c.address().lastIndexOf('.');
      v = c.address().substring(dot + 1);
    }
    return v;
  }

  private static String string(ResourceChange c, String attribute) {
    Object v = c.before().get(attribute);
    return v instanceof String s && !s.isBlank() ? s : null;
  }
}
