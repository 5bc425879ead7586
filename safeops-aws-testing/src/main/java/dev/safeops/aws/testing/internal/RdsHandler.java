package dev.safeops.aws.testing.internal;

import dev.safeops.aws.testing.internal.World.AutomatedBackup;
import dev.safeops.aws.testing.internal.World.DbCluster;
import dev.safeops.aws.testing.internal.World.DbClusterSnapshot;
import dev.safeops.aws.testing.internal.World.DbInstance;
import dev.safeops.aws.testing.internal.World.DbSnapshot;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * RDS over the query protocol: instances, clusters, their snapshots and automated backups,
 * restores and tags, with AWS's error codes for the refusals that matter (deletion protection,
 * missing final snapshot identifier, deleting an active automated backup).
 */
final class RdsHandler extends QueryHandler {
  private static final DateTimeFormatter AUTO_SNAPSHOT_SUFFIX =
      DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm").withZone(ZoneOffset.UTC);

  @Override
  public String signingName() {
    return "rds";
  }

  @Override
  String namespace() {
    return "http://rds.amazonaws.com/doc/2014-10-31/";
  }

  @Override
  public WireResponse handle(Call call) {
    return switch (call.operation) {
      case "DescribeDBInstances" -> describeInstances(call);
      case "DeleteDBInstance" -> deleteInstance(call);
      case "ModifyDBInstance" -> modifyInstance(call);
      case "StopDBInstance" -> stopInstance(call);
      case "RestoreDBInstanceFromDBSnapshot" -> restoreFromSnapshot(call);
      case "RestoreDBInstanceToPointInTime" -> restoreToPointInTime(call);
      case "DescribeDBSnapshots" -> describeSnapshots(call, INSTANCE_SNAPSHOTS);
      case "DeleteDBSnapshot" -> deleteSnapshot(call, INSTANCE_SNAPSHOTS);
      case "DescribeDBInstanceAutomatedBackups" -> describeAutomatedBackups(call);
      case "DeleteDBInstanceAutomatedBackup" -> deleteAutomatedBackup(call);
      case "DescribeDBClusters" -> describeClusters(call);
      case "DeleteDBCluster" -> deleteCluster(call);
      case "DescribeDBClusterSnapshots" -> describeSnapshots(call, CLUSTER_SNAPSHOTS);
      case "DeleteDBClusterSnapshot" -> deleteSnapshot(call, CLUSTER_SNAPSHOTS);
      case "AddTagsToResource" -> addTags(call);
      case "ListTagsForResource" -> listTags(call);
      default -> throw invalidAction(call);
    };
  }

  // ---- instances ----

  private WireResponse describeInstances(Call call) {
    World w = call.world;
    String id = call.param("DBInstanceIdentifier");
    List<DbInstance> found = new ArrayList<>();
    if (id != null) {
      found.add(instance(w, id));
    } else {
      found.addAll(w.dbInstances.values());
    }
    found.removeIf(db -> !matchesFilters(call, attrs("db-instance-id", db.id, "engine", db.engine,
        "db-cluster-id", db.clusterId, "dbi-resource-id", db.resourceId)));
    for (DbInstance db : found) {
      if (db.status.equals("creating")) {
        if (db.pollsLeft > 0) {
          db.pollsLeft--;
        } else {
          db.status = "available";
        }
      }
    }
    return ok(call, x -> {
      x.start("DBInstances");
      found.forEach(db -> writeInstance(x.start("DBInstance"), w, db, db.status).end());
      x.end();
    });
  }

