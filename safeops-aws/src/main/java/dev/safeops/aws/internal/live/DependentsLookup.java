package dev.safeops.aws.internal.live;

import static dev.safeops.aws.internal.live.LiveClients.need;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * What else uses a resource, by the name the catalog gives the lookup. Every listing is read
 * to its last page. Each dependent names the identifiers that own it (a network interface: its
 * own id, the instance it is attached to, the load balancer its description names), so the
 * rule can leave out what the plan deletes as well.
 */
enum DependentsLookup {
  NETWORK_INTERFACES_IN_VPC("network-interfaces-in-vpc", "EC2 DescribeNetworkInterfaces",
      "network interface", "network interfaces", "in the VPC", "id") {
    @Override
    List<Dependent> read(LiveClients c, Map<String, String> ids) {
      return interfaces(need(c.ec2(), "EC2"), "vpc-id", ids.get("id"));
    }
  },
  NETWORK_INTERFACES_IN_SUBNET("network-interfaces-in-subnet", "EC2 DescribeNetworkInterfaces",
      "network interface", "network interfaces", "in the subnet", "id") {
    @Override
    List<Dependent> read(LiveClients c, Map<String, String> ids) {
      return interfaces(need(c.ec2(), "EC2"), "subnet-id", ids.get("id"));
    }
  },
  USERS_OF_SECURITY_GROUP("users-of-security-group", "EC2 DescribeInstances and DescribeNetworkInterfaces",
      "instance or network interface", "instances and network interfaces", "in the group", "id") {
    @Override
    List<Dependent> read(LiveClients c, Map<String, String> ids) {
      Ec2Client ec2 = need(c.ec2(), "EC2");
      String group = ids.get("id");
      Map<String, Dependent> out = new LinkedHashMap<>();
      for (Instance i : ec2.describeInstancesPaginator(r -> r.filters(
              filter("instance.group-id", group), filter("instance-state-name", "pending", "running", "stopping", "stopped")))
          .reservations().stream().flatMap(r -> r.instances().stream()).toList()) {
        out.put(i.instanceId(), new Dependent(i.instanceId(), "instance, " + i.state().nameAsString(), Set.of(i.instanceId())));
      }
      // Interfaces of the instances above are the instances; the others (load balancers,
      // databases, tasks, functions) are users in their own right.
      for (Dependent d : interfaces(ec2, "group-id", group)) {
        if (d.owners().stream().noneMatch(out::containsKey)) {
          out.put(d.id(), d);
        }
      }
      return List.copyOf(out.values());
    }
  },
  TARGETS_OF_LOAD_BALANCER("targets-of-load-balancer", "ELBv2 DescribeTargetGroups and DescribeTargetHealth",
      "registered target", "registered targets", "behind it", "arn") {
    @Override
    List<Dependent> read(LiveClients c, Map<String, String> ids) {
      ElasticLoadBalancingV2Client elb = need(c.elb(), "ELBv2");
      List<Dependent> out = new ArrayList<>();
      for (TargetGroup g : elb.describeTargetGroupsPaginator(r -> r.loadBalancerArn(ids.get("arn"))).targetGroups()) {
        for (TargetHealthDescription t : elb.describeTargetHealth(r -> r.targetGroupArn(g.targetGroupArn()))
            .targetHealthDescriptions()) {
          String id = t.target().id();
          String state = t.targetHealth() == null ? "unknown" : t.targetHealth().stateAsString();
          out.add(new Dependent(id, (t.target().port() == null ? "" : "port " + t.target().port() + " ")
              + "in " + g.targetGroupName() + ", " + state, Set.of(id)));
        }
      }
      return out;
    }
  };

  /**
   * One user of the resource: its id, a few words for people, and the identifiers that own
   * it (when the plan deletes one of them too, it is not outside the plan).
   */
  record Dependent(String id, String detail, Set<String> owners) {
    @Override
    public String toString() {
      return detail.isEmpty() ? id : id + " (" + detail + ")";
    }
  }

  private final String catalogName;
  private final String call;
  private final String one;
  private final String many;
  private final String where;
  private final List<String> needs;

  DependentsLookup(String catalogName, String call, String one, String many, String where, String... needs) {
    this.catalogName = catalogName;
    this.call = call;
    this.one = one;
    this.many = many;
    this.where = where;
    this.needs = List.of(needs);
  }

  /** Every dependent, whatever else the plan deletes. */
  abstract List<Dependent> read(LiveClients clients, Map<String, String> ids);

  /** The calls, for messages. */
  String call() {
    return call;
  }

  /** The identifier keys the lookup reads. */
  List<String> needs() {
    return needs;
  }

  /** {@code 2 network interfaces outside this plan in the VPC}. */
  String count(int n) {
    return n + " " + (n == 1 ? one : many) + " outside this plan " + where;
  }

  static Optional<DependentsLookup> named(String name) {
    return Arrays.stream(values()).filter(l -> l.catalogName.equals(name)).findFirst();
  }

  private static Filter filter(String name, String... values) {
    return Filter.builder().name(name).values(values).build();
  }

  private static List<Dependent> interfaces(Ec2Client ec2, String filter, String value) {
    List<Dependent> out = new ArrayList<>();
    for (NetworkInterface eni : ec2.describeNetworkInterfacesPaginator(r -> r.filters(filter(filter, value)))
        .networkInterfaces()) {
      Set<String> owners = new LinkedHashSet<>();
      owners.add(eni.networkInterfaceId());
      String attachedTo = eni.attachment() == null ? null : eni.attachment().instanceId();
      if (attachedTo != null) {
        owners.add(attachedTo);
      }
      String description = eni.description() == null ? "" : eni.description();
      owners.addAll(loadBalancerOf(description));
      String detail = attachedTo != null ? "attached to " + attachedTo
          : !description.isBlank() ? description
          : eni.interfaceTypeAsString() == null ? "" : eni.interfaceTypeAsString();
      out.add(new Dependent(eni.networkInterfaceId(), detail, Set.copyOf(owners)));
    }
    return out;
  }

  /**
   * The load balancer an interface belongs to, from the description AWS gives it ({@code ELB
   * app/NAME/ID}): its name and the ARN's suffix, the identifiers a plan names it by.
   */
  private static List<String> loadBalancerOf(String description) {
    if (!description.startsWith("ELB ")) {
      return List.of();
    }
    String suffix = description.substring(4).strip();
    String[] parts = suffix.split("/");
    return parts.length == 3 ? List.of(suffix, parts[1]) : List.of(suffix);
  }
}
