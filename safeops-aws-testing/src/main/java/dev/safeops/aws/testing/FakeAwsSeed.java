package dev.safeops.aws.testing;

import dev.safeops.aws.testing.internal.World;
import dev.safeops.aws.testing.internal.WorldOps;
import dev.safeops.core.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntToDoubleFunction;

/**
 * Adds resources to a {@link FakeAws} account, fluently:
 *
 * <pre>{@code
 * aws.seed()
 *     .vpc("vpc-0a1", "10.0.0.0/16")
 *     .dbInstance("orders", db -> db.engine("postgres").deletionProtection(true).backupRetentionDays(7))
 *     .dbSnapshot("orders-before-migration", "orders", Instant.parse("2026-01-01T00:00:00Z"))
 *     .bucket("orders-exports", b -> b.object("2026/01/01.csv", 1024).versioning("Enabled"));
 * }</pre>
 *
 * <p>Seeding an identifier that already exists replaces it. A spec value that AWS would refuse
 * (a negative size, a retention over 35 days) throws {@link InvalidInputException}. Thread-safe;
 * works before and after the fake is started.
 */
public final class FakeAwsSeed {
  private final World world;

  FakeAwsSeed(World world) {
    this.world = world;
  }

  // ---- RDS ----

  /** An available DB instance with the defaults of {@link DbInstanceSpec}. */
  public FakeAwsSeed dbInstance(String id) {
    return dbInstance(id, db -> { });
  }

