package dev.safeops.aws.internal.live;

import static dev.safeops.aws.internal.live.LiveClients.need;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * How a resource's creation time is read, by the name the catalog gives it. Each reads one
 * describe call; a resource the call does not find is an error (the plan names something the
 * account does not hold, likely the wrong account or region), never "no evidence".
 */
enum CreationLookup {
  RDS_DB_INSTANCE("rds-db-instance", "RDS DescribeDBInstances", "id") {
    @Override
    Optional<Instant> read(LiveClients c, Map<String, String> ids) {
      DBInstance db = need(c.rds(), "RDS").describeDBInstances(r -> r.dbInstanceIdentifier(ids.get("id")))
          .dbInstances().stream().findFirst().orElseThrow(() -> notFound("DB instance", ids.get("id")));
      return Optional.ofNullable(db.instanceCreateTime());
    }
  },
  RDS_DB_CLUSTER("rds-db-cluster", "RDS DescribeDBClusters", "id") {
    @Override
    Optional<Instant> read(LiveClients c, Map<String, String> ids) {
      DBCluster cluster = need(c.rds(), "RDS").describeDBClusters(r -> r.dbClusterIdentifier(ids.get("id")))
          .dbClusters().stream().findFirst().orElseThrow(() -> notFound("DB cluster", ids.get("id")));
      return Optional.ofNullable(cluster.clusterCreateTime());
    }
  },
  EC2_INSTANCE("ec2-instance", "EC2 DescribeInstances", "id") {
    @Override
    Optional<Instant> read(LiveClients c, Map<String, String> ids) {
      Instance i = need(c.ec2(), "EC2").describeInstances(r -> r.instanceIds(ids.get("id"))).reservations().stream()
          .flatMap(r -> r.instances().stream()).findFirst().orElseThrow(() -> notFound("EC2 instance", ids.get("id")));
      return Optional.ofNullable(i.launchTime());
    }
  },
  LOAD_BALANCER("load-balancer", "ELBv2 DescribeLoadBalancers", "arn") {
    @Override
    Optional<Instant> read(LiveClients c, Map<String, String> ids) {
      LoadBalancer lb = need(c.elb(), "ELBv2").describeLoadBalancers(r -> r.loadBalancerArns(ids.get("arn")))
          .loadBalancers().stream().findFirst().orElseThrow(() -> notFound("load balancer", ids.get("arn")));
      return Optional.ofNullable(lb.createdTime());
    }
  },
  ECS_SERVICE("ecs-service", "ECS DescribeServices", "cluster", "service") {
    @Override
    Optional<Instant> read(LiveClients c, Map<String, String> ids) {
      Service s = need(c.ecs(), "ECS").describeServices(r -> r.cluster(ids.get("cluster")).services(ids.get("service")))
          .services().stream().filter(x -> !"INACTIVE".equals(x.status())).findFirst()
          .orElseThrow(() -> notFound("ECS service", ids.get("cluster") + "/" + ids.get("service")));
      return Optional.ofNullable(s.createdAt());
    }
  },
  DYNAMODB_TABLE("dynamodb-table", "DynamoDB DescribeTable", "id") {
    @Override
    Optional<Instant> read(LiveClients c, Map<String, String> ids) {
      TableDescription t = need(c.dynamoDb(), "DynamoDB").describeTable(r -> r.tableName(ids.get("id"))).table();
      return Optional.ofNullable(t == null ? null : t.creationDateTime());
    }
  };

  private final String catalogName;
  private final String call;
  private final List<String> needs;

  CreationLookup(String catalogName, String call, String... needs) {
    this.catalogName = catalogName;
    this.call = call;
    this.needs = List.of(needs);
  }

  /** When the resource was created, if the service says. */
  abstract Optional<Instant> read(LiveClients clients, Map<String, String> ids);

  /** The call, for messages: {@code RDS DescribeDBInstances}. */
  String call() {
    return call;
  }

  /** The identifier keys the lookup reads. */
  List<String> needs() {
    return needs;
  }

  static Optional<CreationLookup> named(String name) {
    return Arrays.stream(values()).filter(l -> l.catalogName.equals(name)).findFirst();
  }

  private static IllegalStateException notFound(String what, String id) {
    return new IllegalStateException("the account has no " + what + " " + id);
  }
}
