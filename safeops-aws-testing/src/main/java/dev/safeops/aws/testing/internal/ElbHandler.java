package dev.safeops.aws.testing.internal;

import dev.safeops.aws.testing.internal.World.LoadBalancer;
import java.util.ArrayList;
import java.util.List;

/** Elastic Load Balancing v2 over the query protocol; lists are {@code <member>} elements. */
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
    call.mutated();
    return ok(call, x -> { });
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
