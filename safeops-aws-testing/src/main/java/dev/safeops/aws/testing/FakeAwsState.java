package dev.safeops.aws.testing;

import dev.safeops.aws.testing.internal.World;
import dev.safeops.aws.testing.internal.WorldOps;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A read-only view of a {@link FakeAws} account as it is at the moment of each call. Every
 * answer is a copy; nothing here changes the account or counts as a request. Thread-safe.
 */
public final class FakeAwsState {
  private final World world;

  FakeAwsState(World world) {
    this.world = world;
  }

  private <T> T read(Supplier<T> query) {
    synchronized (world) {
      return query.get();
    }
  }

  // ---- RDS ----

  public boolean dbInstanceExists(String id) {
    return read(() -> world.dbInstances.containsKey(id));
  }

  /** {@code available}, {@code creating}, {@code stopped}...; empty once deleted. */
  public Optional<String> dbInstanceStatus(String id) {
    return read(() -> Optional.ofNullable(world.dbInstances.get(id)).map(db -> db.status));
  }

  public List<String> dbInstances() {
    return read(() -> List.copyOf(world.dbInstances.keySet()));
  }

  public Optional<Boolean> dbInstanceDeletionProtection(String id) {
    return read(() -> Optional.ofNullable(world.dbInstances.get(id)).map(db -> db.deletionProtection));
  }

  public Optional<Integer> dbInstanceBackupRetention(String id) {
    return read(() -> Optional.ofNullable(world.dbInstances.get(id)).map(db -> db.backupRetention));
  }

  /** The ARN the fake gives the instance (it need not exist), for tags and recovery points. */
  public String dbInstanceArn(String id) {
    return WorldOps.dbInstanceArn(world, id);
  }

  /** The instance's tags; empty when it has none or does not exist. */
  public Map<String, String> dbInstanceTags(String id) {
    return read(() -> Map.copyOf(world.rdsTags.getOrDefault(WorldOps.dbInstanceArn(world, id), Map.of())));
  }

  /** Identifiers of all snapshots (manual and automated) of an instance, oldest first. */
  public List<String> snapshotsOf(String instanceId) {
    return snapshots(instanceId, null);
  }

  public List<String> manualSnapshotsOf(String instanceId) {
    return snapshots(instanceId, "manual");
  }

  public List<String> automatedSnapshotsOf(String instanceId) {
    return snapshots(instanceId, "automated");
  }

  private List<String> snapshots(String instanceId, String type) {
    return read(() -> world.dbSnapshots.values().stream()
        .filter(s -> instanceId.equals(s.instanceId))
        .filter(s -> type == null || type.equals(s.type))
        .sorted((a, b) -> a.created.compareTo(b.created))
        .map(s -> s.id)
        .toList());
  }

  public boolean dbSnapshotExists(String snapshotId) {
    return read(() -> world.dbSnapshots.containsKey(snapshotId));
  }

  /**
   * The status of the automated backups recorded for an instance name: {@code active} while
   * the instance lives, {@code retained} after it was deleted without them; empty when there
   * are none (never enabled, or deleted with the instance).
   */
  public Optional<String> automatedBackupStatus(String instanceId) {
    return read(() -> world.automatedBackups.values().stream()
        .filter(b -> instanceId.equals(b.instanceId))
        .map(b -> b.status)
        .findFirst());
  }

  public boolean dbClusterExists(String id) {
    return read(() -> world.dbClusters.containsKey(id));
  }

  public List<String> clusterSnapshotsOf(String clusterId) {
    return read(() -> world.dbClusterSnapshots.values().stream()
        .filter(s -> clusterId.equals(s.clusterId)).map(s -> s.id).toList());
  }

  // ---- EC2 ----

  /** {@code running}, {@code terminated}...: terminated instances stay visible, as on AWS. */
  public Optional<String> ec2InstanceState(String instanceId) {
    return read(() -> Optional.ofNullable(world.ec2Instances.get(instanceId)).map(i -> i.state));
  }

  public boolean vpcExists(String vpcId) {
    return read(() -> world.vpcs.containsKey(vpcId));
  }

  public boolean subnetExists(String subnetId) {
    return read(() -> world.subnets.containsKey(subnetId));
  }

  public boolean securityGroupExists(String groupId) {
    return read(() -> world.securityGroups.containsKey(groupId));
  }

  public boolean volumeExists(String volumeId) {
    return read(() -> world.volumes.containsKey(volumeId));
  }

  public boolean ec2SnapshotExists(String snapshotId) {
    return read(() -> world.ec2Snapshots.containsKey(snapshotId));
  }

  // ---- S3 ----

  public boolean bucketExists(String name) {
    return read(() -> world.buckets.containsKey(name));
  }

  /** Current object keys; empty when the bucket is empty or does not exist. */
  public List<String> objectsIn(String bucket) {
    return read(() -> Optional.ofNullable(world.buckets.get(bucket))
        .map(b -> List.copyOf(b.objects.keySet())).orElse(List.of()));
  }

  /** Keys whose deletion versioning kept as noncurrent versions. */
  public List<String> noncurrentVersionsIn(String bucket) {
    return read(() -> Optional.ofNullable(world.buckets.get(bucket))
        .map(b -> List.copyOf(b.noncurrentVersions.keySet())).orElse(List.of()));
  }

  /** {@code Enabled} or {@code Suspended}; empty when never configured or no such bucket. */
  public Optional<String> bucketVersioning(String bucket) {
    return read(() -> Optional.ofNullable(world.buckets.get(bucket)).map(b -> b.versioning));
  }

  // ---- DynamoDB, ECS, ELBv2, Backup ----

  public boolean tableExists(String name) {
    return read(() -> world.tables.containsKey(name));
  }

  public Optional<Boolean> tableDeletionProtection(String name) {
    return read(() -> Optional.ofNullable(world.tables.get(name)).map(t -> t.deletionProtection));
  }

  public Optional<Boolean> tablePointInTimeRecovery(String name) {
    return read(() -> Optional.ofNullable(world.tables.get(name)).map(t -> t.pointInTimeRecovery));
  }

  public boolean ecsClusterExists(String name) {
    return read(() -> world.ecsClusters.containsKey(name));
  }

  public boolean ecsServiceExists(String cluster, String service) {
    return read(() -> world.ecsClusters.containsKey(cluster) && world.ecsClusters.get(cluster).services.containsKey(service));
  }

  public boolean loadBalancerExists(String name) {
    return read(() -> world.loadBalancers.containsKey(name));
  }

  public Optional<String> loadBalancerArn(String name) {
    return read(() -> Optional.ofNullable(world.loadBalancers.get(name)).map(lb -> lb.arn));
  }

  public boolean backupVaultExists(String name) {
    return read(() -> world.backupVaults.containsKey(name));
  }

  /** ARNs of the recovery points of a resource across all vaults. */
  public List<String> recoveryPointsOf(String resourceArn) {
    return read(() -> world.backupVaults.values().stream()
        .flatMap(v -> v.recoveryPoints.values().stream())
        .filter(p -> p.resourceArn.equals(resourceArn))
        .map(p -> p.arn)
        .toList());
  }
}
