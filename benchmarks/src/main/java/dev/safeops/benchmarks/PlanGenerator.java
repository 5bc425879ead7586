package dev.safeops.benchmarks;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.ResourceChange;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Writes a synthetic {@code terraform show -json} plan with as many resource changes as asked,
 * shaped like the real thing: module addresses two deep, {@code count} and {@code for_each}
 * indexes, a mix of many small resources (Route 53 records, IAM policy attachments, security
 * group rules) around fewer big ones (EC2 instances, S3 buckets, RDS instances, security
 * groups, IAM roles) with their nested blocks, {@code before}/{@code after}/{@code after_unknown} and the
 * sensitivity masks, replaces with an {@code action_reason}, sorted by address as Terraform
 * writes them; {@code planned_values} with the
 * planned attributes of every resource that will exist; and a {@code prior_state} listing
 * what exists (its values cut to the id, to keep the file size down). About 1.6 KB per
 * change: 100,000 changes make about 160 MB.
 *
 * <p>Deterministic: the same count and seed give the same bytes, so figures are comparable
 * between runs. The file is written with a streaming generator and never held in memory.
 *
 * <pre>{@code java -cp benchmarks.jar dev.safeops.benchmarks.PlanGenerator OUT.json 100000 [SEED]}</pre>
 */
public final class PlanGenerator {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int PER_MODULE = 500;
  private static final String PROVIDER = "registry.terraform.io/hashicorp/aws";
  // Big estates are mostly small resources (records, attachments, rules) around fewer big ones.
  private static final String[] TYPES = {
    "aws_route53_record", "aws_route53_record", "aws_route53_record",
    "aws_iam_role_policy_attachment", "aws_iam_role_policy_attachment", "aws_iam_role_policy_attachment",
    "aws_security_group_rule", "aws_security_group_rule", "aws_security_group_rule",
    "aws_instance", "aws_instance", "aws_s3_bucket", "aws_s3_bucket",
    "aws_security_group", "aws_iam_role", "aws_db_instance"
  };
  private static final String[] TEAMS = {"payments", "search", "identity", "growth", "platform", "data"};
  private static final String[] INSTANCE_TYPES = {"t3.micro", "t3.large", "m6i.xlarge", "c6g.2xlarge", "r6i.large"};
  private static final String[] DB_CLASSES = {"db.t4g.medium", "db.r6g.large", "db.m6i.xlarge"};

  /** One generated change, before it is written: what the plan file says about one resource. */
  public record Change(
      String address,
      String moduleAddress,
      String type,
      String name,
      Object index,
      List<String> actions,
      Map<String, Object> before,
      Map<String, Object> after,
      Map<String, Object> afterUnknown,
      Map<String, Object> beforeSensitive,
      Map<String, Object> afterSensitive,
      String actionReason) {

    /** The change as the core model sees it, as a plan reader would produce it. */
    public ResourceChange toResourceChange() {
      return ResourceChange.builder()
          .address(address)
          .type(type)
          .provider("aws")
          .action(action(actions))
          .before(before == null ? Map.of() : before)
          .after(after == null ? Map.of() : after)
          .unknownAfter(afterUnknown.keySet())
          .actionReason(actionReason)
          .build();
    }

    private static ChangeAction action(List<String> actions) {
      if (actions.size() == 2) {
        return ChangeAction.REPLACE;
      }
      return switch (actions.get(0)) {
        case "create" -> ChangeAction.CREATE;
        case "update" -> ChangeAction.UPDATE;
        case "delete" -> ChangeAction.DELETE;
        case "read" -> ChangeAction.READ;
        default -> ChangeAction.NO_OP;
      };
    }
  }

  private final long seed;

  private PlanGenerator(long seed) {
    this.seed = seed;
  }

  public static PlanGenerator seeded(long seed) {
    return new PlanGenerator(seed);
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: PlanGenerator OUT.json CHANGES [SEED]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    long seed = args.length == 3 ? Long.parseLong(args[2]) : 42L;
    long t0 = System.nanoTime();
    seeded(seed).write(out, n);
    System.out.printf("wrote %s: %,d resource changes, %,d bytes in %d ms%n",
        out, n, Files.size(out), (System.nanoTime() - t0) / 1_000_000);
  }

