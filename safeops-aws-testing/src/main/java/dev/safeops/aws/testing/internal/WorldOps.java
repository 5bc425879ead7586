package dev.safeops.aws.testing.internal;

import dev.safeops.aws.testing.internal.World.AutomatedBackup;
import dev.safeops.aws.testing.internal.World.DbInstance;
import dev.safeops.aws.testing.internal.World.DbSnapshot;
import java.time.Instant;

/** The naming rules the handlers use, shared with seeding and inspection so both agree. */
public final class WorldOps {
  private WorldOps() {}

  public static String dbInstanceArn(World w, String id) {
    return RdsHandler.instanceArn(w, id);
  }

  public static String automatedBackupArn(World w, AutomatedBackup b) {
    return RdsHandler.backupArn(w, b);
  }

  public static AutomatedBackup newAutomatedBackup(World w, DbInstance db) {
    return RdsHandler.newAutomatedBackup(w, db);
  }

  public static DbSnapshot snapshotOf(World w, DbInstance db, String id, String type, Instant at) {
    return RdsHandler.snapshotOf(w, db, id, type, at);
  }

  public static String automatedSnapshotId(String instanceId, Instant at) {
    return RdsHandler.automatedSnapshotId(instanceId, at);
  }

  public static String ecsClusterArn(World w, String name) {
    return EcsHandler.clusterArn(w, name);
  }

  public static String backupVaultArn(World w, String name) {
    return BackupHandler.vaultArn(w, name);
  }
}
