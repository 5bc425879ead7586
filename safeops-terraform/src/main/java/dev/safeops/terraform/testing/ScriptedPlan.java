package dev.safeops.terraform.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.terraform.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes {@code terraform show -json} plan output for tests: the shape of format 1.2, with
 * one entry in {@code resource_changes} per change and, when {@link Builder#priorResources}
 * is set, a {@code prior_state} holding that many managed instances (absent otherwise, as
 * Terraform writes it for an empty state). Feed it to {@link FakeTerraform#plan} or {@link
 * dev.safeops.terraform.PlanReader}.
 */
public final class ScriptedPlan {
  private ScriptedPlan() {}

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The incident's destroy plan: a production VPC, ECS cluster, two load balancers, a bastion
   * and an RDS PostgreSQL database with {@code skip_final_snapshot = true}, deletion
   * protection off and {@code delete_automated_backups} absent (the provider defaults it to
   * true).
   */
  public static String incidentDestroy() {
    return builder()
        .priorResources(6)
        .delete("aws_vpc.main", Map.of("id", "vpc-0a1b2c3d", "cidr_block", "10.0.0.0/16"))
        .delete("aws_ecs_cluster.main", Map.of("name", "courses", "arn", "arn:aws:ecs:eu-west-1:123456789012:cluster/courses"))
        .delete("aws_lb.public", Map.of("name", "courses-public", "enable_deletion_protection", false))
        .delete("aws_lb.internal", Map.of("name", "courses-internal", "enable_deletion_protection", false))
        .delete("aws_instance.bastion", Map.of("id", "i-0bastion", "disable_api_termination", false))
        .delete("aws_db_instance.main", Map.of(
            "identifier", "courses-prod", "engine", "postgres", "skip_final_snapshot", true,
            "deletion_protection", false, "backup_retention_period", 7))
        .build();
  }

  /** Builds plan JSON. */
  public static final class Builder {
    private final List<Object[]> changes = new ArrayList<>();
    private Integer priorResources;

    private Builder() {}

    /** A change: {@code actions} as Terraform writes them, e.g. {@code List.of("delete","create")}. */
    public Builder change(String address, List<String> actions, Map<String, ?> before, Map<String, ?> after) {
      changes.add(new Object[] {Objects.requireNonNull(address, "address"), List.copyOf(actions), before, after});
      return this;
    }

    public Builder create(String address, Map<String, ?> after) {
      return change(address, List.of("create"), null, after);
    }

    public Builder delete(String address, Map<String, ?> before) {
      return change(address, List.of("delete"), before, null);
    }

    public Builder update(String address, Map<String, ?> before, Map<String, ?> after) {
      return change(address, List.of("update"), before, after);
    }

    /** {@code count} resources named {@code aws_TYPE.NAME[i]}, created. */
    public Builder creates(String type, int count) {
      for (int i = 0; i < count; i++) {
        create(type + ".r[" + i + "]", Map.of("index", i));
      }
      return this;
    }

    /** How many managed instances {@code prior_state} holds; leave unset for an empty prior state. */
    public Builder priorResources(int count) {
      this.priorResources = count;
      return this;
    }

    public String build() {
      ObjectNode root = Json.mapper().createObjectNode();
      root.put("format_version", "1.2");
      root.put("terraform_version", "1.11.4");
      root.putObject("planned_values").putObject("root_module");
      if (priorResources != null) {
        ArrayNode resources = root.putObject("prior_state").put("format_version", "1.0")
            .putObject("values").putObject("root_module").putArray("resources");
        for (int i = 0; i < priorResources; i++) {
          resources.addObject().put("address", "prior.r" + i).put("mode", "managed").put("type", "prior").put("name", "r" + i);
        }
      }
      ArrayNode rc = root.putArray("resource_changes");
      for (Object[] c : changes) {
        String address = (String) c[0];
        String type = typeOf(address);
        ObjectNode n = rc.addObject();
        n.put("address", address).put("mode", address.contains("data.") ? "data" : "managed").put("type", type)
            .put("name", address.replaceAll(".*\\.", "").replaceAll("\\[.*", ""))
            .put("provider_name", "registry.terraform.io/hashicorp/" + type.replaceAll("_.*", ""));
        ObjectNode change = n.putObject("change");
        ArrayNode actions = change.putArray("actions");
        ((List<?>) c[1]).forEach(a -> actions.add((String) a));
        change.set("before", c[2] == null ? null : Json.mapper().valueToTree(new LinkedHashMap<>((Map<?, ?>) c[2])));
        change.set("after", c[3] == null ? null : Json.mapper().valueToTree(new LinkedHashMap<>((Map<?, ?>) c[3])));
        change.putObject("after_unknown");
        change.put("before_sensitive", false);
        change.put("after_sensitive", false);
      }
      try {
        return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write plan JSON", e);
      }
    }

    /** {@code module.a.aws_db_instance.main[0]} -> {@code aws_db_instance}. */
    private static String typeOf(String address) {
      String[] parts = address.replaceAll("\\[[^\\]]*\\]", "").split("\\.");
      for (int i = parts.length - 2; i >= 0; i--) {
        if (!parts[i].equals("module") && (i == 0 || !parts[i - 1].equals("module")) && !parts[i].equals("data")) {
          return parts[i];
        }
      }
      throw new IllegalArgumentException("not a resource address: " + address);
    }
  }
}
