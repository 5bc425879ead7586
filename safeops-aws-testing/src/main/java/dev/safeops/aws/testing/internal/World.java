package dev.safeops.aws.testing.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the fake account holds. Not thread-safe by itself: every reader and writer holds
 * the world's monitor ({@code synchronized (world)}), which the endpoint does around each
 * request and the public seeding and inspection API around each call.
 */
public final class World {
  public final String accountId;
  public final String region;
  public final Clock clock;
  public final int pollsUntilAvailable;
  /** How many data points one GetMetricData answer holds at most when the request does not say. */
  public final int metricPageSize;
  public final Set<String> denied = new HashSet<>();
  private final AtomicLong sequence = new AtomicLong(1);

  public final Map<String, DbInstance> dbInstances = new LinkedHashMap<>();
  public final Map<String, DbSnapshot> dbSnapshots = new LinkedHashMap<>();
  /** Automated backups by DbiResourceId: the active one of a live instance or a retained one. */
  public final Map<String, AutomatedBackup> automatedBackups = new LinkedHashMap<>();
  public final Map<String, DbCluster> dbClusters = new LinkedHashMap<>();
  public final Map<String, DbClusterSnapshot> dbClusterSnapshots = new LinkedHashMap<>();
  /** Tags of RDS resources by ARN. */
  public final Map<String, Map<String, String>> rdsTags = new LinkedHashMap<>();

  public final Map<String, Ec2Instance> ec2Instances = new LinkedHashMap<>();
  public final Map<String, Vpc> vpcs = new LinkedHashMap<>();
  public final Map<String, Subnet> subnets = new LinkedHashMap<>();
  public final Map<String, SecurityGroup> securityGroups = new LinkedHashMap<>();
  public final Map<String, Volume> volumes = new LinkedHashMap<>();
  public final Map<String, Ec2Snapshot> ec2Snapshots = new LinkedHashMap<>();

  public final Map<String, Bucket> buckets = new LinkedHashMap<>();
  public final Map<String, Table> tables = new LinkedHashMap<>();
  public final Map<String, EcsCluster> ecsClusters = new LinkedHashMap<>();
  public final Map<String, LoadBalancer> loadBalancers = new LinkedHashMap<>();
  /** Target groups by name. */
  public final Map<String, TargetGroup> targetGroups = new LinkedHashMap<>();
  public final Map<String, BackupVault> backupVaults = new LinkedHashMap<>();
  /** Network interfaces by id: instances' own and those of load balancers, databases, tasks. */
  public final Map<String, NetworkInterface> networkInterfaces = new LinkedHashMap<>();
  /** CloudWatch data points, in the order they were put. */
  public final List<MetricDatum> metrics = new ArrayList<>();

  public World(String accountId, String region, Clock clock, int pollsUntilAvailable, int metricPageSize) {
    this.accountId = accountId;
    this.region = region;
    this.clock = clock;
    this.pollsUntilAvailable = pollsUntilAvailable;
    this.metricPageSize = metricPageSize;
  }

  /** Empties the account: every resource, tag and denial. */
  public void clear() {
    denied.clear();
    for (Map<?, ?> m : List.of(dbInstances, dbSnapshots, automatedBackups, dbClusters, dbClusterSnapshots,
        rdsTags, ec2Instances, vpcs, subnets, securityGroups, volumes, ec2Snapshots, buckets, tables,
        ecsClusters, loadBalancers, targetGroups, backupVaults, networkInterfaces)) {
      m.clear();
    }
    metrics.clear();
  }

  public Instant now() {
    return clock.instant();
  }

  /** A short unique hex suffix for generated ids (i-..., snap-..., request ids). */
  public String nextHex(int width) {
    String hex = Long.toHexString(sequence.getAndIncrement() * 2654435761L & 0xffffffffffL);
    StringBuilder b = new StringBuilder();
    while (b.length() + hex.length() < width) {
      b.append('0');
    }
    return (b + hex).substring(0, width);
  }

  public String arn(String service, String resource) {
    return "arn:aws:" + service + ":" + region + ":" + accountId + ":" + resource;
  }

  public boolean isDenied(String service, String operation) {
    return denied.contains(service + ":" + operation);
  }

  // ---- RDS ----

  /** An RDS DB instance. */
  public static final class DbInstance {
    public String id;
    public String engine = "postgres";
    public String engineVersion = "16.3";
    public String instanceClass = "db.t3.micro";
    public String status = "available";
    public boolean deletionProtection;
    public int backupRetention = 7;
    public int allocatedStorage = 20;
    public String dbName;
    public String resourceId;
    public String clusterId;
    public String vpcId;
    public Instant created;
    /** Describe polls left before a restored instance turns available. */
    public int pollsLeft;
  }

  /** What instance and cluster snapshots have in common: an id, the owner they were taken of, a type. */
  public interface RdsSnapshot {
    String id();

    /** The DB instance or cluster identifier. */
    String owner();

    /** {@code manual} or {@code automated}. */
    String type();
  }

  /** An RDS DB snapshot, manual or automated. */
  public static final class DbSnapshot implements RdsSnapshot {
    public String id;
    public String instanceId;
    public String resourceId;
    public String engine;
    public String engineVersion;
    public String type = "manual";
    public Instant created;
    public int allocatedStorage = 20;

    @Override
    public String id() {
      return id;
    }

    @Override
    public String owner() {
      return instanceId;
    }

    @Override
    public String type() {
      return type;
    }
  }

  /** The automated backups of one DB instance (by DbiResourceId), as DescribeDBInstanceAutomatedBackups lists them. */
  public static final class AutomatedBackup {
    public String resourceId;
    public String instanceId;
    public String instanceArn;
    public String engine;
    public String engineVersion;
    public int retention;
    public Instant instanceCreated;
    public Instant earliest;
    public Instant latest;
    /** "active" while its instance lives, "retained" after the instance was deleted without it. */
    public String status = "active";
  }

