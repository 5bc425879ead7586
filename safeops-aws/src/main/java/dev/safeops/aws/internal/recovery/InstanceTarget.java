package dev.safeops.aws.internal.recovery;

import dev.safeops.aws.recovery.RestoredCopy;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.GuardedAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBInstanceAutomatedBackup;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.waiters.RdsWaiter;

/** The drill of a single RDS instance. */
final class InstanceTarget extends DrillTarget {
  static final String TYPE = "aws_db_instance";

  private final Optional<String> instanceClass;

  InstanceTarget(RdsClient rds, DrillNaming naming, String source, RdsWaiter waiter, Optional<String> instanceClass,
      Optional<String> subnetGroup, boolean independentOnly) {
    super(rds, naming, source, waiter, subnetGroup, independentOnly);
    this.instanceClass = instanceClass;
  }

  @Override
  String type() {
    return TYPE;
  }

  @Override
  List<Listed> listed() {
    return rds.describeDBInstancesPaginator().dbInstances().stream()
        .map(db -> new Listed(db.dbInstanceIdentifier(), db.dbInstanceArn())).toList();
  }

  @Override
  SourceNow sourceNow() {
    Optional<DBInstance> live = find(source);
    return new SourceNow(live.isPresent(), live.filter(db -> db.backupRetentionPeriod() != null
            && db.backupRetentionPeriod() > 0 && db.latestRestorableTime() != null)
        .map(db -> Backup.pointInTime(db.dbInstanceIdentifier(), null, db.latestRestorableTime(), db.engine())));
  }

  @Override
  List<Backup> retainedPointsInTime() {
    List<Backup> out = new ArrayList<>();
    for (DBInstanceAutomatedBackup ab : rds.describeDBInstanceAutomatedBackupsPaginator(r -> r.dbInstanceIdentifier(source))
        .dbInstanceAutomatedBackups()) {
      if ("retained".equals(ab.status()) && ab.restoreWindow() != null && ab.restoreWindow().latestTime() != null) {
        out.add(Backup.pointInTime(null, ab.dbInstanceAutomatedBackupsArn(), ab.restoreWindow().latestTime(), ab.engine()));
      }
    }
    return out;
  }

  @Override
  List<SnapshotOf> snapshots() {
    return rds.describeDBSnapshotsPaginator(r -> r.dbInstanceIdentifier(source)).dbSnapshots().stream()
        .map(s -> new SnapshotOf(Backup.snapshot(s.dbSnapshotIdentifier(), s.snapshotCreateTime(), s.engine()),
            "automated".equals(s.snapshotType()), "available".equals(s.status())))
        .toList();
  }

  @Override
  boolean exists(String copy) {
    return find(copy).isPresent();
  }

  @Override
  List<Step<?>> restore(String copy, Backup from, Map<String, String> tags) {
    String operation = from.snapshot() != null ? "rds:RestoreDBInstanceFromDBSnapshot" : "rds:RestoreDBInstanceToPointInTime";
    GuardedAction<DBInstance> action = GuardedAction.of(scope, () -> {
      if (exists(copy)) {
        throw new IllegalStateException(copy + " already exists; the drill restores only to a new instance");
      }
      Map<String, Object> after = new LinkedHashMap<>();
      after.put("identifier", copy);
      after.put("tags", tags);
      after.put("deletion_protection", false);
      after.put("publicly_accessible", false);
      after.putAll(from.planAttributes("source_db_instance_identifier", "source_db_instance_automated_backups_arn"));
      instanceClass.ifPresent(c -> after.put("instance_class", c));
      subnetGroup.ifPresent(g -> after.put("db_subnet_group_name", g));
      return plan("restore drill copy " + copy + " from " + from.label(), change(TYPE, copy, ChangeAction.CREATE, Map.of(), after));
    }, approved -> {
      String id = only(approved, ChangeAction.CREATE).address();
      if (from.snapshot() != null) {
        return rds.restoreDBInstanceFromDBSnapshot(r -> {
          r.dbInstanceIdentifier(id).dbSnapshotIdentifier(from.snapshot()).tags(sdkTags(tags))
              .deletionProtection(false).publiclyAccessible(false);
          instanceClass.ifPresent(r::dbInstanceClass);
          subnetGroup.ifPresent(r::dbSubnetGroupName);
        }).dbInstance();
      }
      return rds.restoreDBInstanceToPointInTime(r -> {
        r.targetDBInstanceIdentifier(id).restoreTime(from.pointInTime()).tags(sdkTags(tags))
            .deletionProtection(false).publiclyAccessible(false);
        if (from.sourceIdentifier() != null) {
          r.sourceDBInstanceIdentifier(from.sourceIdentifier());
        } else {
          r.sourceDBInstanceAutomatedBackupsArn(from.automatedBackup());
        }
        instanceClass.ifPresent(r::dbInstanceClass);
        subnetGroup.ifPresent(r::dbSubnetGroupName);
      }).dbInstance();
    });
    return List.of(Step.of(operation, "restore drill of " + source + " from " + from.label(), action));
  }