  private WireResponse deleteInstance(Call call) {
    World w = call.world;
    DbInstance db = instance(w, call.required("DBInstanceIdentifier"));
    if (db.deletionProtection) {
      throw new AwsError(400, "InvalidParameterCombination",
          "Cannot delete protected DB Instance, please disable deletion protection and try again.");
    }
    if (db.status.equals("deleting")) {
      throw new AwsError(400, "InvalidDBInstanceState", "Instance " + db.id + " is already being deleted.");
    }
    String finalId = finalSnapshotId(call);
    if (finalId != null) {
      if (w.dbSnapshots.containsKey(finalId)) {
        throw new AwsError(400, "DBSnapshotAlreadyExists",
            "Cannot create the snapshot because a snapshot with the identifier " + finalId + " already exists.");
      }
      DbSnapshot snap = snapshotOf(w, db, finalId, "manual", w.now());
      w.dbSnapshots.put(finalId, snap);
    }
    AutomatedBackup backup = w.automatedBackups.get(db.resourceId);
    if (call.flag("DeleteAutomatedBackups", true)) {
      removeAutomatedBackups(w, db.resourceId);
    } else if (backup != null) {
      backup.status = "retained";
      backup.latest = w.now();
    }
    w.dbInstances.remove(db.id);
    w.rdsTags.remove(instanceArn(w, db.id));
    call.mutated();
    return ok(call, x -> writeInstance(x.start("DBInstance"), w, db, "deleting").end());
  }

  private WireResponse modifyInstance(Call call) {
    World w = call.world;
    DbInstance db = instance(w, call.required("DBInstanceIdentifier"));
    if (call.param("DeletionProtection") != null) {
      boolean protect = call.flag("DeletionProtection", db.deletionProtection);
      if (protect != db.deletionProtection) {
        db.deletionProtection = protect;
        call.mutated();
      }
    }
    String retention = call.param("BackupRetentionPeriod");
    if (retention != null) {
      int days = parseInt("BackupRetentionPeriod", retention);
      if (days < 0 || days > 35) {
        throw new AwsError(400, "InvalidParameterValue",
            "Invalid backup retention period: " + days + ". It must be between 0 and 35.");
      }
      if (days != db.backupRetention) {
        call.mutated();
      }
      if (days == 0) {
        // Turning automated backups off deletes the existing ones, as on AWS.
        removeAutomatedBackups(w, db.resourceId);
      } else if (!w.automatedBackups.containsKey(db.resourceId)) {
        w.automatedBackups.put(db.resourceId, newAutomatedBackup(w, db));
      }
      db.backupRetention = days;
      AutomatedBackup backup = w.automatedBackups.get(db.resourceId);
      if (backup != null) {
        backup.retention = days;
      }
    }
    return ok(call, x -> writeInstance(x.start("DBInstance"), w, db, db.status).end());
  }

  private WireResponse stopInstance(Call call) {
    World w = call.world;
    DbInstance db = instance(w, call.required("DBInstanceIdentifier"));
    if (!db.status.equals("available")) {
      throw new AwsError(400, "InvalidDBInstanceState",
          "Instance " + db.id + " is not in available state (it is " + db.status + ").");
    }
    db.status = "stopped";
    call.mutated();
    return ok(call, x -> writeInstance(x.start("DBInstance"), w, db, "stopping").end());
  }

  private WireResponse restoreFromSnapshot(Call call) {
    World w = call.world;
    String target = call.required("DBInstanceIdentifier");
    String snapshotRef = call.required("DBSnapshotIdentifier");
    String snapshotId = snapshotRef.startsWith("arn:") ? snapshotRef.substring(snapshotRef.lastIndexOf(':') + 1) : snapshotRef;
    DbSnapshot snap = w.dbSnapshots.get(snapshotId);
    if (snap == null) {
      throw new AwsError(404, "DBSnapshotNotFound", "DBSnapshot " + snapshotRef + " not found.");
    }
    requireNewInstance(w, target);
    DbInstance db = restored(call, target, snap.engine, snap.engineVersion, snap.allocatedStorage, 1);
    return ok(call, x -> writeInstance(x.start("DBInstance"), w, db, db.status).end());
  }