  /** The {@code i}-th change (from 0) of any plan made with this seed. */
  public Change change(int i) {
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
    String type = TYPES[r.nextInt(TYPES.length)];
    String team = TEAMS[i % TEAMS.length];
    String module = "module.svc_" + pad(i / PER_MODULE) + (r.nextInt(3) == 0 ? ".module." + team : "");
    String name = switch (type) {
      case "aws_instance" -> "web";
      case "aws_s3_bucket" -> "assets";
      case "aws_security_group" -> "app";
      case "aws_iam_role" -> "task";
      case "aws_route53_record" -> "svc";
      case "aws_iam_role_policy_attachment" -> "task_policy";
      case "aws_security_group_rule" -> "ingress";
      default -> "main";
    };
    boolean forEach = type.equals("aws_s3_bucket") || type.equals("aws_iam_role") || type.equals("aws_route53_record");
    Object index = forEach ? (Object) (team + "-" + i) : (Object) i;
    String address = module + "." + type + "." + name + (forEach ? "[\"" + index + "\"]" : "[" + i + "]");

    int roll = r.nextInt(100);
    List<String> actions;
    if (roll < 20) {
      actions = List.of("no-op");
    } else if (roll < 45) {
      actions = List.of("update");
    } else if (roll < 85) {
      actions = List.of("create");
    } else if (roll < 95) {
      actions = List.of("delete");
    } else {
      actions = r.nextBoolean() ? List.of("delete", "create") : List.of("create", "delete");
    }
    boolean creates = actions.contains("create");
    boolean onlyCreate = actions.equals(List.of("create"));
    boolean onlyDelete = actions.equals(List.of("delete"));

    Map<String, Object> existing = attributes(type, i, team, r, false);
    Map<String, Object> before = onlyCreate ? null : existing;
    Map<String, Object> after = null;
    if (!onlyDelete) {
      after = attributes(type, i, team, r, creates);
      if (actions.equals(List.of("no-op"))) {
        after = existing;
      } else if (actions.equals(List.of("update"))) {
        after = new LinkedHashMap<>(existing);
        mutate(type, after, r);
      }
    }
    Map<String, Object> afterUnknown = new LinkedHashMap<>();
    if (creates) {
      afterUnknown.put("arn", true);
      afterUnknown.put("id", true);
      if (type.equals("aws_instance")) {
        afterUnknown.put("private_ip", true);
        afterUnknown.put("root_block_device", List.of(Map.of("volume_id", true)));
      } else if (type.equals("aws_db_instance")) {
        afterUnknown.put("endpoint", true);
        afterUnknown.put("address", true);
      }
    }
    Map<String, Object> sensitive = type.equals("aws_db_instance") ? Map.of("password", true) : Map.of();
    String reason = actions.size() == 2 ? "replace_because_cannot_update" : null;
    return new Change(address, module, type, name, index, actions, before, after, afterUnknown,
        before == null ? null : sensitive, after == null ? null : sensitive, reason);
  }

