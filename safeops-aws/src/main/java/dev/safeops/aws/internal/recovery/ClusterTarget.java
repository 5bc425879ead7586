package dev.safeops.aws.internal.recovery;

import dev.safeops.aws.recovery.RestoredCopy;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.GuardedAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterAutomatedBackup;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.waiters.RdsWaiter;

/**
 * The drill of an Aurora cluster: the copy is a cluster restored from the backup plus one
 * writer instance (a restored cluster has none, and cannot be queried without one), both
 * named {@code drill-SOURCE-YYYYMMDD} (instances and clusters have separate namespaces).
 */
final class ClusterTarget extends DrillTarget {
  static final String TYPE = "aws_rds_cluster";
  static final String INSTANCE_TYPE = "aws_rds_cluster_instance";
  /** A writer class every Aurora engine accepts, when the consumer names none. */
  static final String DEFAULT_WRITER_CLASS = "db.r6g.large";

  private final String writerClass;

  ClusterTarget(RdsClient rds, DrillNaming naming, String source, RdsWaiter waiter, Optional<String> instanceClass,
      Optional<String> subnetGroup, boolean independentOnly) {
    super(rds, naming, source, waiter, subnetGroup, independentOnly);
    this.writerClass = instanceClass.orElse(DEFAULT_WRITER_CLASS);
  }

  @Override
  String type() {
    return TYPE;
  }

  @Override
  List<Listed> listed() {
    return rds.describeDBClustersPaginator().dbClusters().stream()
        .map(c -> new Listed(c.dbClusterIdentifier(), c.dbClusterArn())).toList();
  }

  @Override
  SourceNow sourceNow() {
    Optional<DBCluster> live = find(source);
    return new SourceNow(live.isPresent(), live.filter(c -> c.backupRetentionPeriod() != null
            && c.backupRetentionPeriod() > 0 && c.latestRestorableTime() != null)
        .map(c -> Backup.pointInTime(c.dbClusterIdentifier(), null, c.latestRestorableTime(), c.engine())));
  }

  @Override
  List<Backup> retainedPointsInTime() {
    List<Backup> out = new ArrayList<>();
    for (DBClusterAutomatedBackup ab : rds.describeDBClusterAutomatedBackupsPaginator(r -> r.dbClusterIdentifier(source))
        .dbClusterAutomatedBackups()) {
      if ("retained".equals(ab.status()) && ab.restoreWindow() != null && ab.restoreWindow().latestTime() != null) {
        out.add(Backup.pointInTime(null, ab.dbClusterResourceId(), ab.restoreWindow().latestTime(), ab.engine()));
      }
    }
    return out;
  }

  @Override
  List<SnapshotOf> snapshots() {
    return rds.describeDBClusterSnapshotsPaginator(r -> r.dbClusterIdentifier(source)).dbClusterSnapshots().stream()
        .map(s -> new SnapshotOf(Backup.snapshot(s.dbClusterSnapshotIdentifier(), s.snapshotCreateTime(), s.engine()),
            "automated".equals(s.snapshotType()), "available".equals(s.status())))
        .toList();
  }

  @Override
  boolean exists(String copy) {
    return find(copy).isPresent() || findInstance(copy).isPresent();
  }

  @Override
  List<Step<?>> restore(String copy, Backup from, Map<String, String> tags) {
    if (from.engine() == null) {
      throw new IllegalStateException("the backup " + from.label() + " does not say its engine; a cluster cannot be restored without it");
    }
    String operation = from.snapshot() != null ? "rds:RestoreDBClusterFromSnapshot" : "rds:RestoreDBClusterToPointInTime";
    GuardedAction<DBCluster> cluster = GuardedAction.of(scope, () -> {
      if (find(copy).isPresent()) {
        throw new IllegalStateException("cluster " + copy + " already exists; the drill restores only to a new cluster");
      }
      Map<String, Object> after = new LinkedHashMap<>();
      after.put("identifier", copy);
      after.put("tags", tags);
      after.put("engine", from.engine());
      after.put("deletion_protection", false);
      after.putAll(from.planAttributes("source_cluster_identifier", "source_cluster_resource_id"));
      subnetGroup.ifPresent(g -> after.put("db_subnet_group_name", g));
      return plan("restore drill cluster " + copy + " from " + from.label(), change(TYPE, copy, ChangeAction.CREATE, Map.of(), after));
    }, approved -> {
      String id = only(approved, ChangeAction.CREATE).address();
      if (from.snapshot() != null) {
        return rds.restoreDBClusterFromSnapshot(r -> {
          r.dbClusterIdentifier(id).snapshotIdentifier(from.snapshot()).engine(from.engine()).tags(sdkTags(tags)).deletionProtection(false);
          subnetGroup.ifPresent(r::dbSubnetGroupName);
        }).dbCluster();
      }
      return rds.restoreDBClusterToPointInTime(r -> {
        r.dbClusterIdentifier(id).restoreToTime(from.pointInTime()).tags(sdkTags(tags)).deletionProtection(false);
        if (from.sourceIdentifier() != null) {
          r.sourceDBClusterIdentifier(from.sourceIdentifier());
        } else {
          r.sourceDbClusterResourceId(from.automatedBackup());
        }
        subnetGroup.ifPresent(r::dbSubnetGroupName);
      }).dbCluster();
    });
    GuardedAction<DBInstance> writer = GuardedAction.of(scope, () -> {
      if (findInstance(copy).isPresent()) {
        throw new IllegalStateException("instance " + copy + " already exists; the drill adds only a new writer");
      }
      Map<String, Object> after = new LinkedHashMap<>();
      after.put("identifier", copy);
      after.put("cluster_identifier", copy);
      after.put("tags", tags);
      after.put("engine", from.engine());
      after.put("instance_class", writerClass);
      after.put("publicly_accessible", false);
      return plan("add writer " + copy + " to drill cluster " + copy, change(INSTANCE_TYPE, copy, ChangeAction.CREATE, Map.of(), after));
    }, approved -> {
      var c = only(approved, ChangeAction.CREATE);
      return rds.createDBInstance(r -> r.dbInstanceIdentifier(c.address()).dbClusterIdentifier((String) c.after().get("cluster_identifier"))
          .engine(from.engine()).dbInstanceClass(writerClass).tags(sdkTags(tags)).publiclyAccessible(false)).dbInstance();
    });
    return List.of(
        Step.of(operation, "restore drill of " + source + " from " + from.label(), cluster),
        Step.of("rds:CreateDBInstance", "add a writer to drill cluster " + copy, writer));
  }