  private WireResponse restoreToPointInTime(Call call) {
    World w = call.world;
    String target = call.required("TargetDBInstanceIdentifier");
    AutomatedBackup source = pointInTimeSource(call);
    Instant latest = source.status.equals("active") ? w.now() : source.latest;
    String restoreTime = call.param("RestoreTime");
    boolean useLatest = call.flag("UseLatestRestorableTime", false);
    if (restoreTime == null && !useLatest) {
      throw new AwsError(400, "InvalidParameterCombination",
          "Either RestoreTime or UseLatestRestorableTime must be specified.");
    }
    if (restoreTime != null) {
      Instant at = Instant.parse(restoreTime);
      if (at.isBefore(source.earliest) || at.isAfter(latest)) {
        throw new AwsError(400, "InvalidRestoreFault", "Restore time " + restoreTime
            + " is outside the restorable window " + Xml.iso(source.earliest) + " to " + Xml.iso(latest) + ".");
      }
    }
    requireNewInstance(w, target);
    DbInstance db = restored(call, target, source.engine, source.engineVersion, 20, source.retention);
    return ok(call, x -> writeInstance(x.start("DBInstance"), w, db, db.status).end());
  }

  private AutomatedBackup pointInTimeSource(Call call) {
    World w = call.world;
    String sourceId = call.param("SourceDBInstanceIdentifier");
    String resourceId = call.param("SourceDbiResourceId");
    String backupArn = call.param("SourceDBInstanceAutomatedBackupsArn");
    if (sourceId != null) {
      DbInstance db = instance(w, sourceId);
      AutomatedBackup backup = w.automatedBackups.get(db.resourceId);
      if (backup == null) {
        throw new AwsError(400, "PointInTimeRestoreNotEnabled",
            "Automated backups are not enabled for DB instance " + sourceId + ".");
      }
      return backup;
    }
    for (AutomatedBackup b : w.automatedBackups.values()) {
      if (b.resourceId.equals(resourceId) || backupArn(w, b).equals(backupArn)) {
        return b;
      }
    }
    if (resourceId == null && backupArn == null) {
      throw new AwsError(400, "InvalidParameterCombination",
          "One of SourceDBInstanceIdentifier, SourceDbiResourceId or SourceDBInstanceAutomatedBackupsArn is required.");
    }
    throw new AwsError(404, "DBInstanceAutomatedBackupNotFound",
        "Automated backup " + (resourceId != null ? resourceId : backupArn) + " not found.");
  }

