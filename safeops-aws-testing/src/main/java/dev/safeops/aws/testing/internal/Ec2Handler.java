package dev.safeops.aws.testing.internal;

import dev.safeops.aws.testing.internal.World.Ec2Instance;
import dev.safeops.aws.testing.internal.World.Ec2Snapshot;
import dev.safeops.aws.testing.internal.World.NetworkInterface;
import dev.safeops.aws.testing.internal.World.SecurityGroup;
import dev.safeops.aws.testing.internal.World.Subnet;
import dev.safeops.aws.testing.internal.World.Volume;
import dev.safeops.aws.testing.internal.World.Vpc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * EC2 over its own query dialect: no result wrapper, a {@code requestId} element, errors as
 * {@code <Response><Errors><Error>}. {@code DryRun=true} checks permission and the named
 * resources, then answers DryRunOperation (HTTP 412) without changing anything; a denied
 * operation answers UnauthorizedOperation (HTTP 403), dry or not.
 */
final class Ec2Handler extends QueryHandler {
  private static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

  @Override
  public String signingName() {
    return "ec2";
  }

  @Override
  String namespace() {
    return NS;
  }

  @Override
  public AwsError accessDenied(Call call) {
    return new AwsError(403, "UnauthorizedOperation", "You are not authorized to perform this operation. User: arn:aws:iam::"
        + call.world.accountId + ":user/fake is not authorized to perform: ec2:" + call.operation);
  }

  @Override
  public WireResponse error(Call call, AwsError error) {
    String body = new Xml("Response", null).start("Errors").start("Error")
        .el("Code", error.code()).el("Message", error.getMessage()).end().end()
        .el("RequestID", call.requestId).finish();
    return WireResponse.of(error.status(), "text/xml", body);
  }

  @Override
  public WireResponse handle(Call call) {
    return switch (call.operation) {
      case "DescribeInstances" -> describeInstances(call);
      case "TerminateInstances" -> terminateInstances(call);
      case "DescribeInstanceAttribute" -> describeInstanceAttribute(call);
      case "DescribeVpcs" -> describe(call, "vpcSet", call.world.vpcs, "VpcId", "InvalidVpcID.NotFound", "vpc ID", this::vpcAttrs, this::writeVpc);
      case "DescribeSubnets" -> describe(call, "subnetSet", call.world.subnets, "SubnetId", "InvalidSubnetID.NotFound", "subnet ID", this::subnetAttrs, this::writeSubnet);
      case "DescribeSecurityGroups" -> describe(call, "securityGroupInfo", call.world.securityGroups, "GroupId", "InvalidGroup.NotFound", "security group", this::groupAttrs, this::writeGroup);
      case "DescribeVolumes" -> describe(call, "volumeSet", call.world.volumes, "VolumeId", "InvalidVolume.NotFound", "volume", this::volumeAttrs, this::writeVolume);
      case "DescribeSnapshots" -> describe(call, "snapshotSet", call.world.ec2Snapshots, "SnapshotId", "InvalidSnapshot.NotFound", "snapshot", this::snapshotAttrs, this::writeSnapshot);
      case "DescribeNetworkInterfaces" -> describe(call, "networkInterfaceSet", call.world.networkInterfaces, "NetworkInterfaceId", "InvalidNetworkInterfaceID.NotFound", "network interface", this::interfaceAttrs, this::writeInterface);
      case "DeleteVpc" -> deleteVpc(call);
      case "DeleteSubnet" -> deleteSubnet(call);
      case "DeleteSecurityGroup" -> deleteSecurityGroup(call);
      case "DeleteVolume" -> deleteVolume(call);
      case "DeleteSnapshot" -> deleteSnapshot(call);
      default -> throw new AwsError(400, "InvalidAction", "The action " + call.operation
          + " is not valid for this web service (the fake AWS endpoint's ec2 does not support it).");
    };
  }

  private WireResponse respond(Call call, java.util.function.Consumer<Xml> body) {
    Xml x = new Xml(call.operation + "Response", NS).el("requestId", call.requestId);
    body.accept(x);
    return WireResponse.of(200, "text/xml", x.finish());
  }