  @Override
  RestoredCopy awaitAvailable(String copy, Backup from) {
    var w = waiter.waitUntilDBInstanceAvailable(r -> r.dbInstanceIdentifier(copy));
    if (w.matched().response().isEmpty()) {
      throw new IllegalStateException(w.matched().exception().map(Throwable::getMessage).orElse("the waiter matched no response"));
    }
    DBCluster c = find(copy).orElseThrow(() -> new IllegalStateException("drill cluster " + copy + " disappeared"));
    return new RestoredCopy(copy, c.dbClusterArn(), c.endpoint() == null ? "" : c.endpoint(), c.port() == null ? 0 : c.port(),
        c.engine() == null ? "" : c.engine(), naming.drillSource(), from.label());
  }

  @Override
  Step<Void> stop(String copy) {
    return Step.of("rds:StopDBCluster", "stop drill cluster " + copy, GuardedAction.of(scope, () -> {
      Live live = live(copy);
      Map<String, Object> after = live.attributes();
      after.put("status", "stopped");
      return plan("stop drill cluster " + copy, change(TYPE, copy, ChangeAction.UPDATE, live.attributes(), after));
    }, approved -> {
      String id = only(approved, ChangeAction.UPDATE).address();
      rds.stopDBCluster(r -> r.dbClusterIdentifier(id));
      return null;
    }));
  }

  @Override
  Step<Void> delete(String copy) {
    return Step.of("rds:DeleteDBCluster", "delete drill cluster " + copy + " and its instances", GuardedAction.<Void>of(scope, () -> {
      DBCluster c = find(copy).orElseThrow(() -> new IllegalStateException("no DB cluster " + copy + " exists"));
      Map<String, Object> before = live(copy).attributes();
      List<Map<String, Object>> members = new ArrayList<>();
      for (DBClusterMember m : c.dbClusterMembers()) {
        DBInstance db = findInstance(m.dbInstanceIdentifier())
            .orElseThrow(() -> new IllegalStateException("member " + m.dbInstanceIdentifier() + " of " + copy + " cannot be read"));
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("identifier", db.dbInstanceIdentifier());
        member.put("arn", db.dbInstanceArn());
        member.put("tags", tagsOf(db.dbInstanceArn()));
        members.add(member);
      }
      before.put("members", members);
      before.put("skip_final_snapshot", true);
      return plan("delete drill cluster " + copy, change(TYPE, copy, ChangeAction.DELETE, before, Map.of()));
    }, approved -> {
      var change = only(approved, ChangeAction.DELETE);
      // RDS refuses to delete a cluster that still has instances that are not being deleted.
      for (Object m : (List<?>) change.before().get("members")) {
        String member = (String) ((Map<?, ?>) m).get("identifier");
        rds.deleteDBInstance(r -> r.dbInstanceIdentifier(member));
      }
      rds.deleteDBCluster(r -> r.dbClusterIdentifier(change.address()).skipFinalSnapshot(true));
      return null;
    }), "rds:DeleteDBInstance");
  }

  @Override
  Live live(String identifier) {
    DBCluster c = find(identifier).orElseThrow(() -> new IllegalStateException("no DB cluster " + identifier + " exists"));
    return new Live(c.dbClusterIdentifier(), c.dbClusterArn(), Boolean.TRUE.equals(c.deletionProtection()), tagsOf(c.dbClusterArn()));
  }

  private Optional<DBCluster> find(String identifier) {
    try {
      return rds.describeDBClusters(r -> r.dbClusterIdentifier(identifier)).dbClusters().stream().findFirst();
    } catch (DbClusterNotFoundException e) {
      return Optional.empty();
    }
  }

  private Optional<DBInstance> findInstance(String identifier) {
    try {
      return rds.describeDBInstances(r -> r.dbInstanceIdentifier(identifier)).dbInstances().stream().findFirst();
    } catch (DbInstanceNotFoundException e) {
      return Optional.empty();
    }
  }
}
