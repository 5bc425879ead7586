package dev.safeops.aws.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.aws.testing.internal.World.EcsCluster;
import dev.safeops.aws.testing.internal.World.EcsService;
import java.util.ArrayList;
import java.util.List;

/** ECS (JSON 1.1): clusters and services; clusters with active services cannot be deleted. */
final class EcsHandler extends JsonHandler {

  @Override
  public String signingName() {
    return "ecs";
  }

  @Override
  String targetPrefix() {
    return "AmazonEC2ContainerServiceV20141113";
  }

  @Override
  String contentType() {
    return "application/x-amz-json-1.1";
  }

  @Override
  String errorTypePrefix() {
    return "";
  }

  @Override
  WireResponse handle(Call call, JsonNode in) {
    World w = call.world;
    return switch (call.operation) {
      case "ListClusters" -> {
        ObjectNode out = object();
        ArrayNode arns = out.putArray("clusterArns");
        w.ecsClusters.keySet().forEach(name -> arns.add(clusterArn(w, name)));
        yield ok(out);
      }
      case "DescribeClusters" -> {
        ObjectNode out = object();
        ArrayNode clusters = out.putArray("clusters");
        ArrayNode failures = out.putArray("failures");
        List<String> wanted = new ArrayList<>();
        in.path("clusters").forEach(n -> wanted.add(n.asText()));
        if (wanted.isEmpty()) {
          wanted.add("default");
        }
        for (String ref : wanted) {
          EcsCluster c = w.ecsClusters.get(name(ref));
          if (c == null) {
            failures.addObject().put("arn", ref.startsWith("arn:") ? ref : clusterArn(w, ref)).put("reason", "MISSING");
          } else {
            clusters.add(cluster(w, c, "ACTIVE"));
          }
        }
        yield ok(out);
      }
      case "DeleteCluster" -> {
        EcsCluster c = cluster(w, required(in, "cluster"));
        if (!c.services.isEmpty()) {
          throw new AwsError(400, "ClusterContainsServicesException",
              "The Cluster cannot be deleted while Services are active.");
        }
        w.ecsClusters.remove(c.name);
        call.mutated();
        ObjectNode out = object();
        out.set("cluster", cluster(w, c, "INACTIVE"));
        yield ok(out);
      }
      case "DescribeServices" -> {
        EcsCluster c = cluster(w, text(in, "cluster") == null ? "default" : text(in, "cluster"));
        ObjectNode out = object();
        ArrayNode services = out.putArray("services");
        ArrayNode failures = out.putArray("failures");
        for (JsonNode ref : in.path("services")) {
          EcsService s = c.services.get(name(ref.asText()));
          if (s == null) {
            failures.addObject().put("arn", ref.asText().startsWith("arn:") ? ref.asText()
                : serviceArn(w, c.name, ref.asText())).put("reason", "MISSING");
          } else {
            services.add(service(w, c, s, "ACTIVE"));
          }
        }
        yield ok(out);
      }
      case "DeleteService" -> {
        EcsCluster c = cluster(w, text(in, "cluster") == null ? "default" : text(in, "cluster"));
        String ref = required(in, "service");
        EcsService s = c.services.get(name(ref));
        if (s == null) {
          throw new AwsError(400, "ServiceNotFoundException", "Service not found.");
        }
        if (s.desiredCount > 0 && !in.path("force").asBoolean(false)) {
          throw new AwsError(400, "InvalidParameterException",
              "The service cannot be stopped while it is scaled above 0.");
        }
        c.services.remove(s.name);
        call.mutated();
        ObjectNode out = object();
        out.set("service", service(w, c, s, "DRAINING"));
        yield ok(out);
      }
      default -> throw unknown(call);
    };
  }

  private static String name(String ref) {
    return ref.startsWith("arn:") ? ref.substring(ref.lastIndexOf('/') + 1) : ref;
  }

  private static EcsCluster cluster(World w, String ref) {
    EcsCluster c = w.ecsClusters.get(name(ref));
    if (c == null) {
      throw new AwsError(400, "ClusterNotFoundException", "Cluster not found.");
    }
    return c;
  }

  static String clusterArn(World w, String name) {
    return w.arn("ecs", "cluster/" + name);
  }

  private static String serviceArn(World w, String cluster, String name) {
    return w.arn("ecs", "service/" + cluster + "/" + name);
  }

  private static ObjectNode cluster(World w, EcsCluster c, String status) {
    ObjectNode n = object();
    n.put("clusterArn", clusterArn(w, c.name));
    n.put("clusterName", c.name);
    n.put("status", status);
    n.put("registeredContainerInstancesCount", 0);
    n.put("runningTasksCount", c.services.values().stream().mapToInt(s -> s.desiredCount).sum());
    n.put("pendingTasksCount", 0);
    n.put("activeServicesCount", c.services.size());
    return n;
  }

  private static ObjectNode service(World w, EcsCluster c, EcsService s, String status) {
    ObjectNode n = object();
    n.put("serviceArn", serviceArn(w, c.name, s.name));
    n.put("serviceName", s.name);
    n.put("clusterArn", clusterArn(w, c.name));
    n.put("status", status);
    n.put("desiredCount", s.desiredCount);
    n.put("runningCount", s.desiredCount);
    n.put("pendingCount", 0);
    n.put("launchType", "FARGATE");
    n.put("taskDefinition", s.taskDefinition);
    n.put("createdAt", epoch(s.created));
    return n;
  }
}
