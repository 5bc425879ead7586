package dev.safeops.aws.internal.recovery;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The drill's mutating steps as guarded actions. Each dry run reads the live instance and its
 * tags, so the rules judge what is there, not what the drill believes; each execution takes
 * the identifier from the approved plan, so it changes exactly what was approved.
 */
final class DrillActions {
  static final String TYPE = "aws_db_instance";

  private final RdsClient rds;
  private final String scope;

  DrillActions(RdsClient rds, String scope) {
    this.rds = rds;
    this.scope = scope;
  }

  /** Where a copy is restored from: a snapshot, or an automated backup at a point in time. */
  record Backup(String snapshot, String automatedBackupArn, String sourceInstance, Instant pointInTime, Instant takenAt) {
    static Backup snapshot(String id, Instant takenAt) {
      return new Backup(id, null, null, null, takenAt);
    }

    static Backup pointInTime(String sourceInstance, String automatedBackupArn, Instant at) {
      return new Backup(null, automatedBackupArn, sourceInstance, at, at);
    }

    String label() {
      return snapshot != null ? snapshot : "automated backup at " + pointInTime;
    }
  }

  GuardedAction<DBInstance> restore(String copy, Backup from, Map<String, String> tags, Optional<String> instanceClass,
      Optional<String> subnetGroup) {
    return GuardedAction.of(scope, () -> {
      if (find(copy).isPresent()) {
        throw new IllegalStateException(copy + " already exists; the drill restores only to a new instance");
      }
      Map<String, Object> after = new LinkedHashMap<>();
      after.put("identifier", copy);
      after.put("tags", tags);
      after.put("deletion_protection", false);
      after.put("publicly_accessible", false);
      if (from.snapshot() != null) {
        after.put("snapshot_identifier", from.snapshot());
      } else {
        Map<String, Object> pitr = new LinkedHashMap<>();
        pitr.put("restore_time", from.pointInTime().toString());
        if (from.sourceInstance() != null) {
          pitr.put("source_db_instance_identifier", from.sourceInstance());
        } else {
          pitr.put("source_db_instance_automated_backups_arn", from.automatedBackupArn());
        }
        after.put("restore_to_point_in_time", List.of(pitr));
      }
      instanceClass.ifPresent(c -> after.put("instance_class", c));
      subnetGroup.ifPresent(g -> after.put("db_subnet_group_name", g));
      return plan("restore drill copy " + copy + " from " + from.label(),
          change(copy, ChangeAction.CREATE, Map.of(), after));
    }, approved -> {
      String id = only(approved, ChangeAction.CREATE);
      List<Tag> sdkTags = tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
      if (from.snapshot() != null) {
        return rds.restoreDBInstanceFromDBSnapshot(r -> {
          r.dbInstanceIdentifier(id).dbSnapshotIdentifier(from.snapshot()).tags(sdkTags)
              .deletionProtection(false).publiclyAccessible(false);
          instanceClass.ifPresent(r::dbInstanceClass);
          subnetGroup.ifPresent(r::dbSubnetGroupName);
        }).dbInstance();
      }
      return rds.restoreDBInstanceToPointInTime(r -> {
        r.targetDBInstanceIdentifier(id).restoreTime(from.pointInTime()).tags(sdkTags)
            .deletionProtection(false).publiclyAccessible(false);
        if (from.sourceInstance() != null) {
          r.sourceDBInstanceIdentifier(from.sourceInstance());
        } else {
          r.sourceDBInstanceAutomatedBackupsArn(from.automatedBackupArn());
        }
        instanceClass.ifPresent(r::dbInstanceClass);
        subnetGroup.ifPresent(r::dbSubnetGroupName);
      }).dbInstance();
    });
  }