  /** An Aurora DB cluster. */
  public static final class DbCluster {
    public String id;
    public String engine = "aurora-postgresql";
    public String engineVersion = "16.4";
    public String status = "available";
    public boolean deletionProtection;
    public int backupRetention = 7;
    public String resourceId;
    public Instant created;
    public final List<String> members = new ArrayList<>();
  }

  /** An Aurora cluster snapshot, manual or automated. */
  public static final class DbClusterSnapshot implements RdsSnapshot {
    public String id;
    public String clusterId;
    public String engine;
    public String type = "manual";
    public Instant created;

    @Override
    public String id() {
      return id;
    }

    @Override
    public String owner() {
      return clusterId;
    }

    @Override
    public String type() {
      return type;
    }
  }

  // ---- EC2 ----

  /** An EC2 instance; terminated ones stay listed, as on AWS. */
  public static final class Ec2Instance {
    public String id;
    public String imageId = "ami-0abcdef1234567890";
    public String instanceType = "t3.micro";
    public String state = "running";
    public String subnetId;
    public String vpcId;
    public String reservationId;
    public boolean disableApiTermination;
    public Instant launched;
    public final List<String> securityGroups = new ArrayList<>();
    public final Map<String, String> tags = new LinkedHashMap<>();
  }

  /** A VPC. */
  public static final class Vpc {
    public String id;
    public String cidr = "10.0.0.0/16";
    public boolean isDefault;
    public final Map<String, String> tags = new LinkedHashMap<>();
  }

  /** A subnet. */
  public static final class Subnet {
    public String id;
    public String vpcId;
    public String cidr;
    public String availabilityZone;
    public final Map<String, String> tags = new LinkedHashMap<>();
  }

  /** A security group. */
  public static final class SecurityGroup {
    public String id;
    public String name;
    public String description;
    public String vpcId;
    public final Map<String, String> tags = new LinkedHashMap<>();
  }

  /** An EBS volume. */
  public static final class Volume {
    public String id;
    public int sizeGb = 8;
    public String availabilityZone;
    public String attachedTo;
    public Instant created;
    public final Map<String, String> tags = new LinkedHashMap<>();
  }

  /** An EBS snapshot. */
  public static final class Ec2Snapshot {
    public String id;
    public String volumeId;
    public int volumeSize = 8;
    public String description = "";
    public Instant started;
    public final Map<String, String> tags = new LinkedHashMap<>();
  }

  // ---- S3 ----

  /** An S3 bucket with object sizes by key. */
  public static final class Bucket {
    public String name;
    public Instant created;
    /** Null when versioning was never configured, else "Enabled" or "Suspended". */
    public String versioning;
    public String mfaDelete;
    public final Map<String, Long> objects = new LinkedHashMap<>();
    /** Keys deleted while versioning was on: their versions remain, and keep the bucket non-empty. */
    public final Map<String, Long> noncurrentVersions = new LinkedHashMap<>();
  }

  // ---- DynamoDB ----

  /** A DynamoDB table. */
  public static final class Table {
    public String name;
    public String hashKey = "id";
    public boolean deletionProtection;
    public boolean pointInTimeRecovery;
    public long itemCount;
    public Instant created;
  }

  // ---- ECS ----

  /** An ECS cluster and its services. */
  public static final class EcsCluster {
    public String name;
    public final Map<String, EcsService> services = new LinkedHashMap<>();
  }

  /** An ECS service. */
  public static final class EcsService {
    public String name;
    public int desiredCount = 1;
    public String taskDefinition;
    public Instant created;
  }

  // ---- ELBv2 ----

  /** An ELBv2 load balancer. */
  public static final class LoadBalancer {
    public String name;
    public String arn;
    public String type = "application";
    public String scheme = "internet-facing";
    public String vpcId;
    public boolean deletionProtection;
    public Instant created;
    public final List<String> subnets = new ArrayList<>();
  }

  /** An ELBv2 target group and the targets registered in it. */
  public static final class TargetGroup {
    public String name;
    public String arn;
    public String targetType = "instance";
    public int port = 80;
    public String vpcId;
    public final List<String> loadBalancerArns = new ArrayList<>();
    /** Registered targets: instance id, IP address or function ARN, with its port. */
    public final Map<String, Integer> targets = new LinkedHashMap<>();
  }

  // ---- EC2 network interfaces ----

  /** A network interface; {@code attachedInstance} is null for those of other services. */
  public static final class NetworkInterface {
    public String id;
    public String subnetId;
    public String vpcId;
    public String description = "";
    public String interfaceType = "interface";
    public String attachedInstance;
    public boolean requesterManaged;
    public String privateIp;
    public final List<String> securityGroups = new ArrayList<>();
  }

  // ---- CloudWatch ----

  /** One CloudWatch data point. */
  public static final class MetricDatum {
    public String namespace;
    public String name;
    /** Dimension name to value, sorted: a series is one exact set of dimensions. */
    public final Map<String, String> dimensions = new java.util.TreeMap<>();
    public Instant timestamp;
    public double value;
    public String unit = "None";
  }

  // ---- AWS Backup ----

  /** An AWS Backup vault. */
  public static final class BackupVault {
    public String name;
    public Instant created;
    public final Map<String, RecoveryPoint> recoveryPoints = new LinkedHashMap<>();
  }

  /** An AWS Backup recovery point. */
  public static final class RecoveryPoint {
    public String arn;
    public String vault;
    public String resourceArn;
    public String resourceType;
    public Instant created;
    public String status = "COMPLETED";
  }
}