  private DbInstance restored(Call call, String target, String engine, String version, int storage, int retention) {
    World w = call.world;
    DbInstance db = new DbInstance();
    db.id = target;
    db.engine = engine;
    db.engineVersion = version;
    db.allocatedStorage = storage;
    db.instanceClass = call.params.getOrDefault("DBInstanceClass", db.instanceClass);
    db.deletionProtection = call.flag("DeletionProtection", false);
    String requestedRetention = call.param("BackupRetentionPeriod");
    db.backupRetention = requestedRetention == null ? retention : parseInt("BackupRetentionPeriod", requestedRetention);
    db.status = "creating";
    db.pollsLeft = w.pollsUntilAvailable;
    db.created = w.now();
    db.resourceId = "db-" + w.nextHex(26).toUpperCase();
    w.dbInstances.put(db.id, db);
    if (db.backupRetention > 0) {
      w.automatedBackups.put(db.resourceId, newAutomatedBackup(w, db));
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (Map<String, String> t : members(call.params, "Tags.Tag")) {
      tags.put(t.get("Key"), t.getOrDefault("Value", ""));
    }
    if (!tags.isEmpty()) {
      w.rdsTags.put(instanceArn(w, db.id), tags);
    }
    call.mutated();
    return db;
  }

  private static void requireNewInstance(World w, String id) {
    if (w.dbInstances.containsKey(id)) {
      throw new AwsError(400, "DBInstanceAlreadyExists", "DB instance already exists");
    }
  }

  // ---- snapshots and automated backups ----

  /**
   * What differs between the snapshots of instances and of clusters: their names on the wire,
   * their error codes, where the world keeps them and how they are written. Everything else
   * (listing by owner, id and type, filters, deleting only manual ones) is the same code.
   */
  private record SnapshotKind<S extends World.RdsSnapshot>(String element, String ownerParam, String ownerFilter,
      String idFilter, String notFound, String invalidState, Function<World, Map<String, S>> store,
      Function<S, Map<String, String>> moreFilters, Writer<S> writer) {

    String idParam() {
      return element + "Identifier";
    }

    AwsError missing(String id) {
      return new AwsError(404, notFound, element + " " + id + " not found.");
    }
  }

  /** Writes one snapshot's members. */
  @FunctionalInterface
  private interface Writer<S> {
    Xml write(Xml x, World w, S snapshot, String status);
  }

  private static final SnapshotKind<DbSnapshot> INSTANCE_SNAPSHOTS = new SnapshotKind<>("DBSnapshot",
      "DBInstanceIdentifier", "db-instance-id", "db-snapshot-id", "DBSnapshotNotFound", "InvalidDBSnapshotState",
      w -> w.dbSnapshots, s -> attrs("dbi-resource-id", s.resourceId, "engine", s.engine), RdsHandler::writeSnapshot);
  private static final SnapshotKind<DbClusterSnapshot> CLUSTER_SNAPSHOTS = new SnapshotKind<>("DBClusterSnapshot",
      "DBClusterIdentifier", "db-cluster-id", "db-cluster-snapshot-id", "DBClusterSnapshotNotFoundFault",
      "InvalidDBClusterSnapshotStateFault", w -> w.dbClusterSnapshots, s -> attrs("engine", s.engine),
      RdsHandler::writeClusterSnapshot);

  private <S extends World.RdsSnapshot> WireResponse describeSnapshots(Call call, SnapshotKind<S> kind) {
    World w = call.world;
    Map<String, S> store = kind.store().apply(w);
    String ownerId = call.param(kind.ownerParam());
    String snapshotId = call.param(kind.idParam());
    String type = call.param("SnapshotType");
    String resourceId = call.param("DbiResourceId");
    if (snapshotId != null && !store.containsKey(snapshotId)) {
      throw kind.missing(snapshotId);
    }
    List<S> found = store.values().stream()
        .filter(s -> ownerId == null || ownerId.equals(s.owner()))
        .filter(s -> snapshotId == null || snapshotId.equals(s.id()))
        .filter(s -> type == null || type.equals(s.type()))
        .filter(s -> resourceId == null || resourceId.equals(kind.moreFilters().apply(s).get("dbi-resource-id")))
        .filter(s -> {
          Map<String, String> filters = new LinkedHashMap<>(attrs(kind.ownerFilter(), s.owner(), kind.idFilter(), s.id(),
              "snapshot-type", s.type()));
          filters.putAll(kind.moreFilters().apply(s));
          return matchesFilters(call, filters);
        })
        .toList();
    return ok(call, x -> {
      x.start(kind.element() + "s");
      found.forEach(s -> kind.writer().write(x.start(kind.element()), w, s, "available").end());
      x.end();
    });
  }

  private <S extends World.RdsSnapshot> WireResponse deleteSnapshot(Call call, SnapshotKind<S> kind) {
    World w = call.world;
    String id = call.required(kind.idParam());
    S snap = kind.store().apply(w).get(id);
    if (snap == null) {
      throw kind.missing(id);
    }
    if (!snap.type().equals("manual")) {
      throw new AwsError(400, kind.invalidState(), "Only manual snapshots may be deleted; " + id + " is "
          + snap.type() + ".");
    }
    kind.store().apply(w).remove(id);
    w.rdsTags.remove(w.arn("rds", (kind == INSTANCE_SNAPSHOTS ? "snapshot:" : "cluster-snapshot:") + id));
    call.mutated();
    return ok(call, x -> kind.writer().write(x.start(kind.element()), w, snap, "deleted").end());
  }

  private WireResponse describeAutomatedBackups(Call call) {
    World w = call.world;
    String instanceId = call.param("DBInstanceIdentifier");
    String resourceId = call.param("DbiResourceId");
    String arn = call.param("DBInstanceAutomatedBackupsArn");
    List<AutomatedBackup> found = w.automatedBackups.values().stream()
        .filter(b -> instanceId == null || instanceId.equals(b.instanceId))
        .filter(b -> resourceId == null || resourceId.equals(b.resourceId))
        .filter(b -> arn == null || arn.equals(backupArn(w, b)))
        .filter(b -> matchesFilters(call, attrs("db-instance-id", b.instanceId, "dbi-resource-id", b.resourceId,
            "status", b.status)))
        .toList();
    if (found.isEmpty() && (resourceId != null || arn != null)) {
      throw new AwsError(404, "DBInstanceAutomatedBackupNotFound",
          "Automated backup " + (resourceId != null ? resourceId : arn) + " not found.");
    }
    return ok(call, x -> {
      x.start("DBInstanceAutomatedBackups");
      found.forEach(b -> writeAutomatedBackup(x.start("DBInstanceAutomatedBackup"), w, b, b.status).end());
      x.end();
    });
  }

  private WireResponse deleteAutomatedBackup(Call call) {
    World w = call.world;
    String resourceId = call.param("DbiResourceId");
    String arn = call.param("DBInstanceAutomatedBackupsArn");
    AutomatedBackup backup = w.automatedBackups.values().stream()
        .filter(b -> b.resourceId.equals(resourceId) || backupArn(w, b).equals(arn))
        .findFirst()
        .orElseThrow(() -> new AwsError(404, "DBInstanceAutomatedBackupNotFound",
            "Automated backup " + (resourceId != null ? resourceId : arn) + " not found."));
    if (!backup.status.equals("retained")) {
      throw new AwsError(400, "InvalidDBInstanceAutomatedBackupState",
          "Automated backups of DB instance " + backup.instanceId
              + " belong to a live instance and cannot be deleted on their own.");
    }
    removeAutomatedBackups(w, backup.resourceId);
    call.mutated();
    return ok(call, x -> writeAutomatedBackup(x.start("DBInstanceAutomatedBackup"), w, backup, "deleting").end());
  }

  // ---- clusters ----

  private WireResponse describeClusters(Call call) {
    World w = call.world;
    String id = call.param("DBClusterIdentifier");
    List<DbCluster> found = (id != null ? List.of(cluster(w, id)) : List.copyOf(w.dbClusters.values())).stream()
        .filter(c -> matchesFilters(call, attrs("db-cluster-id", c.id, "engine", c.engine)))
        .toList();
    return ok(call, x -> {
      x.start("DBClusters");
      found.forEach(c -> writeCluster(x.start("DBCluster"), w, c, c.status).end());
      x.end();
    });
  }

  private WireResponse deleteCluster(Call call) {
    World w = call.world;
    DbCluster c = cluster(w, call.required("DBClusterIdentifier"));
    if (c.deletionProtection) {
      throw new AwsError(400, "InvalidParameterCombination",
          "Cannot delete protected Cluster, please disable deletion protection and try again.");
    }
    if (c.members.stream().anyMatch(w.dbInstances::containsKey)) {
      throw new AwsError(400, "InvalidDBClusterStateFault",
          "Cluster cannot be deleted, it still contains DB instances in non-deleting state.");
    }
    String finalId = finalSnapshotId(call);
    if (finalId != null) {
      if (w.dbClusterSnapshots.containsKey(finalId)) {
        throw new AwsError(400, "DBClusterSnapshotAlreadyExistsFault",
            "Cannot create the cluster snapshot because one with the identifier " + finalId + " already exists.");
      }
      DbClusterSnapshot snap = new DbClusterSnapshot();
      snap.id = finalId;
      snap.clusterId = c.id;
      snap.engine = c.engine;
      snap.created = w.now();
      w.dbClusterSnapshots.put(finalId, snap);
    }
    if (call.flag("DeleteAutomatedBackups", true)) {
      w.dbClusterSnapshots.values().removeIf(s -> s.clusterId.equals(c.id) && s.type.equals("automated"));
    }
    w.dbClusters.remove(c.id);
    call.mutated();
    return ok(call, x -> writeCluster(x.start("DBCluster"), w, c, "deleting").end());
  }

  // ---- tags ----

  private WireResponse addTags(Call call) {
    World w = call.world;
    String arn = call.required("ResourceName");
    requireTaggable(w, arn);
    Map<String, String> tags = w.rdsTags.computeIfAbsent(arn, a -> new LinkedHashMap<>());
    for (Map<String, String> t : members(call.params, "Tags.Tag")) {
      tags.put(t.get("Key"), t.getOrDefault("Value", ""));
    }
    call.mutated();
    return ok(call, null);
  }

  private WireResponse listTags(Call call) {
    World w = call.world;
    String arn = call.required("ResourceName");
    requireTaggable(w, arn);
    Map<String, String> tags = w.rdsTags.getOrDefault(arn, Map.of());
    return ok(call, x -> writeTags(x, tags));
  }

  private static void requireTaggable(World w, String arn) {
    String prefix = w.arn("rds", "");
    String rest = arn.startsWith(prefix) ? arn.substring(prefix.length()) : "";
    int colon = rest.indexOf(':');
    String kind = colon < 0 ? "" : rest.substring(0, colon);
    String id = colon < 0 ? "" : rest.substring(colon + 1);
    boolean exists = switch (kind) {
      case "db" -> w.dbInstances.containsKey(id);
      case "snapshot" -> w.dbSnapshots.containsKey(id);
      case "cluster" -> w.dbClusters.containsKey(id);
      case "cluster-snapshot" -> w.dbClusterSnapshots.containsKey(id);
      default -> false;
    };
    if (!exists) {
      if (kind.equals("db")) {
        throw new AwsError(404, "DBInstanceNotFound", "DBInstance " + id + " not found.");
      }
      if (kind.equals("snapshot")) {
        throw new AwsError(404, "DBSnapshotNotFound", "DBSnapshot " + id + " not found.");
      }
      throw new AwsError(400, "InvalidParameterValue", "Invalid resource name: " + arn);
    }
  }

  // ---- filters ----

  /**
   * Applies the request's {@code Filters.Filter.N} to a candidate described by its filterable
   * attributes. A filter name the operation does not know is refused, as AWS does, rather than
   * ignored: an ignored filter would widen what a caller acts on.
   */
  private static boolean matchesFilters(Call call, Map<String, String> attributes) {
    for (Map<String, String> f : members(call.params, "Filters.Filter")) {
      String name = f.get("Name");
      if (name == null || !attributes.containsKey(name)) {
        throw new AwsError(400, "InvalidParameterValue", "Unrecognized filter name: " + name + ".");
      }
      List<String> wanted = new ArrayList<>();
      f.forEach((k, v) -> {
        if (k.startsWith("Values.Value.")) {
          wanted.add(v);
        }
      });
      if (!wanted.contains(attributes.get(name))) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, String> attrs(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1] == null ? "" : pairs[i + 1]);
    }
    return m;
  }