  GuardedAction<Void> tagStatus(String copy, String status) {
    return GuardedAction.of(scope, () -> {
      Live live = live(copy);
      Map<String, String> tags = new TreeMap<>(live.tags());
      tags.put(DrillNaming.TAG_STATUS, status);
      return plan("mark drill copy " + copy + " " + status,
          change(copy, ChangeAction.UPDATE, live.attributes(), live.attributes(tags)));
    }, approved -> {
      String id = only(approved, ChangeAction.UPDATE);
      String arn = (String) approved.changes().get(0).before().get("arn");
      rds.addTagsToResource(r -> r.resourceName(arn).tags(Tag.builder().key(DrillNaming.TAG_STATUS).value(status).build()));
      return null;
    });
  }

  GuardedAction<Void> stop(String copy) {
    return GuardedAction.of(scope, () -> {
      Live live = live(copy);
      Map<String, Object> after = live.attributes(live.tags());
      after.put("status", "stopped");
      return plan("stop drill copy " + copy, change(copy, ChangeAction.UPDATE, live.attributes(), after));
    }, approved -> {
      String id = only(approved, ChangeAction.UPDATE);
      rds.stopDBInstance(r -> r.dbInstanceIdentifier(id));
      return null;
    });
  }

  GuardedAction<Void> delete(String copy) {
    return GuardedAction.of(scope, () -> {
      Live live = live(copy);
      Map<String, Object> before = live.attributes();
      before.put("skip_final_snapshot", true);
      before.put("delete_automated_backups", true);
      return plan("delete drill copy " + copy, change(copy, ChangeAction.DELETE, before, Map.of()));
    }, approved -> {
      String id = only(approved, ChangeAction.DELETE);
      rds.deleteDBInstance(r -> r.dbInstanceIdentifier(id).skipFinalSnapshot(true).deleteAutomatedBackups(true));
      return null;
    });
  }

  Optional<DBInstance> find(String identifier) {
    try {
      return rds.describeDBInstances(r -> r.dbInstanceIdentifier(identifier)).dbInstances().stream().findFirst();
    } catch (DbInstanceNotFoundException e) {
      return Optional.empty();
    }
  }

  Map<String, String> tagsOf(String arn) {
    Map<String, String> tags = new TreeMap<>();
    for (Tag t : rds.listTagsForResource(r -> r.resourceName(arn)).tagList()) {
      tags.put(t.key(), t.value());
    }
    return tags;
  }

  private Live live(String identifier) {
    DBInstance db = find(identifier)
        .orElseThrow(() -> new IllegalStateException("no DB instance " + identifier + " exists"));
    return new Live(db.dbInstanceIdentifier(), db.dbInstanceArn(), Boolean.TRUE.equals(db.deletionProtection()), tagsOf(db.dbInstanceArn()));
  }

  /** The live facts the plans carry: identifier, ARN (what the SDK calls name) and tags. */
  private record Live(String identifier, String arn, boolean deletionProtection, Map<String, String> tags) {
    Map<String, Object> attributes() {
      return attributes(tags);
    }

    Map<String, Object> attributes(Map<String, String> withTags) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("identifier", identifier);
      m.put("arn", arn);
      m.put("deletion_protection", deletionProtection);
      m.put("tags", withTags);
      return m;
    }
  }

  private static ResourceChange change(String identifier, ChangeAction action, Map<String, ?> before, Map<String, ?> after) {
    // The address is the DB identifier itself, so the SDK guard can match the call's target to the plan.
    return ResourceChange.builder().address(identifier).type(TYPE).provider("aws").action(action)
        .before(before).after(after).build();
  }

  private static Plan plan(String source, ResourceChange change) {
    return Plan.builder().change(change).source(source).build();
  }

  private static String only(Plan approved, ChangeAction expected) {
    if (approved.changes().size() != 1 || approved.changes().get(0).action() != expected) {
      throw new IllegalStateException("the approved plan must hold exactly one " + expected + ", it holds " + approved.changes());
    }
    return approved.changes().get(0).address();
  }
}