  /**
   * A DB instance. Unless the spec names automated snapshot times, one automated snapshot per
   * day of retention is taken at 03:00 UTC (never before the instance was created), and the
   * instance has an active automated backup whose restore window starts at the oldest one.
   */
  public FakeAwsSeed dbInstance(String id, Consumer<DbInstanceSpec> spec) {
    requireId("DB instance id", id);
    DbInstanceSpec s = new DbInstanceSpec();
    spec.accept(s);
    synchronized (world) {
      Instant now = world.now();
      World.DbInstance db = new World.DbInstance();
      db.id = id;
      db.engine = s.engine;
      db.engineVersion = s.engineVersion;
      db.instanceClass = s.instanceClass;
      db.deletionProtection = s.deletionProtection;
      db.backupRetention = s.backupRetentionDays;
      db.allocatedStorage = s.allocatedStorageGb;
      db.dbName = s.dbName;
      db.vpcId = s.vpcId;
      db.clusterId = s.clusterId;
      db.status = s.status;
      db.created = s.createdAt != null ? s.createdAt : now.minus(Duration.ofDays(400));
      db.resourceId = "db-" + world.nextHex(26).toUpperCase();
      world.dbInstances.put(id, db);
      if (!s.tags.isEmpty()) {
        world.rdsTags.put(WorldOps.dbInstanceArn(world, id), new LinkedHashMap<>(s.tags));
      }
      if (s.clusterId != null && world.dbClusters.containsKey(s.clusterId)
          && !world.dbClusters.get(s.clusterId).members.contains(id)) {
        world.dbClusters.get(s.clusterId).members.add(id);
      }
      if (db.backupRetention > 0) {
        List<Instant> times = s.automatedSnapshotTimes;
        if (times == null) {
          times = new ArrayList<>();
          Instant today = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(3));
          for (int day = 0; day < db.backupRetention; day++) {
            Instant at = today.minus(Duration.ofDays(day));
            if (!at.isAfter(now) && !at.isBefore(db.created)) {
              times.add(at);
            }
          }
        }
        World.AutomatedBackup backup = WorldOps.newAutomatedBackup(world, db);
        for (Instant at : times) {
          World.DbSnapshot snap = WorldOps.snapshotOf(world, db, WorldOps.automatedSnapshotId(id, at), "automated", at);
          world.dbSnapshots.put(snap.id, snap);
        }
        times.stream().min(Instant::compareTo).ifPresent(t -> backup.earliest = t);
        world.automatedBackups.put(db.resourceId, backup);
      }
      for (Map.Entry<String, Instant> manual : s.manualSnapshots.entrySet()) {
        world.dbSnapshots.put(manual.getKey(), WorldOps.snapshotOf(world, db, manual.getKey(), "manual", manual.getValue()));
      }
    }
    return this;
  }

  /**
   * A manual snapshot of a DB instance; the instance need not exist any more (the snapshot
   * then reports a postgres engine).
   */
  public FakeAwsSeed dbSnapshot(String snapshotId, String instanceId, Instant createdAt) {
    requireId("DB snapshot id", snapshotId);
    requireId("DB instance id", instanceId);
    Objects.requireNonNull(createdAt, "createdAt");
    synchronized (world) {
      World.DbInstance db = world.dbInstances.get(instanceId);
      if (db == null) {
        db = new World.DbInstance();
        db.id = instanceId;
        db.resourceId = "db-" + world.nextHex(26).toUpperCase();
      }
      world.dbSnapshots.put(snapshotId, WorldOps.snapshotOf(world, db, snapshotId, "manual", createdAt));
    }
    return this;
  }

  /**
   * Automated backups kept after their instance was deleted ({@code retained}), as
   * {@code DeleteAutomatedBackups=false} leaves them: listed by
   * DescribeDBInstanceAutomatedBackups and restorable to a point in time.
   */
  public FakeAwsSeed retainedAutomatedBackup(String instanceId, Instant earliest, Instant latest) {
    requireId("DB instance id", instanceId);
    synchronized (world) {
      World.DbInstance db = new World.DbInstance();
      db.id = instanceId;
      db.created = earliest;
      db.resourceId = "db-" + world.nextHex(26).toUpperCase();
      World.AutomatedBackup backup = WorldOps.newAutomatedBackup(world, db);
      backup.earliest = earliest;
      backup.latest = latest;
      backup.status = "retained";
      world.automatedBackups.put(db.resourceId, backup);
    }
    return this;
  }

  /** An Aurora cluster; add instances to it with {@link DbInstanceSpec#cluster(String)}. */
  public FakeAwsSeed dbCluster(String id, Consumer<DbClusterSpec> spec) {
    requireId("DB cluster id", id);
    DbClusterSpec s = new DbClusterSpec();
    spec.accept(s);
    synchronized (world) {
      World.DbCluster c = new World.DbCluster();
      c.id = id;
      c.engine = s.engine;
      c.deletionProtection = s.deletionProtection;
      c.backupRetention = s.backupRetentionDays;
      c.created = world.now().minus(Duration.ofDays(400));
      c.resourceId = "cluster-" + world.nextHex(26).toUpperCase();
      world.dbInstances.values().stream().filter(db -> id.equals(db.clusterId)).forEach(db -> c.members.add(db.id));
      world.dbClusters.put(id, c);
      for (Instant at : s.automatedSnapshotTimes) {
        World.DbClusterSnapshot snap = new World.DbClusterSnapshot();
        snap.id = WorldOps.automatedSnapshotId(id, at);
        snap.clusterId = id;
        snap.engine = c.engine;
        snap.type = "automated";
        snap.created = at;
        world.dbClusterSnapshots.put(snap.id, snap);
      }
    }
    return this;
  }

  /** A manual snapshot of a cluster. */
  public FakeAwsSeed dbClusterSnapshot(String snapshotId, String clusterId, Instant createdAt) {
    requireId("DB cluster snapshot id", snapshotId);
    synchronized (world) {
      World.DbClusterSnapshot snap = new World.DbClusterSnapshot();
      snap.id = snapshotId;
      snap.clusterId = clusterId;
      World.DbCluster c = world.dbClusters.get(clusterId);
      snap.engine = c != null ? c.engine : "aurora-postgresql";
      snap.created = Objects.requireNonNull(createdAt, "createdAt");
      world.dbClusterSnapshots.put(snapshotId, snap);
    }
    return this;
  }

  // ---- EC2 ----

  public FakeAwsSeed vpc(String vpcId, String cidr) {
    requireId("VPC id", vpcId);
    synchronized (world) {
      World.Vpc v = new World.Vpc();
      v.id = vpcId;
      v.cidr = cidr;
      world.vpcs.put(vpcId, v);
    }
    return this;
  }

  public FakeAwsSeed subnet(String subnetId, String vpcId, String cidr, String availabilityZone) {
    requireId("subnet id", subnetId);
    synchronized (world) {
      World.Subnet s = new World.Subnet();
      s.id = subnetId;
      s.vpcId = vpcId;
      s.cidr = cidr;
      s.availabilityZone = availabilityZone;
      world.subnets.put(subnetId, s);
    }
    return this;
  }

  /** A security group; one named {@code default} cannot be deleted, as on AWS. */
  public FakeAwsSeed securityGroup(String groupId, String name, String vpcId) {
    requireId("security group id", groupId);
    requireId("security group name", name);
    synchronized (world) {
      World.SecurityGroup g = new World.SecurityGroup();
      g.id = groupId;
      g.name = name;
      g.description = name;
      g.vpcId = vpcId;
      world.securityGroups.put(groupId, g);
    }
    return this;
  }

  /** A running EC2 instance with the defaults of {@link Ec2InstanceSpec}. */
  public FakeAwsSeed ec2Instance(String instanceId, Consumer<Ec2InstanceSpec> spec) {
    requireId("instance id", instanceId);
    Ec2InstanceSpec s = new Ec2InstanceSpec();
    spec.accept(s);
    synchronized (world) {
      World.Ec2Instance i = new World.Ec2Instance();
      i.id = instanceId;
      i.instanceType = s.instanceType;
      i.state = s.state;
      i.subnetId = s.subnetId;
      i.vpcId = s.subnetId != null && world.subnets.containsKey(s.subnetId) ? world.subnets.get(s.subnetId).vpcId : null;
      i.disableApiTermination = s.disableApiTermination;
      i.securityGroups.addAll(s.securityGroups);
      i.tags.putAll(s.tags);
      i.launched = world.now().minus(Duration.ofDays(30));
      i.reservationId = "r-" + world.nextHex(17);
      world.ec2Instances.put(instanceId, i);
      // Seeding an instance again replaces it, and with it its own interface.
      world.networkInterfaces.values().removeIf(eni -> instanceId.equals(eni.attachedInstance));
      if (i.subnetId != null && !i.state.equals("terminated")) {
        World.NetworkInterface eni = new World.NetworkInterface();
        eni.id = "eni-" + instanceId.substring(instanceId.indexOf('-') + 1);
        eni.subnetId = i.subnetId;
        eni.vpcId = i.vpcId;
        eni.attachedInstance = instanceId;
        eni.description = "Primary network interface";
        eni.securityGroups.addAll(i.securityGroups);
        world.networkInterfaces.put(eni.id, eni);
      }
    }
    return this;
  }

  /**
   * A network interface in a subnet seeded before (its VPC is the subnet's), such as a load
   * balancer's, a database's or a task's; an instance's own is seeded with the instance.
   */
  public FakeAwsSeed networkInterface(String id, String subnetId, Consumer<NetworkInterfaceSpec> spec) {
    requireId("network interface id", id);
    requireId("subnet id", subnetId);
    NetworkInterfaceSpec s = new NetworkInterfaceSpec();
    spec.accept(s);
    synchronized (world) {
      World.Subnet subnet = world.subnets.get(subnetId);
      if (subnet == null) {
        throw new InvalidInputException("seed the subnet " + subnetId + " before network interface " + id);
      }
      World.NetworkInterface eni = new World.NetworkInterface();
      eni.id = id;
      eni.subnetId = subnetId;
      eni.vpcId = subnet.vpcId;
      eni.description = s.description;
      eni.interfaceType = s.interfaceType;
      eni.requesterManaged = s.requesterManaged;
      eni.privateIp = s.privateIp;
      eni.securityGroups.addAll(s.securityGroups);
      world.networkInterfaces.put(id, eni);
    }
    return this;
  }

  /** An available (unattached) EBS volume. */
  public FakeAwsSeed volume(String volumeId, int sizeGb, String availabilityZone) {
    return volume(volumeId, sizeGb, availabilityZone, (String) null);
  }

  /** An EBS volume attached to an instance; DeleteVolume refuses it with VolumeInUse. */
  public FakeAwsSeed attachedVolume(String volumeId, int sizeGb, String availabilityZone, String instanceId) {
    requireId("instance id", instanceId);
    return volume(volumeId, sizeGb, availabilityZone, instanceId);
  }

  private FakeAwsSeed volume(String volumeId, int sizeGb, String availabilityZone, String attachedTo) {
    requireId("volume id", volumeId);
    if (sizeGb <= 0) {
      throw new InvalidInputException("volume size must be positive, got: " + sizeGb);
    }
    synchronized (world) {
      World.Volume v = new World.Volume();
      v.id = volumeId;
      v.sizeGb = sizeGb;
      v.availabilityZone = availabilityZone;
      v.attachedTo = attachedTo;
      v.created = world.now().minus(Duration.ofDays(30));
      world.volumes.put(volumeId, v);
    }
    return this;
  }

  public FakeAwsSeed ec2Snapshot(String snapshotId, String volumeId, Instant startedAt) {
    requireId("snapshot id", snapshotId);
    synchronized (world) {
      World.Ec2Snapshot s = new World.Ec2Snapshot();
      s.id = snapshotId;
      s.volumeId = volumeId;
      s.started = Objects.requireNonNull(startedAt, "startedAt");
      World.Volume v = world.volumes.get(volumeId);
      s.volumeSize = v != null ? v.sizeGb : 8;
      world.ec2Snapshots.put(snapshotId, s);
    }
    return this;
  }

  // ---- S3, DynamoDB, ECS, ELBv2, Backup ----

  public FakeAwsSeed bucket(String name, Consumer<BucketSpec> spec) {
    requireId("bucket name", name);
    BucketSpec s = new BucketSpec();
    spec.accept(s);
    synchronized (world) {
      World.Bucket b = new World.Bucket();
      b.name = name;
      b.created = world.now().minus(Duration.ofDays(400));
      b.versioning = s.versioning;
      b.mfaDelete = s.mfaDelete;
      b.objects.putAll(s.objects);
      world.buckets.put(name, b);
    }
    return this;
  }

  public FakeAwsSeed dynamoTable(String name, Consumer<TableSpec> spec) {
    requireId("table name", name);
    TableSpec s = new TableSpec();
    spec.accept(s);
    synchronized (world) {
      World.Table t = new World.Table();
      t.name = name;
      t.deletionProtection = s.deletionProtection;
      t.pointInTimeRecovery = s.pointInTimeRecovery;
      t.itemCount = s.itemCount;
      t.created = world.now().minus(Duration.ofDays(400));
      world.tables.put(name, t);
    }
    return this;
  }

  public FakeAwsSeed ecsCluster(String name) {
    requireId("ECS cluster name", name);
    synchronized (world) {
      World.EcsCluster c = new World.EcsCluster();
      c.name = name;
      world.ecsClusters.put(name, c);
    }
    return this;
  }

  /** A service in an ECS cluster seeded before; with a desired count above 0 it cannot be deleted without force. */
  public FakeAwsSeed ecsService(String clusterName, String serviceName, int desiredCount) {
    requireId("ECS service name", serviceName);
    synchronized (world) {
      World.EcsCluster c = world.ecsClusters.get(clusterName);
      if (c == null) {
        throw new InvalidInputException("seed the ECS cluster " + clusterName + " before its service " + serviceName);
      }
      World.EcsService s = new World.EcsService();
      s.name = serviceName;
      s.desiredCount = desiredCount;
      s.taskDefinition = world.arn("ecs", "task-definition/" + serviceName + ":1");
      s.created = world.now().minus(Duration.ofDays(30));
      c.services.put(serviceName, s);
    }
    return this;
  }

  public FakeAwsSeed loadBalancer(String name, Consumer<LoadBalancerSpec> spec) {
    requireId("load balancer name", name);
    LoadBalancerSpec s = new LoadBalancerSpec();
    spec.accept(s);
    synchronized (world) {
      World.LoadBalancer lb = new World.LoadBalancer();
      lb.name = name;
      lb.type = s.type;
      lb.scheme = s.scheme;
      lb.vpcId = s.vpcId;
      lb.deletionProtection = s.deletionProtection;
      lb.subnets.addAll(s.subnets);
      lb.created = world.now().minus(Duration.ofDays(100));
      lb.arn = world.arn("elasticloadbalancing", "loadbalancer/" + (s.type.equals("network") ? "net" : "app")
          + "/" + name + "/" + world.nextHex(16));
      world.loadBalancers.put(name, lb);
    }
    return this;
  }

  /** A target group, attached to the load balancers its spec names (seeded before). */
  public FakeAwsSeed targetGroup(String name, Consumer<TargetGroupSpec> spec) {
    requireId("target group name", name);
    TargetGroupSpec s = new TargetGroupSpec();
    spec.accept(s);
    synchronized (world) {
      World.TargetGroup g = new World.TargetGroup();
      g.name = name;
      g.targetType = s.targetType;
      g.port = s.port;
      g.arn = world.arn("elasticloadbalancing", "targetgroup/" + name + "/" + world.nextHex(16));
      for (String lb : s.loadBalancers) {
        World.LoadBalancer l = world.loadBalancers.get(lb);
        if (l == null) {
          throw new InvalidInputException("seed the load balancer " + lb + " before target group " + name);
        }
        g.loadBalancerArns.add(l.arn);
        g.vpcId = l.vpcId;
      }
      g.targets.putAll(s.targets);
      world.targetGroups.put(name, g);
    }
    return this;
  }

  // ---- CloudWatch ----

  /** One CloudWatch data point, as PutMetricData would put it (unit {@code None}). */
  public FakeAwsSeed metric(String namespace, String name, Map<String, String> dimensions, Instant at, double value) {
    requireId("metric namespace", namespace);
    requireId("metric name", name);
    Objects.requireNonNull(dimensions, "dimensions");
    Objects.requireNonNull(at, "at");
    synchronized (world) {
      World.MetricDatum d = new World.MetricDatum();
      d.namespace = namespace;
      d.name = name;
      d.dimensions.putAll(dimensions);
      d.timestamp = at;
      d.value = value;
      world.metrics.add(d);
    }
    return this;
  }

  /**
   * A series of data points {@code every} apart, from {@code over} ago up to now, each the
   * value {@code values} gives for its index (0 is the oldest).
   */
  public FakeAwsSeed metricSeries(String namespace, String name, Map<String, String> dimensions, Duration every,
      Duration over, IntToDoubleFunction values) {
    if (every.isNegative() || every.isZero() || over.compareTo(every) < 0) {
      throw new InvalidInputException("a metric series needs a positive step no longer than its span, got every "
          + every + " over " + over);
    }
    Instant now;
    synchronized (world) {
      now = world.now();
    }
    long points = over.toSeconds() / every.toSeconds();
    for (int i = 0; i < points; i++) {
      metric(namespace, name, dimensions, now.minus(over).plus(every.multipliedBy(i + 1)).minusSeconds(1), values.applyAsDouble(i));
    }
    return this;
  }

  public FakeAwsSeed backupVault(String name) {
    requireId("backup vault name", name);
    synchronized (world) {
      World.BackupVault v = new World.BackupVault();
      v.name = name;
      v.created = world.now().minus(Duration.ofDays(100));
      world.backupVaults.putIfAbsent(name, v);
    }
    return this;
  }

  /**
   * A completed recovery point of a resource (e.g. an RDS instance ARN from
   * {@link FakeAwsState#dbInstanceArn(String)}) in a vault, which is created if needed.
   */
  public FakeAwsSeed recoveryPoint(String vaultName, String resourceArn, Instant createdAt) {
    requireId("resource ARN", resourceArn);
    backupVault(vaultName);
    synchronized (world) {
      World.RecoveryPoint p = new World.RecoveryPoint();
      p.vault = vaultName;
      p.resourceArn = resourceArn;
      p.resourceType = resourceType(resourceArn);
      p.created = Objects.requireNonNull(createdAt, "createdAt");
      p.arn = p.resourceType.equals("RDS") || p.resourceType.equals("Aurora")
          ? world.arn("rds", "snapshot:awsbackup:job-" + world.nextHex(12))
          : world.arn("backup", "recovery-point:" + world.nextHex(8) + "-" + world.nextHex(4));
      world.backupVaults.get(vaultName).recoveryPoints.put(p.arn, p);
    }
    return this;
  }

  private static String resourceType(String arn) {
    if (arn.contains(":rds:") && arn.contains(":cluster:")) {
      return "Aurora";
    }
    if (arn.contains(":rds:")) {
      return "RDS";
    }
    if (arn.contains(":dynamodb:")) {
      return "DynamoDB";
    }
    if (arn.contains(":s3:")) {
      return "S3";
    }
    if (arn.contains(":ec2:")) {
      return arn.contains("volume/") ? "EBS" : "EC2";
    }
    return "Other";
  }

  // ---- the incident ----

  /**
   * The production stack of the incident safeops was built after: a VPC with two public and
   * two private subnets, security groups (default, load balancer, app, database, bastion), an
   * ECS cluster running one service, two load balancers, a bastion EC2 instance with its
   * volume, and the RDS PostgreSQL instance {@code courses-prod}, created 2.5 years ago, with
   * deletion protection OFF, backup retention 7 days, its automated backups (which a delete
   * would take with it) and no manual snapshot. It is in use, as production is: the load
   * balancers', the database's and the tasks' network interfaces, the tasks registered behind
   * both load balancers, and 25 hours of CloudWatch data every 5 minutes (connections to the
   * database, requests on the load balancers, the service's running tasks, the bastion's SSH
   * traffic). Identifiers are in {@link IncidentStack}.
   */
  public FakeAwsSeed incidentProductionStack() {
    vpc(IncidentStack.VPC, "10.0.0.0/16");
    subnet(IncidentStack.PUBLIC_SUBNETS.get(0), IncidentStack.VPC, "10.0.1.0/24", "us-east-1a");
    subnet(IncidentStack.PUBLIC_SUBNETS.get(1), IncidentStack.VPC, "10.0.2.0/24", "us-east-1b");
    subnet(IncidentStack.PRIVATE_SUBNETS.get(0), IncidentStack.VPC, "10.0.11.0/24", "us-east-1a");
    subnet(IncidentStack.PRIVATE_SUBNETS.get(1), IncidentStack.VPC, "10.0.12.0/24", "us-east-1b");
    securityGroup(IncidentStack.DEFAULT_SECURITY_GROUP, "default", IncidentStack.VPC);
    securityGroup(IncidentStack.LOAD_BALANCER_SECURITY_GROUP, "courses-prod-alb", IncidentStack.VPC);
    securityGroup(IncidentStack.APP_SECURITY_GROUP, "courses-prod-app", IncidentStack.VPC);
    securityGroup(IncidentStack.DB_SECURITY_GROUP, "courses-prod-db", IncidentStack.VPC);
    securityGroup(IncidentStack.BASTION_SECURITY_GROUP, "courses-prod-bastion", IncidentStack.VPC);
    ecsCluster(IncidentStack.ECS_CLUSTER);
    ecsService(IncidentStack.ECS_CLUSTER, IncidentStack.ECS_SERVICE, 2);
    for (String lb : IncidentStack.LOAD_BALANCERS) {
      loadBalancer(lb, l -> l.vpc(IncidentStack.VPC).subnets(IncidentStack.PUBLIC_SUBNETS));
    }
    ec2Instance(IncidentStack.BASTION, i -> i.subnet(IncidentStack.PUBLIC_SUBNETS.get(0))
        .securityGroup(IncidentStack.BASTION_SECURITY_GROUP).tag("Name", "courses-prod-bastion"));
    attachedVolume(IncidentStack.BASTION_VOLUME, 8, "us-east-1a", IncidentStack.BASTION);
    Instant created;
    synchronized (world) {
      created = world.now().minus(Duration.ofDays(913));
    }
    dbInstance(IncidentStack.DB_INSTANCE, db -> db.engine("postgres").engineVersion("16.3")
        .instanceClass("db.t3.medium").dbName("courses").deletionProtection(false).backupRetentionDays(7)
        .vpc(IncidentStack.VPC).tag("Environment", "production").createdAt(created));
    incidentUsers();
    incidentTraffic();
    return this;
  }

  /** What uses the stack: load balancer, database and task interfaces, and the tasks behind the load balancers. */
  private void incidentUsers() {
    int n = 0;
    for (String lb : IncidentStack.LOAD_BALANCERS) {
      String suffix = loadBalancerSuffix(lb);
      for (String subnet : IncidentStack.PUBLIC_SUBNETS) {
        networkInterface(String.format("eni-0e1b%013d", ++n), subnet, e -> e.description("ELB " + suffix)
            .requesterManaged(true).securityGroup(IncidentStack.LOAD_BALANCER_SECURITY_GROUP));
      }
    }
    networkInterface("eni-0rds000000000001", IncidentStack.PRIVATE_SUBNETS.get(0), e -> e.description("RDSNetworkInterface")
        .requesterManaged(true).securityGroup(IncidentStack.DB_SECURITY_GROUP));
    for (int task = 0; task < IncidentStack.TASK_IPS.size(); task++) {
      String ip = IncidentStack.TASK_IPS.get(task);
      networkInterface(String.format("eni-0ecs%013d", task + 1), IncidentStack.PRIVATE_SUBNETS.get(task % 2),
          e -> e.description("arn:aws:ecs:" + world.region + ":" + world.accountId + ":attachment/" + ip)
              .requesterManaged(true).privateIp(ip).securityGroup(IncidentStack.APP_SECURITY_GROUP));
    }
    targetGroup("courses-web", g -> g.loadBalancer(IncidentStack.LOAD_BALANCERS.get(0)).targetType("ip").port(8080)
        .target(IncidentStack.TASK_IPS.get(0), 8080).target(IncidentStack.TASK_IPS.get(1), 8080));
    targetGroup("courses-api", g -> g.loadBalancer(IncidentStack.LOAD_BALANCERS.get(1)).targetType("ip").port(8081)
        .target(IncidentStack.TASK_IPS.get(0), 8081).target(IncidentStack.TASK_IPS.get(1), 8081));
  }

  /**
   * Production's last 25 hours, every 5 minutes: database connections (10 to 16), requests on
   * both load balancers, the ECS service's two running tasks, the bastion's SSH traffic.
   */
  private void incidentTraffic() {
    Duration every = Duration.ofMinutes(5);
    Duration over = Duration.ofHours(25);
    metricSeries("AWS/RDS", "DatabaseConnections", Map.of("DBInstanceIdentifier", IncidentStack.DB_INSTANCE), every, over,
        i -> 10 + (i * 7 % 5) + (i % 3));
    for (String lb : IncidentStack.LOAD_BALANCERS) {
      metricSeries("AWS/ApplicationELB", "RequestCount", Map.of("LoadBalancer", loadBalancerSuffix(lb)), every, over,
          i -> 120 + (i * 37 % 90));
    }
    metricSeries("ECS/ContainerInsights", "RunningTaskCount", Map.of("ClusterName", IncidentStack.ECS_CLUSTER,
        "ServiceName", IncidentStack.ECS_SERVICE), every, over, i -> 2);
    metricSeries("AWS/EC2", "NetworkIn", Map.of("InstanceId", IncidentStack.BASTION), every, over,
        i -> 350_000 + (i * 7919 % 100_000));
    metricSeries("AWS/EC2", "CPUUtilization", Map.of("InstanceId", IncidentStack.BASTION), every, over,
        i -> 1 + (i % 4) * 0.5);
  }

  private String loadBalancerSuffix(String name) {
    synchronized (world) {
      String arn = world.loadBalancers.get(name).arn;
      return arn.substring(arn.indexOf("loadbalancer/") + "loadbalancer/".length());
    }
  }

  /**
   * The duplicates a plan without its state file left beside production: five security groups
   * ({@link IncidentStack#DUPLICATE_SECURITY_GROUPS}) in the production VPC, minutes old, that
   * nothing uses and no metric mentions.
   */
  public FakeAwsSeed incidentDuplicates() {
    for (String group : IncidentStack.DUPLICATE_SECURITY_GROUPS) {
      securityGroup(group, "courses-prod-app-copy-" + group.substring(group.length() - 1), IncidentStack.VPC);
    }
    return this;
  }

  /** Identifiers of {@link #incidentProductionStack()}. */
  public static final class IncidentStack {
    public static final String VPC = "vpc-0c0a1b2c3d4e5f601";
    public static final List<String> PUBLIC_SUBNETS = List.of("subnet-0a1pub0000000000a", "subnet-0a1pub0000000000b");
    public static final List<String> PRIVATE_SUBNETS = List.of("subnet-0b2prv0000000000a", "subnet-0b2prv0000000000b");
    public static final String DEFAULT_SECURITY_GROUP = "sg-0default000000000";
    public static final String LOAD_BALANCER_SECURITY_GROUP = "sg-0alb0000000000000";
    public static final String APP_SECURITY_GROUP = "sg-0app0000000000000";
    public static final String DB_SECURITY_GROUP = "sg-0db00000000000000";
    public static final String BASTION_SECURITY_GROUP = "sg-0bastion000000000";
    public static final String ECS_CLUSTER = "courses-prod";
    public static final String ECS_SERVICE = "courses-web";
    public static final List<String> LOAD_BALANCERS = List.of("courses-prod-web", "courses-prod-api");
    public static final String BASTION = "i-0bastion0000000001";
    public static final String BASTION_VOLUME = "vol-0bastion00000001";
    public static final String DB_INSTANCE = "courses-prod";
    /** The private addresses of the service's two tasks, registered behind both load balancers. */
    public static final List<String> TASK_IPS = List.of("10.0.11.23", "10.0.12.47");
    /** The security groups of {@link #incidentDuplicates()}. */
    public static final List<String> DUPLICATE_SECURITY_GROUPS = List.of("sg-0dup000000000001", "sg-0dup000000000002",
        "sg-0dup000000000003", "sg-0dup000000000004", "sg-0dup000000000005");

    private IncidentStack() {}
  }

  private static void requireId(String what, String id) {
    if (id == null || id.isBlank()) {
      throw new InvalidInputException(what + " must not be blank");
    }
  }

  // ---- specs ----

  /** A DB instance to seed; defaults: postgres 16.3, db.t3.micro, available, protection off, 7 days retention. */
  public static final class DbInstanceSpec {
    private String engine = "postgres";
    private String engineVersion = "16.3";
    private String instanceClass = "db.t3.micro";
    private boolean deletionProtection;
    private int backupRetentionDays = 7;
    private int allocatedStorageGb = 20;
    private String dbName;
    private String vpcId;
    private String clusterId;
    private String status = "available";
    private Instant createdAt;
    private List<Instant> automatedSnapshotTimes;
    private final Map<String, Instant> manualSnapshots = new LinkedHashMap<>();
    private final Map<String, String> tags = new LinkedHashMap<>();

    DbInstanceSpec() {}

    public DbInstanceSpec engine(String engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    public DbInstanceSpec engineVersion(String version) {
      this.engineVersion = Objects.requireNonNull(version, "engineVersion");
      return this;
    }

    public DbInstanceSpec instanceClass(String instanceClass) {
      this.instanceClass = Objects.requireNonNull(instanceClass, "instanceClass");
      return this;
    }

    public DbInstanceSpec deletionProtection(boolean on) {
      this.deletionProtection = on;
      return this;
    }

    /** 0 turns automated backups off; AWS allows 0 to 35. */
    public DbInstanceSpec backupRetentionDays(int days) {
      if (days < 0 || days > 35) {
        throw new InvalidInputException("backup retention must be 0 to 35 days, got: " + days);
      }
      this.backupRetentionDays = days;
      return this;
    }

    public DbInstanceSpec allocatedStorageGb(int gb) {
      if (gb <= 0) {
        throw new InvalidInputException("allocated storage must be positive, got: " + gb);
      }
      this.allocatedStorageGb = gb;
      return this;
    }

    public DbInstanceSpec dbName(String dbName) {
      this.dbName = dbName;
      return this;
    }

    public DbInstanceSpec vpc(String vpcId) {
      this.vpcId = vpcId;
      return this;
    }

    /** Makes the instance a member of a cluster, which then cannot be deleted before it. */
    public DbInstanceSpec cluster(String clusterId) {
      this.clusterId = clusterId;
      return this;
    }

    /** e.g. {@code stopped}; default {@code available}. */
    public DbInstanceSpec status(String status) {
      this.status = Objects.requireNonNull(status, "status");
      return this;
    }

    public DbInstanceSpec createdAt(Instant createdAt) {
      this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
      return this;
    }

    /** Replaces the daily automated snapshots with snapshots at exactly these times (none: empty). */
    public DbInstanceSpec automatedSnapshotsAt(Instant... times) {
      this.automatedSnapshotTimes = new ArrayList<>(List.of(times));
      return this;
    }

    public DbInstanceSpec manualSnapshot(String snapshotId, Instant createdAt) {
      manualSnapshots.put(Objects.requireNonNull(snapshotId, "snapshotId"), Objects.requireNonNull(createdAt, "createdAt"));
      return this;
    }

    public DbInstanceSpec tag(String key, String value) {
      tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }
  }

  /** An Aurora cluster to seed; defaults: aurora-postgresql, protection off, 7 days retention, no snapshots. */
  public static final class DbClusterSpec {
    private String engine = "aurora-postgresql";
    private boolean deletionProtection;
    private int backupRetentionDays = 7;
    private final List<Instant> automatedSnapshotTimes = new ArrayList<>();

    DbClusterSpec() {}

    public DbClusterSpec engine(String engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    public DbClusterSpec deletionProtection(boolean on) {
      this.deletionProtection = on;
      return this;
    }

    public DbClusterSpec backupRetentionDays(int days) {
      if (days < 1 || days > 35) {
        throw new InvalidInputException("cluster backup retention must be 1 to 35 days, got: " + days);
      }
      this.backupRetentionDays = days;
      return this;
    }

    public DbClusterSpec automatedSnapshotAt(Instant at) {
      automatedSnapshotTimes.add(Objects.requireNonNull(at, "at"));
      return this;
    }
  }

  /** An EC2 instance to seed; defaults: running t3.micro, termination allowed. */
  public static final class Ec2InstanceSpec {
    private String instanceType = "t3.micro";
    private String state = "running";
    private String subnetId;
    private boolean disableApiTermination;
    private final List<String> securityGroups = new ArrayList<>();
    private final Map<String, String> tags = new LinkedHashMap<>();

    Ec2InstanceSpec() {}

    public Ec2InstanceSpec instanceType(String type) {
      this.instanceType = Objects.requireNonNull(type, "instanceType");
      return this;
    }

    /** {@code running}, {@code stopped}... */
    public Ec2InstanceSpec state(String state) {
      this.state = Objects.requireNonNull(state, "state");
      return this;
    }

    /** The subnet, seeded before; the instance's VPC is the subnet's. */
    public Ec2InstanceSpec subnet(String subnetId) {
      this.subnetId = subnetId;
      return this;
    }

    public Ec2InstanceSpec securityGroup(String groupId) {
      securityGroups.add(Objects.requireNonNull(groupId, "groupId"));
      return this;
    }

    /** With true, TerminateInstances is refused with OperationNotPermitted, as on AWS. */
    public Ec2InstanceSpec disableApiTermination(boolean on) {
      this.disableApiTermination = on;
      return this;
    }

    public Ec2InstanceSpec tag(String key, String value) {
      tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }
  }

  /** A network interface to seed; defaults: no description, type {@code interface}, not requester-managed, no groups. */
  public static final class NetworkInterfaceSpec {
    private String description = "";
    private String interfaceType = "interface";
    private boolean requesterManaged;
    private String privateIp;
    private final List<String> securityGroups = new ArrayList<>();

    NetworkInterfaceSpec() {}

    /** As AWS writes it, e.g. {@code ELB app/NAME/ID} for a load balancer's, {@code RDSNetworkInterface}. */
    public NetworkInterfaceSpec description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    public NetworkInterfaceSpec interfaceType(String type) {
      this.interfaceType = Objects.requireNonNull(type, "interfaceType");
      return this;
    }

    /** True for interfaces a service made for itself (load balancers, RDS, Fargate tasks). */
    public NetworkInterfaceSpec requesterManaged(boolean on) {
      this.requesterManaged = on;
      return this;
    }

    public NetworkInterfaceSpec privateIp(String ip) {
      this.privateIp = Objects.requireNonNull(ip, "privateIp");
      return this;
    }

    public NetworkInterfaceSpec securityGroup(String groupId) {
      securityGroups.add(Objects.requireNonNull(groupId, "groupId"));
      return this;
    }
  }

  /** A target group to seed; defaults: instance targets on port 80, no load balancer, no targets. */
  public static final class TargetGroupSpec {
    private String targetType = "instance";
    private int port = 80;
    private final List<String> loadBalancers = new ArrayList<>();
    private final Map<String, Integer> targets = new LinkedHashMap<>();

    TargetGroupSpec() {}

    /** {@code instance}, {@code ip} or {@code lambda}. */
    public TargetGroupSpec targetType(String type) {
      this.targetType = Objects.requireNonNull(type, "targetType");
      return this;
    }

    public TargetGroupSpec port(int port) {
      if (port < 1 || port > 65535) {
        throw new InvalidInputException("port must be 1 to 65535, got: " + port);
      }
      this.port = port;
      return this;
    }

    /** A load balancer, by name, that forwards to the group. */
    public TargetGroupSpec loadBalancer(String name) {
      loadBalancers.add(Objects.requireNonNull(name, "name"));
      return this;
    }

    /** A registered target: an instance id, an IP address or a function ARN. */
    public TargetGroupSpec target(String id, int port) {
      targets.put(Objects.requireNonNull(id, "id"), port);
      return this;
    }
  }

  /** A bucket to seed; defaults: empty, versioning never configured. */
  public static final class BucketSpec {
    private String versioning;
    private String mfaDelete;
    private final Map<String, Long> objects = new LinkedHashMap<>();

    BucketSpec() {}

    public BucketSpec object(String key, long sizeBytes) {
      if (sizeBytes < 0) {
        throw new InvalidInputException("object size must not be negative, got: " + sizeBytes);
      }
      objects.put(Objects.requireNonNull(key, "key"), sizeBytes);
      return this;
    }

    /** {@code Enabled} or {@code Suspended}. */
    public BucketSpec versioning(String status) {
      if (!"Enabled".equals(status) && !"Suspended".equals(status)) {
        throw new InvalidInputException("versioning must be Enabled or Suspended, got: " + status);
      }
      this.versioning = status;
      return this;
    }

    public BucketSpec mfaDelete(boolean on) {
      this.mfaDelete = on ? "Enabled" : "Disabled";
      return this;
    }
  }

  /** A DynamoDB table to seed; defaults: no deletion protection, no point-in-time recovery, empty. */
  public static final class TableSpec {
    private boolean deletionProtection;
    private boolean pointInTimeRecovery;
    private long itemCount;

    TableSpec() {}

    public TableSpec deletionProtection(boolean on) {
      this.deletionProtection = on;
      return this;
    }

    public TableSpec pointInTimeRecovery(boolean on) {
      this.pointInTimeRecovery = on;
      return this;
    }

    public TableSpec itemCount(long count) {
      if (count < 0) {
        throw new InvalidInputException("item count must not be negative, got: " + count);
      }
      this.itemCount = count;
      return this;
    }
  }

  /** A load balancer to seed; defaults: internet-facing application load balancer, no deletion protection. */
  public static final class LoadBalancerSpec {
    private String type = "application";
    private String scheme = "internet-facing";
    private String vpcId;
    private boolean deletionProtection;
    private final List<String> subnets = new ArrayList<>();

    LoadBalancerSpec() {}

    /** {@code application} or {@code network}. */
    public LoadBalancerSpec type(String type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    public LoadBalancerSpec scheme(String scheme) {
      this.scheme = Objects.requireNonNull(scheme, "scheme");
      return this;
    }

    public LoadBalancerSpec vpc(String vpcId) {
      this.vpcId = vpcId;
      return this;
    }

    public LoadBalancerSpec subnets(List<String> subnetIds) {
      subnets.addAll(subnetIds);
      return this;
    }

    public LoadBalancerSpec deletionProtection(boolean on) {
      this.deletionProtection = on;
      return this;
    }
  }
}