  // ---- shared state helpers (also used by seeding) ----

  static String instanceArn(World w, String id) {
    return w.arn("rds", "db:" + id);
  }

  static String backupArn(World w, AutomatedBackup b) {
    return w.arn("rds", "auto-backup:ab-" + b.resourceId.toLowerCase().replace("db-", ""));
  }

  static AutomatedBackup newAutomatedBackup(World w, DbInstance db) {
    AutomatedBackup b = new AutomatedBackup();
    b.resourceId = db.resourceId;
    b.instanceId = db.id;
    b.instanceArn = instanceArn(w, db.id);
    b.engine = db.engine;
    b.engineVersion = db.engineVersion;
    b.retention = db.backupRetention;
    b.instanceCreated = db.created;
    b.earliest = db.created;
    b.latest = db.created;
    return b;
  }

  static DbSnapshot snapshotOf(World w, DbInstance db, String id, String type, Instant at) {
    DbSnapshot s = new DbSnapshot();
    s.id = id;
    s.instanceId = db.id;
    s.resourceId = db.resourceId;
    s.engine = db.engine;
    s.engineVersion = db.engineVersion;
    s.allocatedStorage = db.allocatedStorage;
    s.type = type;
    s.created = at;
    return s;
  }

  static String automatedSnapshotId(String instanceId, Instant at) {
    return "rds:" + instanceId + "-" + AUTO_SNAPSHOT_SUFFIX.format(at);
  }

