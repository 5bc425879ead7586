package dev.safeops.aws.testing.internal;

import dev.safeops.aws.testing.internal.World.LoadBalancer;
import dev.safeops.aws.testing.internal.World.TargetGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Elastic Load Balancing v2 over the query protocol; lists are {@code <member>} elements.
 * Target groups page with {@code PageSize} and {@code Marker}, as on AWS.
 */
final class ElbHandler extends QueryHandler {

  @Override
  public String signingName() {
    return "elasticloadbalancing";
  }

  @Override
  String namespace() {
    return "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
  }

  @Override
  public WireResponse handle(Call call) {
    return switch (call.operation) {
      case "DescribeLoadBalancers" -> describe(call);
      case "DescribeLoadBalancerAttributes" -> attributes(call);
      case "DeleteLoadBalancer" -> delete(call);
      case "DescribeTargetGroups" -> targetGroups(call);
      case "DescribeTargetHealth" -> targetHealth(call);
      default -> throw invalidAction(call);
    };
  }

  private WireResponse describe(Call call) {
    World w = call.world;
    List<String> arns = values(call.params, "LoadBalancerArns.member");
    List<String> names = values(call.params, "Names.member");
    List<LoadBalancer> found = new ArrayList<>();
    for (LoadBalancer lb : w.loadBalancers.values()) {
      if ((arns.isEmpty() || arns.contains(lb.arn)) && (names.isEmpty() || names.contains(lb.name))) {
        found.add(lb);
      }
    }
    if (found.size() < Math.max(arns.size(), names.size())) {
      throw notFound();
    }
    return ok(call, x -> {
      x.start("LoadBalancers");
      for (LoadBalancer lb : found) {
        x.start("member").el("LoadBalancerArn", lb.arn)
            .el("DNSName", lb.name + "-1234567890." + w.region + ".elb.amazonaws.com")
            .el("CanonicalHostedZoneId", "Z35SXDOTRQ7X7K").el("CreatedTime", lb.created)
            .el("LoadBalancerName", lb.name).el("Scheme", lb.scheme).el("VpcId", lb.vpcId)
            .start("State").el("Code", "active").end().el("Type", lb.type);
        x.start("AvailabilityZones");
        for (String subnet : lb.subnets) {
          String az = w.subnets.containsKey(subnet) ? w.subnets.get(subnet).availabilityZone : w.region + "a";
          x.start("member").el("ZoneName", az).el("SubnetId", subnet).end();
        }
        x.end().el("IpAddressType", "ipv4").end();
      }
      x.end();
    });
  }

  private WireResponse attributes(Call call) {
    LoadBalancer lb = byArn(call);
    return ok(call, x -> x.start("Attributes")
        .start("member").el("Key", "deletion_protection.enabled").el("Value", lb.deletionProtection).end()
        .start("member").el("Key", "idle_timeout.timeout_seconds").el("Value", 60).end()
        .start("member").el("Key", "access_logs.s3.enabled").el("Value", false).end()
        .end());
  }

  private WireResponse delete(Call call) {
    World w = call.world;
    String arn = call.required("LoadBalancerArn");
    LoadBalancer lb = w.loadBalancers.values().stream().filter(l -> l.arn.equals(arn)).findFirst().orElse(null);
    if (lb == null) {
      // AWS answers success for a load balancer that does not exist or is already gone.
      return ok(call, x -> { });
    }
    if (lb.deletionProtection) {
      throw new AwsError(400, "OperationNotPermitted", "Load balancer '" + lb.arn
          + "' cannot be deleted because deletion protection is enabled");
    }
    w.loadBalancers.remove(lb.name);
    w.targetGroups.values().forEach(g -> g.loadBalancerArns.remove(lb.arn));
    call.mutated();
    return ok(call, x -> { });
  }

  private WireResponse targetGroups(Call call) {
    World w = call.world;
    String lbArn = call.param("LoadBalancerArn");
    List<String> arns = values(call.params, "TargetGroupArns.member");
    List<String> names = values(call.params, "Names.member");
    if (lbArn != null && w.loadBalancers.values().stream().noneMatch(lb -> lb.arn.equals(lbArn))) {
      throw notFound();
    }
    List<TargetGroup> found = new ArrayList<>();
    for (TargetGroup g : w.targetGroups.values()) {
      if ((lbArn == null || g.loadBalancerArns.contains(lbArn)) && (arns.isEmpty() || arns.contains(g.arn))
          && (names.isEmpty() || names.contains(g.name))) {
        found.add(g);
      }
    }
    if (found.size() < Math.max(arns.size(), names.size())) {
      throw new AwsError(400, "TargetGroupNotFound", "One or more target groups not found");
    }
    int from = call.param("Marker") == null ? 0 : marker(call.param("Marker"));
    int size = call.param("PageSize") == null ? 400 : Integer.parseInt(call.param("PageSize"));
    List<TargetGroup> page = found.subList(Math.min(from, found.size()), Math.min(found.size(), from + size));
    String next = from + size < found.size() ? "fake-marker-" + (from + size) : null;
    return ok(call, x -> {
      x.start("TargetGroups");
      for (TargetGroup g : page) {
        x.start("member").el("TargetGroupArn", g.arn).el("TargetGroupName", g.name).el("Protocol", "HTTP")
            .el("Port", g.port).el("VpcId", g.vpcId).el("TargetType", g.targetType).start("LoadBalancerArns");
        g.loadBalancerArns.forEach(a -> x.el("member", a));
        x.end().end();
      }
      x.end().el("NextMarker", next);
    });
  }

  private WireResponse targetHealth(Call call) {
    String arn = call.required("TargetGroupArn");
    TargetGroup g = call.world.targetGroups.values().stream().filter(t -> t.arn.equals(arn)).findFirst()
        .orElseThrow(() -> new AwsError(400, "TargetGroupNotFound", "Target groups '" + arn + "' not found"));
    boolean attached = !g.loadBalancerArns.isEmpty();
    return ok(call, x -> {
      x.start("TargetHealthDescriptions");
      for (Map.Entry<String, Integer> t : g.targets.entrySet()) {
        x.start("member").start("Target").el("Id", t.getKey()).el("Port", t.getValue()).end()
            .el("HealthCheckPort", String.valueOf(t.getValue()))
            .start("TargetHealth").el("State", attached ? "healthy" : "unused").end().end();
      }
      x.end();
    });
  }

  private static int marker(String marker) {
    try {
      return Integer.parseInt(marker.substring("fake-marker-".length()));
    } catch (RuntimeException e) {
      throw new AwsError(400, "ValidationError", "The marker " + marker + " was not issued by this endpoint.");
    }
  }

  private static LoadBalancer byArn(Call call) {
    String arn = call.required("LoadBalancerArn");
    return call.world.loadBalancers.values().stream().filter(lb -> lb.arn.equals(arn)).findFirst()
        .orElseThrow(ElbHandler::notFound);
  }

  private static AwsError notFound() {
    return new AwsError(400, "LoadBalancerNotFound", "One or more load balancers not found");
  }
}