  @Override
  RestoredCopy awaitAvailable(String copy, Backup from) {
    WaiterResponse<DescribeDbInstancesResponse> w = waiter.waitUntilDBInstanceAvailable(r -> r.dbInstanceIdentifier(copy));
    DBInstance db = w.matched().response()
        .orElseThrow(() -> new IllegalStateException(w.matched().exception().map(Throwable::getMessage).orElse("the waiter matched no response")))
        .dbInstances().get(0);
    return new RestoredCopy(copy, db.dbInstanceArn(),
        db.endpoint() == null || db.endpoint().address() == null ? "" : db.endpoint().address(),
        db.endpoint() == null || db.endpoint().port() == null ? 0 : db.endpoint().port(),
        db.engine() == null ? "" : db.engine(), naming.drillSource(), from.label());
  }

  @Override
  Step<Void> stop(String copy) {
    return Step.of("rds:StopDBInstance", "stop drill copy " + copy, GuardedAction.of(scope, () -> {
      Live live = live(copy);
      Map<String, Object> after = live.attributes();
      after.put("status", "stopped");
      return plan("stop drill copy " + copy, change(TYPE, copy, ChangeAction.UPDATE, live.attributes(), after));
    }, approved -> {
      String id = only(approved, ChangeAction.UPDATE).address();
      rds.stopDBInstance(r -> r.dbInstanceIdentifier(id));
      return null;
    }));
  }

  @Override
  Step<Void> delete(String copy) {
    return Step.of("rds:DeleteDBInstance", "delete drill copy " + copy, GuardedAction.of(scope, () -> {
      Map<String, Object> before = live(copy).attributes();
      before.put("skip_final_snapshot", true);
      before.put("delete_automated_backups", true);
      return plan("delete drill copy " + copy, change(TYPE, copy, ChangeAction.DELETE, before, Map.of()));
    }, approved -> {
      String id = only(approved, ChangeAction.DELETE).address();
      rds.deleteDBInstance(r -> r.dbInstanceIdentifier(id).skipFinalSnapshot(true).deleteAutomatedBackups(true));
      return null;
    }));
  }

  @Override
  Live live(String identifier) {
    DBInstance db = find(identifier).orElseThrow(() -> new IllegalStateException("no DB instance " + identifier + " exists"));
    return new Live(db.dbInstanceIdentifier(), db.dbInstanceArn(), Boolean.TRUE.equals(db.deletionProtection()), tagsOf(db.dbInstanceArn()));
  }

  private Optional<DBInstance> find(String identifier) {
    try {
      return rds.describeDBInstances(r -> r.dbInstanceIdentifier(identifier)).dbInstances().stream().findFirst();
    } catch (DbInstanceNotFoundException e) {
      return Optional.empty();
    }
  }
}