  /**
   * The final snapshot a delete asks for, or null with {@code SkipFinalSnapshot}: exactly one
   * of the two, as RDS requires of instances and clusters alike.
   */
  private static String finalSnapshotId(Call call) {
    boolean skip = call.flag("SkipFinalSnapshot", false);
    String finalId = call.param("FinalDBSnapshotIdentifier");
    if (!skip && finalId == null) {
      throw new AwsError(400, "InvalidParameterCombination",
          "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.");
    }
    if (skip && finalId != null) {
      throw new AwsError(400, "InvalidParameterCombination",
          "FinalDBSnapshotIdentifier can not be specified when SkipFinalSnapshot is enabled.");
    }
    return finalId;
  }

  private static void removeAutomatedBackups(World w, String resourceId) {
    w.automatedBackups.remove(resourceId);
    w.dbSnapshots.values().removeIf(s -> s.type.equals("automated") && resourceId.equals(s.resourceId));
  }

  private static DbInstance instance(World w, String id) {
    DbInstance db = w.dbInstances.get(id);
    if (db == null) {
      throw new AwsError(404, "DBInstanceNotFound", "DBInstance " + id + " not found.");
    }
    return db;
  }

  private static DbCluster cluster(World w, String id) {
    DbCluster c = w.dbClusters.get(id);
    if (c == null) {
      throw new AwsError(404, "DBClusterNotFoundFault", "DBCluster " + id + " not found.");
    }
    return c;
  }