  /** Writes a plan of {@code n} changes to {@code out}, streaming. */
  public void write(Path out, int n) throws IOException {
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
      write(os, n);
    }
  }

  /** Writes a plan of {@code n} changes to {@code out}, streaming; does not close it. */
  public void write(OutputStream out, int n) throws IOException {
    JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
    g.writeStartObject();
    g.writeStringField("format_version", "1.2");
    g.writeStringField("terraform_version", "1.9.8");
    g.writeFieldName("variables");
    g.writeStartObject();
    g.writeFieldName("environment");
    g.writeStartObject();
    g.writeStringField("value", "production");
    g.writeEndObject();
    g.writeEndObject();

    // The planned end state of every resource that will exist, by module, as terraform lists it.
    g.writeFieldName("planned_values");
    g.writeStartObject();
    g.writeFieldName("root_module");
    g.writeStartObject();
    modules(g, n, c -> c.after() != null, c -> c.after(), c -> c.afterSensitive());
    g.writeEndObject();
    g.writeEndObject();

    // Sorted by address, as terraform show -json writes them (jsonplan sorts resource_changes).
    g.writeFieldName("resource_changes");
    g.writeStartArray();
    for (int i : byAddress(n)) {
      Change c = change(i);
      g.writeStartObject();
      g.writeStringField("address", c.address());
      g.writeStringField("module_address", c.moduleAddress());
      g.writeStringField("mode", "managed");
      g.writeStringField("type", c.type());
      g.writeStringField("name", c.name());
      g.writeFieldName("index");
      value(g, c.index());
      g.writeStringField("provider_name", PROVIDER);
      g.writeFieldName("change");
      g.writeStartObject();
      g.writeFieldName("actions");
      value(g, c.actions());
      g.writeFieldName("before");
      value(g, c.before());
      g.writeFieldName("after");
      value(g, c.after());
      g.writeFieldName("after_unknown");
      value(g, c.afterUnknown());
      g.writeFieldName("before_sensitive");
      value(g, c.beforeSensitive() == null ? Boolean.FALSE : c.beforeSensitive());
      g.writeFieldName("after_sensitive");
      value(g, c.afterSensitive() == null ? Boolean.FALSE : c.afterSensitive());
      if (c.actionReason() != null) {
        g.writeFieldName("replace_paths");
        value(g, List.of(List.of(c.type().equals("aws_db_instance") ? "engine" : "ami")));
      }
      g.writeEndObject();
      if (c.actionReason() != null) {
        g.writeStringField("action_reason", c.actionReason());
      }
      g.writeEndObject();
    }
    g.writeEndArray();

    // What exists before the plan: everything that is not being created, as terraform lists it.
    g.writeFieldName("prior_state");
    g.writeStartObject();
    g.writeStringField("format_version", "1.0");
    g.writeStringField("terraform_version", "1.9.8");
    g.writeFieldName("values");
    g.writeStartObject();
    g.writeFieldName("root_module");
    g.writeStartObject();
    modules(g, n, c -> c.before() != null, c -> Map.of("id", c.before().get("id")), c -> Map.of());
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();

    g.writeStringField("timestamp", "2026-01-01T00:00:00Z");
    g.writeBooleanField("applyable", true);
    g.writeBooleanField("complete", true);
    g.writeBooleanField("errored", false);
    g.writeEndObject();
    g.flush();
  }

  /** The change numbers 0 to n-1 in the order of their addresses (byte order; addresses are ASCII). */
  private int[] byAddress(int n) {
    String[] addresses = new String[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      addresses[i] = change(i).address();
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> addresses[a].compareTo(addresses[b]));
    int[] sorted = new int[n];
    for (int i = 0; i < n; i++) {
      sorted[i] = order[i];
    }
    return sorted;
  }

  /**
   * Writes {@code child_modules}: one service module per 500 changes, a third of whose
   * resources sit in a nested team module; only the changes {@code present} selects, with
   * {@code values} and {@code sensitive} as their attributes.
   */
  private void modules(JsonGenerator g, int n, Predicate<Change> present, Function<Change, Map<String, Object>> values,
      Function<Change, Map<String, Object>> sensitive) throws IOException {
    g.writeFieldName("child_modules");
    g.writeStartArray();
    for (int m = 0; m * PER_MODULE < n; m++) {
      Map<String, List<Change>> byModule = new LinkedHashMap<>();
      for (int i = m * PER_MODULE; i < Math.min(n, (m + 1) * PER_MODULE); i++) {
        Change c = change(i);
        if (present.test(c)) {
          byModule.computeIfAbsent(c.moduleAddress(), k -> new ArrayList<>()).add(c);
        }
      }
      String svc = "module.svc_" + pad(m);
      g.writeStartObject();
      g.writeStringField("address", svc);
      resources(g, byModule.getOrDefault(svc, List.of()), values, sensitive);
      g.writeFieldName("child_modules");
      g.writeStartArray();
      for (Map.Entry<String, List<Change>> e : byModule.entrySet()) {
        if (!e.getKey().equals(svc)) {
          g.writeStartObject();
          g.writeStringField("address", e.getKey());
          resources(g, e.getValue(), values, sensitive);
          g.writeEndObject();
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void resources(JsonGenerator g, List<Change> changes, Function<Change, Map<String, Object>> values,
      Function<Change, Map<String, Object>> sensitive) throws IOException {
    g.writeFieldName("resources");
    g.writeStartArray();
    for (Change c : changes) {
      g.writeStartObject();
      g.writeStringField("address", c.address());
      g.writeStringField("mode", "managed");
      g.writeStringField("type", c.type());
      g.writeStringField("name", c.name());
      g.writeFieldName("index");
      value(g, c.index());
      g.writeStringField("provider_name", PROVIDER);
      g.writeNumberField("schema_version", 1);
      g.writeFieldName("values");
      value(g, values.apply(c));
      g.writeFieldName("sensitive_values");
      value(g, sensitive.apply(c));
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static Map<String, Object> attributes(String type, int i, String team, SplittableRandom r, boolean fresh) {
    Map<String, Object> a = new LinkedHashMap<>();
    Map<String, Object> tags = new LinkedHashMap<>();
    tags.put("Name", team + "-" + type.substring(4) + "-" + i);
    tags.put("Team", team);
    switch (type) {
      case "aws_instance" -> {
        a.put("ami", "ami-0" + hex(r, 16));
        a.put("instance_type", INSTANCE_TYPES[r.nextInt(INSTANCE_TYPES.length)]);
        a.put("subnet_id", "subnet-0" + hex(r, 16));
        a.put("vpc_security_group_ids", List.of("sg-0" + hex(r, 16)));
        a.put("associate_public_ip_address", false);
        a.put("root_block_device", List.of(block(
            "volume_size", num(20 + r.nextInt(200)), "volume_type", "gp3", "encrypted", true,
            "delete_on_termination", true, "iops", num(3000), "throughput", num(125))));
        a.put("metadata_options", List.of(block(
            "http_endpoint", "enabled", "http_tokens", "required", "http_put_response_hop_limit", num(1))));
      }
      case "aws_s3_bucket" -> {
        a.put("bucket", team + "-assets-" + i);
        a.put("force_destroy", false);
        a.put("versioning", List.of(block("enabled", true, "mfa_delete", false)));
        a.put("server_side_encryption_configuration", List.of(block("rule", List.of(block(
            "apply_server_side_encryption_by_default", List.of(block(
                "sse_algorithm", "aws:kms", "kms_master_key_id", "arn:aws:kms:eu-west-1:123456789012:key/" + hex(r, 32))),
            "bucket_key_enabled", true)))));
      }
      case "aws_security_group" -> {
        a.put("name", team + "-app-" + i);
        a.put("description", "Application traffic for " + team);
        a.put("vpc_id", "vpc-0" + hex(r, 16));
        a.put("revoke_rules_on_delete", false);
        a.put("ingress", List.of(
            rule(443, "10.0.0.0/8", "https from the VPC"), rule(8080, "10.20.0.0/16", "health checks")));
        a.put("egress", List.of(rule(0, "0.0.0.0/0", "all outbound")));
      }
      case "aws_iam_role" -> {
        a.put("name", team + "-task-" + i);
        a.put("path", "/service/");
        a.put("max_session_duration", num(3600));
        a.put("assume_role_policy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");
        a.put("managed_policy_arns", List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"));
      }
      case "aws_route53_record" -> {
        a.put("zone_id", "Z0" + hex(r, 12).toUpperCase(java.util.Locale.ROOT));
        a.put("name", "svc-" + i + "." + team + ".example.com");
        a.put("type", "CNAME");
        a.put("ttl", num(300));
        a.put("records", List.of("lb-" + hex(r, 8) + ".eu-west-1.elb.amazonaws.com"));
        a.put("allow_overwrite", false);
      }
      case "aws_iam_role_policy_attachment" -> {
        a.put("role", team + "-task-" + i);
        a.put("policy_arn", "arn:aws:iam::123456789012:policy/" + team + "-read-" + (i % 40));
      }
      case "aws_security_group_rule" -> {
        a.put("type", "ingress");
        a.put("security_group_id", "sg-0" + hex(r, 16));
        a.put("from_port", num(443));
        a.put("to_port", num(443));
        a.put("protocol", "tcp");
        a.put("cidr_blocks", List.of("10." + (i % 250) + ".0.0/16"));
        a.put("description", "https from " + team);
      }
      default -> {
        a.put("identifier", team + "-db-" + i);
        a.put("engine", "postgres");
        a.put("engine_version", "16.4");
        a.put("instance_class", DB_CLASSES[r.nextInt(DB_CLASSES.length)]);
        a.put("allocated_storage", num(100 + r.nextInt(900)));
        a.put("storage_encrypted", true);
        a.put("multi_az", true);
        a.put("deletion_protection", true);
        a.put("skip_final_snapshot", false);
        a.put("delete_automated_backups", false);
        a.put("backup_retention_period", num(7));
        a.put("username", "app");
        a.put("password", "(sensitive)");
        a.put("db_subnet_group_name", team + "-db");
        a.put("port", num(5432));
      }
    }
    if (!type.startsWith("aws_route53") && !type.endsWith("_attachment") && !type.endsWith("_rule")) {
      a.put("tags", tags);
    }
    if (!fresh) {
      a.put("id", id(type, i));
      a.put("arn", arn(type, i));
      if (type.equals("aws_instance")) {
        a.put("private_ip", "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
      }
    }
    return a;
  }

  private static void mutate(String type, Map<String, Object> after, SplittableRandom r) {
    switch (type) {
      case "aws_instance" -> after.put("instance_type", INSTANCE_TYPES[r.nextInt(INSTANCE_TYPES.length)]);
      case "aws_db_instance" -> after.put("allocated_storage", num(1000 + r.nextInt(1000)));
      case "aws_security_group" -> after.put("description", "Application traffic, revised " + r.nextInt(1000));
      case "aws_route53_record" -> after.put("ttl", num(60 + r.nextInt(600)));
      case "aws_iam_role_policy_attachment" -> after.put("policy_arn", "arn:aws:iam::aws:policy/ReadOnlyAccess");
      case "aws_security_group_rule" -> after.put("cidr_blocks", List.of("10.0.0.0/8"));
      default -> {
        @SuppressWarnings("unchecked")
        Map<String, Object> tags = new LinkedHashMap<>((Map<String, Object>) after.get("tags"));
        tags.put("Revision", String.valueOf(r.nextInt(1000)));
        after.put("tags", tags);
      }
    }
  }

  private static Map<String, Object> rule(int port, String cidr, String description) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from_port", num(port));
    m.put("to_port", num(port == 0 ? 0 : port));
    m.put("protocol", port == 0 ? "-1" : "tcp");
    m.put("cidr_blocks", List.of(cidr));
    m.put("self", false);
    m.put("description", description);
    return m;
  }

  private static Map<String, Object> block(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int k = 0; k < kv.length; k += 2) {
      m.put((String) kv[k], kv[k + 1]);
    }
    return m;
  }

  private static String id(String type, int i) {
    return switch (type) {
      case "aws_instance" -> "i-0" + Integer.toHexString(0x1000000 + i) + "abcdef12";
      case "aws_security_group" -> "sg-0" + Integer.toHexString(0x1000000 + i) + "abcdef12";
      default -> type.substring(4) + "-" + i;
    };
  }

  private static String arn(String type, int i) {
    return "arn:aws:" + type.substring(4).replace('_', '-') + ":eu-west-1:123456789012:" + id(type, i);
  }

  private static BigDecimal num(int n) {
    return BigDecimal.valueOf(n);
  }

  private static String pad(int n) {
    return n < 10 ? "00" + n : n < 100 ? "0" + n : String.valueOf(n);
  }

  private static String hex(SplittableRandom r, int digits) {
    StringBuilder b = new StringBuilder(digits);
    for (int k = 0; k < digits; k++) {
      b.append(Character.forDigit(r.nextInt(16), 16));
    }
    return b.toString();
  }

  private static void value(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof BigDecimal d) {
      g.writeNumber(d.intValueExact());
    } else if (v instanceof Integer n) {
      g.writeNumber(n);
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName((String) e.getKey());
        value(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        value(g, o);
      }
      g.writeEndArray();
    } else {
      throw new IllegalArgumentException("not JSON-shaped: " + v.getClass());
    }
  }

  /** The first {@code n} changes as the core model, for benchmarks that need no file. */
  public List<ResourceChange> resourceChanges(int n) {
    List<ResourceChange> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(change(i).toResourceChange());
    }
    return out;
  }
}