  /** Answers a dry run once the request has been validated: AWS's 412, never a change. */
  private static void dryRunGate(Call call) {
    if (call.flag("DryRun", false)) {
      throw new AwsError(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
    }
  }

  // ---- instances ----

  private WireResponse describeInstances(Call call) {
    World w = call.world;
    List<Ec2Instance> found = select(call, w.ec2Instances, "InstanceId", "InvalidInstanceID.NotFound", "instance ID", this::instanceAttrs);
    dryRunGate(call);
    Map<String, List<Ec2Instance>> byReservation = new LinkedHashMap<>();
    found.forEach(i -> byReservation.computeIfAbsent(i.reservationId, r -> new ArrayList<>()).add(i));
    return respond(call, x -> {
      x.start("reservationSet");
      byReservation.forEach((reservation, instances) -> {
        x.start("item").el("reservationId", reservation).el("ownerId", w.accountId).start("groupSet").end()
            .start("instancesSet");
        instances.forEach(i -> writeInstance(x.start("item"), i).end());
        x.end().end();
      });
      x.end();
    });
  }

  /** Only the termination-protection attribute, which guarded terminations read; any other is an AWS-shaped error. */
  private WireResponse describeInstanceAttribute(Call call) {
    Ec2Instance i = require(call.world.ec2Instances, call.required("InstanceId"), "InvalidInstanceID.NotFound", "instance ID");
    String attribute = call.required("Attribute");
    if (!attribute.equals("disableApiTermination")) {
      throw new AwsError(400, "InvalidParameterValue", "The fake answers DescribeInstanceAttribute for disableApiTermination "
          + "only, not " + attribute);
    }
    return respond(call, x -> x.el("instanceId", i.id).start("disableApiTermination")
        .el("value", String.valueOf(i.disableApiTermination)).end());
  }

  private WireResponse terminateInstances(Call call) {
    World w = call.world;
    List<String> ids = values(call.params, "InstanceId");
    if (ids.isEmpty()) {
      throw new AwsError(400, "MissingParameter", "The request must contain the parameter InstanceId");
    }
    List<Ec2Instance> instances = new ArrayList<>();
    for (String id : ids) {
      instances.add(require(w.ec2Instances, id, "InvalidInstanceID.NotFound", "instance ID"));
    }
    dryRunGate(call);
    for (Ec2Instance i : instances) {
      if (i.disableApiTermination) {
        throw new AwsError(400, "OperationNotPermitted", "The instance '" + i.id
            + "' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.");
      }
    }
    List<String[]> transitions = new ArrayList<>();
    for (Ec2Instance i : instances) {
      String previous = i.state;
      String current = previous.equals("terminated") ? "terminated" : "shutting-down";
      transitions.add(new String[] {i.id, previous, current});
      i.state = "terminated";
      // An instance's own interfaces go with it.
      w.networkInterfaces.values().removeIf(eni -> i.id.equals(eni.attachedInstance));
    }
    call.mutated();
    return respond(call, x -> {
      x.start("instancesSet");
      for (String[] t : transitions) {
        x.start("item").el("instanceId", t[0])
            .start("currentState").el("code", stateCode(t[2])).el("name", t[2]).end()
            .start("previousState").el("code", stateCode(t[1])).el("name", t[1]).end()
            .end();
      }
      x.end();
    });
  }

  // ---- network and storage ----

  private WireResponse deleteVpc(Call call) {
    World w = call.world;
    Vpc vpc = require(w.vpcs, call.required("VpcId"), "InvalidVpcID.NotFound", "vpc ID");
    dryRunGate(call);
    boolean inUse = w.subnets.values().stream().anyMatch(s -> vpc.id.equals(s.vpcId))
        || w.securityGroups.values().stream().anyMatch(g -> vpc.id.equals(g.vpcId) && !g.name.equals("default"))
        || w.ec2Instances.values().stream().anyMatch(i -> vpc.id.equals(i.vpcId) && !i.state.equals("terminated"))
        || w.networkInterfaces.values().stream().anyMatch(eni -> vpc.id.equals(eni.vpcId));
    if (inUse) {
      throw new AwsError(400, "DependencyViolation", "The vpc '" + vpc.id + "' has dependencies and cannot be deleted.");
    }
    w.vpcs.remove(vpc.id);
    w.securityGroups.values().removeIf(g -> vpc.id.equals(g.vpcId));
    call.mutated();
    return respond(call, x -> x.el("return", true));
  }

  private WireResponse deleteSubnet(Call call) {
    World w = call.world;
    Subnet subnet = require(w.subnets, call.required("SubnetId"), "InvalidSubnetID.NotFound", "subnet ID");
    dryRunGate(call);
    if (w.ec2Instances.values().stream().anyMatch(i -> subnet.id.equals(i.subnetId) && !i.state.equals("terminated"))
        || w.networkInterfaces.values().stream().anyMatch(eni -> subnet.id.equals(eni.subnetId))) {
      throw new AwsError(400, "DependencyViolation", "The subnet '" + subnet.id + "' has dependencies and cannot be deleted.");
    }
    w.subnets.remove(subnet.id);
    call.mutated();
    return respond(call, x -> x.el("return", true));
  }

  private WireResponse deleteSecurityGroup(Call call) {
    World w = call.world;
    String groupId = call.param("GroupId");
    String groupName = call.param("GroupName");
    SecurityGroup group;
    if (groupId != null) {
      group = require(w.securityGroups, groupId, "InvalidGroup.NotFound", "security group");
    } else if (groupName != null) {
      group = w.securityGroups.values().stream().filter(g -> g.name.equals(groupName)).findFirst()
          .orElseThrow(() -> new AwsError(400, "InvalidGroup.NotFound", "The security group '" + groupName + "' does not exist"));
    } else {
      throw new AwsError(400, "MissingParameter", "The request must contain the parameter GroupId or GroupName");
    }
    dryRunGate(call);
    if (group.name.equals("default")) {
      throw new AwsError(400, "CannotDelete", "the specified group: \"" + group.id + "\" name: \"default\" cannot be deleted by a user");
    }
    if (w.ec2Instances.values().stream().anyMatch(i -> i.securityGroups.contains(group.id) && !i.state.equals("terminated"))
        || w.networkInterfaces.values().stream().anyMatch(eni -> eni.securityGroups.contains(group.id))) {
      throw new AwsError(400, "DependencyViolation", "resource " + group.id + " has a dependent object");
    }
    w.securityGroups.remove(group.id);
    call.mutated();
    return respond(call, x -> x.el("return", true).el("groupId", group.id));
  }

  private WireResponse deleteVolume(Call call) {
    World w = call.world;
    Volume volume = require(w.volumes, call.required("VolumeId"), "InvalidVolume.NotFound", "volume");
    dryRunGate(call);
    if (volume.attachedTo != null) {
      throw new AwsError(400, "VolumeInUse", "Volume " + volume.id + " is currently attached to " + volume.attachedTo);
    }
    w.volumes.remove(volume.id);
    call.mutated();
    return respond(call, x -> { });
  }

  private WireResponse deleteSnapshot(Call call) {
    World w = call.world;
    Ec2Snapshot snapshot = require(w.ec2Snapshots, call.required("SnapshotId"), "InvalidSnapshot.NotFound", "snapshot");
    dryRunGate(call);
    w.ec2Snapshots.remove(snapshot.id);
    call.mutated();
    return respond(call, x -> { });
  }

  // ---- selection ----

  private <T> WireResponse describe(Call call, String set, Map<String, T> all, String idParam, String notFound,
      String noun, Function<T, Map<String, List<String>>> attrs, java.util.function.BiConsumer<Xml, T> writer) {
    List<T> found = select(call, all, idParam, notFound, noun, attrs);
    dryRunGate(call);
    return respond(call, x -> {
      x.start(set);
      found.forEach(item -> {
        x.start("item");
        writer.accept(x, item);
        x.end();
      });
      x.end();
    });
  }

  private <T> List<T> select(Call call, Map<String, T> all, String idParam, String notFound, String noun,
      Function<T, Map<String, List<String>>> attrs) {
    List<String> ids = values(call.params, idParam);
    List<T> candidates = new ArrayList<>();
    if (ids.isEmpty()) {
      candidates.addAll(all.values());
    } else {
      for (String id : ids) {
        candidates.add(require(all, id, notFound, noun));
      }
    }
    List<String> groupNames = idParam.equals("GroupId") ? values(call.params, "GroupName") : List.of();
    if (!groupNames.isEmpty()) {
      for (String name : groupNames) {
        if (all.values().stream().noneMatch(g -> ((SecurityGroup) g).name.equals(name))) {
          throw new AwsError(400, "InvalidGroup.NotFound", "The security group '" + name + "' does not exist");
        }
      }
      candidates.removeIf(g -> !groupNames.contains(((SecurityGroup) g).name));
    }
    List<Map<String, String>> filters = members(call.params, "Filter");
    List<T> out = new ArrayList<>();
    for (T candidate : candidates) {
      Map<String, List<String>> a = attrs.apply(candidate);
      boolean matches = true;
      for (Map<String, String> f : filters) {
        String name = f.get("Name");
        List<String> wanted = new ArrayList<>();
        f.forEach((k, v) -> {
          if (k.startsWith("Value.")) {
            wanted.add(v);
          }
        });
        if (name == null || !(a.containsKey(name) || name.startsWith("tag:"))) {
          throw new AwsError(400, "InvalidParameterValue", "The filter '" + name + "' is invalid");
        }
        List<String> have = a.getOrDefault(name, List.of());
        if (wanted.stream().noneMatch(have::contains)) {
          matches = false;
        }
      }
      if (matches) {
        out.add(candidate);
      }
    }
    return out;
  }

  private static <T> T require(Map<String, T> all, String id, String code, String noun) {
    T found = all.get(id);
    if (found == null) {
      throw new AwsError(400, code, "The " + noun + " '" + id + "' does not exist");
    }
    return found;
  }

  private static Map<String, List<String>> withTags(Map<String, List<String>> attrs, Map<String, String> tags) {
    Map<String, List<String>> out = new LinkedHashMap<>(attrs);
    tags.forEach((k, v) -> out.put("tag:" + k, List.of(v)));
    out.put("tag-key", List.copyOf(tags.keySet()));
    return out;
  }

  private Map<String, List<String>> instanceAttrs(Ec2Instance i) {
    return withTags(Map.of("instance-id", List.of(i.id), "instance-state-name", List.of(i.state),
        "vpc-id", listOf(i.vpcId), "subnet-id", listOf(i.subnetId),
        "instance.group-id", List.copyOf(i.securityGroups)), i.tags);
  }

  private Map<String, List<String>> interfaceAttrs(NetworkInterface eni) {
    Map<String, List<String>> a = new LinkedHashMap<>();
    a.put("network-interface-id", List.of(eni.id));
    a.put("vpc-id", listOf(eni.vpcId));
    a.put("subnet-id", listOf(eni.subnetId));
    a.put("group-id", List.copyOf(eni.securityGroups));
    a.put("attachment.instance-id", listOf(eni.attachedInstance));
    a.put("description", List.of(eni.description));
    a.put("requester-managed", List.of(String.valueOf(eni.requesterManaged)));
    a.put("interface-type", List.of(eni.interfaceType));
    a.put("status", List.of(eni.attachedInstance != null || eni.requesterManaged ? "in-use" : "available"));
    return a;
  }

  private Map<String, List<String>> vpcAttrs(Vpc v) {
    return withTags(Map.of("vpc-id", List.of(v.id), "is-default", List.of(String.valueOf(v.isDefault)),
        "cidr", List.of(v.cidr), "state", List.of("available")), v.tags);
  }

  private Map<String, List<String>> subnetAttrs(Subnet s) {
    return withTags(Map.of("subnet-id", List.of(s.id), "vpc-id", listOf(s.vpcId),
        "availability-zone", listOf(s.availabilityZone)), s.tags);
  }

  private Map<String, List<String>> groupAttrs(SecurityGroup g) {
    return withTags(Map.of("group-id", List.of(g.id), "group-name", List.of(g.name), "vpc-id", listOf(g.vpcId)), g.tags);
  }

  private Map<String, List<String>> volumeAttrs(Volume v) {
    return withTags(Map.of("volume-id", List.of(v.id), "attachment.instance-id", listOf(v.attachedTo),
        "status", List.of(v.attachedTo == null ? "available" : "in-use")), v.tags);
  }

  private Map<String, List<String>> snapshotAttrs(Ec2Snapshot s) {
    return withTags(Map.of("snapshot-id", List.of(s.id), "volume-id", listOf(s.volumeId),
        "status", List.of("completed")), s.tags);
  }

  private static List<String> listOf(String value) {
    return value == null ? List.of() : List.of(value);
  }

  // ---- XML ----

  static int stateCode(String state) {
    return switch (state) {
      case "pending" -> 0;
      case "running" -> 16;
      case "shutting-down" -> 32;
      case "terminated" -> 48;
      case "stopping" -> 64;
      case "stopped" -> 80;
      default -> 16;
    };
  }

  private static Xml writeInstance(Xml x, Ec2Instance i) {
    x.el("instanceId", i.id).el("imageId", i.imageId)
        .start("instanceState").el("code", stateCode(i.state)).el("name", i.state).end()
        .el("instanceType", i.instanceType).el("launchTime", i.launched);
    if (!i.state.equals("terminated")) {
      x.el("subnetId", i.subnetId).el("vpcId", i.vpcId);
    }
    x.start("groupSet");
    i.securityGroups.forEach(g -> x.start("item").el("groupId", g).end());
    x.end();
    return writeTags(x, i.tags);
  }

  private void writeInterface(Xml x, NetworkInterface eni) {
    x.el("networkInterfaceId", eni.id).el("subnetId", eni.subnetId).el("vpcId", eni.vpcId)
        .el("description", eni.description)
        .el("requesterManaged", eni.requesterManaged)
        .el("status", eni.attachedInstance != null || eni.requesterManaged ? "in-use" : "available")
        .el("privateIpAddress", eni.privateIp).el("sourceDestCheck", true).el("interfaceType", eni.interfaceType);
    x.start("groupSet");
    eni.securityGroups.forEach(g -> x.start("item").el("groupId", g).end());
    x.end();
    if (eni.attachedInstance != null) {
      x.start("attachment").el("attachmentId", "eni-attach-" + eni.id.substring(eni.id.indexOf('-') + 1))
          .el("instanceId", eni.attachedInstance).el("deviceIndex", 0).el("status", "attached")
          .el("deleteOnTermination", true).end();
    }
    x.start("tagSet").end();
  }

  private void writeVpc(Xml x, Vpc v) {
    x.el("vpcId", v.id).el("state", "available").el("cidrBlock", v.cidr)
        .el("isDefault", v.isDefault);
    writeTags(x, v.tags);
  }

  private void writeSubnet(Xml x, Subnet s) {
    x.el("subnetId", s.id).el("state", "available").el("vpcId", s.vpcId).el("cidrBlock", s.cidr)
        .el("availableIpAddressCount", 251).el("availabilityZone", s.availabilityZone).el("defaultForAz", false);
    writeTags(x, s.tags);
  }

  private void writeGroup(Xml x, SecurityGroup g) {
    x.el("groupId", g.id).el("groupName", g.name).el("groupDescription", g.description).el("vpcId", g.vpcId)
        .start("ipPermissions").end().start("ipPermissionsEgress").end();
    writeTags(x, g.tags);
  }

  private void writeVolume(Xml x, Volume v) {
    x.el("volumeId", v.id).el("size", v.sizeGb).el("availabilityZone", v.availabilityZone)
        .el("status", v.attachedTo == null ? "available" : "in-use").el("createTime", v.created)
        .el("volumeType", "gp3").el("encrypted", true);
    x.start("attachmentSet");
    if (v.attachedTo != null) {
      x.start("item").el("volumeId", v.id).el("instanceId", v.attachedTo).el("device", "/dev/xvda")
          .el("status", "attached").el("deleteOnTermination", true).end();
    }
    x.end();
    writeTags(x, v.tags);
  }

  private void writeSnapshot(Xml x, Ec2Snapshot s) {
    x.el("snapshotId", s.id).el("volumeId", s.volumeId).el("status", "completed").el("startTime", s.started)
        .el("progress", "100%").el("volumeSize", s.volumeSize).el("description", s.description)
        .el("encrypted", true).el("storageTier", "standard");
    writeTags(x, s.tags);
  }

  private static Xml writeTags(Xml x, Map<String, String> tags) {
    x.start("tagSet");
    tags.forEach((k, v) -> x.start("item").el("key", k).el("value", v).end());
    return x.end();
  }
}