  private static int parseInt(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new AwsError(400, "InvalidParameterValue", "Invalid value for " + name + ": " + value);
    }
  }

  // ---- XML ----

  private static Xml writeInstance(Xml x, World w, DbInstance db, String status) {
    x.el("DBInstanceIdentifier", db.id)
        .el("DBInstanceClass", db.instanceClass)
        .el("Engine", db.engine)
        .el("DBInstanceStatus", status)
        .el("MasterUsername", "postgres")
        .el("DBName", db.dbName);
    if (!status.equals("creating")) {
      x.start("Endpoint").el("Address", db.id + ".c0fake0000000." + w.region + ".rds.amazonaws.com")
          .el("Port", db.engine.contains("mysql") || db.engine.contains("maria") ? 3306 : 5432)
          .el("HostedZoneId", "Z2R2ITUGPM61AM").end();
    }
    x.el("AllocatedStorage", db.allocatedStorage)
        .el("InstanceCreateTime", db.created)
        .el("PreferredBackupWindow", "03:00-03:30")
        .el("BackupRetentionPeriod", db.backupRetention);
    if (db.vpcId != null) {
      x.start("DBSubnetGroup").el("DBSubnetGroupName", "default-" + db.vpcId).el("VpcId", db.vpcId)
          .el("SubnetGroupStatus", "Complete").end();
    }
    if (db.backupRetention > 0 && !status.equals("creating")) {
      x.el("LatestRestorableTime", w.now());
    }
    x.el("MultiAZ", false)
        .el("EngineVersion", db.engineVersion)
        .el("PubliclyAccessible", false)
        .el("DBClusterIdentifier", db.clusterId)
        .el("StorageEncrypted", true)
        .el("DbiResourceId", db.resourceId)
        .el("DBInstanceArn", instanceArn(w, db.id))
        .el("DeletionProtection", db.deletionProtection);
    writeTags(x, w.rdsTags.getOrDefault(instanceArn(w, db.id), Map.of()));
    return x;
  }

  private static Xml writeSnapshot(Xml x, World w, DbSnapshot s, String status) {
    return writeTags(x.el("DBSnapshotIdentifier", s.id)
        .el("DBInstanceIdentifier", s.instanceId)
        .el("SnapshotCreateTime", s.created)
        .el("Engine", s.engine)
        .el("AllocatedStorage", s.allocatedStorage)
        .el("Status", status)
        .el("EngineVersion", s.engineVersion)
        .el("SnapshotType", s.type)
        .el("PercentProgress", 100)
        .el("Encrypted", true)
        .el("DBSnapshotArn", w.arn("rds", "snapshot:" + s.id))
        .el("DbiResourceId", s.resourceId), w.rdsTags.getOrDefault(w.arn("rds", "snapshot:" + s.id), Map.of()));
  }

  private static Xml writeAutomatedBackup(Xml x, World w, AutomatedBackup b, String status) {
    Instant latest = b.status.equals("active") ? w.now() : b.latest;
    return x.el("DBInstanceArn", b.instanceArn)
        .el("DbiResourceId", b.resourceId)
        .el("Region", w.region)
        .el("DBInstanceIdentifier", b.instanceId)
        .start("RestoreWindow").el("EarliestTime", b.earliest).el("LatestTime", latest).end()
        .el("Status", status)
        .el("InstanceCreateTime", b.instanceCreated)
        .el("Engine", b.engine)
        .el("EngineVersion", b.engineVersion)
        .el("Encrypted", true)
        .el("BackupRetentionPeriod", b.retention)
        .el("DBInstanceAutomatedBackupsArn", backupArn(w, b));
  }

  private static Xml writeCluster(Xml x, World w, DbCluster c, String status) {
    x.el("BackupRetentionPeriod", c.backupRetention)
        .el("DBClusterIdentifier", c.id)
        .el("Status", status)
        .el("Endpoint", c.id + ".cluster-c0fake0000000." + w.region + ".rds.amazonaws.com")
        .el("Engine", c.engine)
        .el("EngineVersion", c.engineVersion)
        .el("LatestRestorableTime", w.now())
        .el("Port", 5432)
        .el("MasterUsername", "postgres");
    x.start("DBClusterMembers");
    for (String member : c.members) {
      x.start("DBClusterMember").el("DBInstanceIdentifier", member).el("IsClusterWriter", true).end();
    }
    x.end();
    x.el("StorageEncrypted", true)
        .el("DbClusterResourceId", c.resourceId)
        .el("DBClusterArn", w.arn("rds", "cluster:" + c.id))
        .el("ClusterCreateTime", c.created)
        .el("DeletionProtection", c.deletionProtection);
    return writeTags(x, w.rdsTags.getOrDefault(w.arn("rds", "cluster:" + c.id), Map.of()));
  }

  private static Xml writeClusterSnapshot(Xml x, World w, DbClusterSnapshot s, String status) {
    return x.el("DBClusterSnapshotIdentifier", s.id)
        .el("DBClusterIdentifier", s.clusterId)
        .el("SnapshotCreateTime", s.created)
        .el("Engine", s.engine)
        .el("Status", status)
        .el("SnapshotType", s.type)
        .el("PercentProgress", 100)
        .el("DBClusterSnapshotArn", w.arn("rds", "cluster-snapshot:" + s.id));
  }

  private static Xml writeTags(Xml x, Map<String, String> tags) {
    x.start("TagList");
    tags.forEach((k, v) -> x.start("Tag").el("Key", k).el("Value", v).end());
    return x.end();
  }
}
