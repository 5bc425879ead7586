package dev.safeops.terraform.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import dev.safeops.terraform.PlanReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The streaming {@link PlanReader}: one change in memory at a time, everything else skipped. */
public final class PlanJson implements PlanReader {
  public static final PlanJson INSTANCE = new PlanJson();
  private static final Logger LOG = LoggerFactory.getLogger(PlanJson.class);
  private static final String WHAT = "terraform plan";
  /** The action reason given to a change whose actions are not known (see TerraformRules). */
  public static final String UNRECOGNISED = "unrecognised terraform actions ";

  private PlanJson() {}

  @Override
  public Plan read(Path planJson) {
    String name = String.valueOf(planJson.getFileName());
    try (InputStream in = new BufferedInputStream(Files.newInputStream(planJson), 1 << 16)) {
      return read(in, name);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("The plan file " + planJson + " does not exist.", e);
    } catch (IOException e) {
      throw new InvalidInputException("The plan file " + planJson + " cannot be read: " + e.getMessage() + ".", e);
    }
  }

  @Override
  public Plan read(InputStream planJson, String name) {
    try (JsonParser p = Json.FACTORY.createParser(planJson)) {
      p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
      return parse(p, name);
    } catch (JsonProcessingException e) {
      throw Json.malformed(name, WHAT, e);
    } catch (IOException e) {
      throw new InvalidInputException(name + " cannot be read: " + e.getMessage() + ".", e);
    }
  }

  private Plan parse(JsonParser p, String name) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new InvalidInputException(name + " is not a terraform plan: the JSON does not start with an object at "
          + Json.position(p.currentTokenLocation()) + ".");
    }
    Plan.Builder plan = Plan.builder().source("terraform plan " + name);
    boolean formatVersion = false;
    boolean plannedValues = false;
    boolean errored = false;
    int prior = 0;
    Set<String> addresses = new LinkedHashSet<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "format_version" -> {
          formatVersion = value == JsonToken.VALUE_STRING;
        }
        case "planned_values" -> {
          plannedValues = value == JsonToken.START_OBJECT;
          p.skipChildren();
        }
        case "errored" -> errored = value == JsonToken.VALUE_TRUE;
        case "prior_state" -> prior = value == JsonToken.START_OBJECT ? countPriorState(p) : skip(p);
        case "resource_changes" -> {
          if (value == JsonToken.START_ARRAY) {
            while (p.nextToken() == JsonToken.START_OBJECT) {
              JsonNode change = p.readValueAsTree();
              ResourceChange rc = change(change, name, addresses.size());
              if (!addresses.add(rc.address())) {
                throw new InvalidInputException(name + " lists resource " + rc.address() + " twice in resource_changes.");
              }
              plan.change(rc);
            }
            if (p.currentToken() != JsonToken.END_ARRAY) {
              throw new InvalidInputException(name + " is not a terraform plan: resource_changes holds a non-object at "
                  + Json.position(p.currentTokenLocation()) + ".");
            }
          } else if (value != JsonToken.VALUE_NULL) {
            throw new InvalidInputException(name + " is not a terraform plan: resource_changes is not a list at "
                + Json.position(p.currentTokenLocation()) + ".");
          }
        }
        // resource_drift, configuration, variables, checks and any future field: not what apply does.
        default -> p.skipChildren();
      }
    }
    Json.requireEnd(p, name, WHAT);
    if (!formatVersion || !plannedValues) {
      throw new InvalidInputException(name + " is not `terraform show -json` output of a saved plan: it has no "
          + (formatVersion ? "planned_values" : "format_version") + ".");
    }
    if (errored) {
      throw new InvalidInputException(name + " is a plan that errored, which Terraform would not apply; fix the errors and plan again.");
    }
    return plan.priorResourceCount(prior).build();
  }

  private static int skip(JsonParser p) throws IOException {
    p.skipChildren();
    return 0;
  }

  /** Counts managed resource instances in prior_state.values, root and child modules, streaming. */
  private static int countPriorState(JsonParser p) throws IOException {
    int count = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (field.equals("values") && t == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String f = p.currentName();
          JsonToken v = p.nextToken();
          if (f.equals("root_module") && v == JsonToken.START_OBJECT) {
            count += countModule(p);
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
    return count;
  }

  private static int countModule(JsonParser p) throws IOException {
    int count = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (field.equals("resources") && t == JsonToken.START_ARRAY) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
          count += managed(p) ? 1 : 0;
        }
      } else if (field.equals("child_modules") && t == JsonToken.START_ARRAY) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
          count += countModule(p);
        }
      } else {
        p.skipChildren();
      }
    }
    return count;
  }

  /** Reads one resource object, skipping its values, and says whether its mode is managed. */
  private static boolean managed(JsonParser p) throws IOException {
    boolean managed = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (field.equals("mode") && t == JsonToken.VALUE_STRING) {
        managed = p.getText().equals("managed");
      } else {
        p.skipChildren();
      }
    }
    return managed;
  }

  private static ResourceChange change(JsonNode rc, String name, int position) {
    String type = rc.path("type").asText("");
    JsonNode change = rc.path("change");
    if (type.isEmpty() || !change.isObject()) {
      throw new InvalidInputException(name + " is not a terraform plan: resource change #" + (position + 1)
          + (rc.hasNonNull("address") ? " (" + rc.get("address").asText() + ")" : "") + " has no type or change.");
    }
    String address = rc.hasNonNull("address") ? rc.get("address").asText() : address(rc);
    List<String> actions = new ArrayList<>();
    change.path("actions").forEach(a -> actions.add(a.asText()));
    ChangeAction action = action(actions);
    if (action == null) {
      LOG.warn("{}: unrecognised actions {} for {}; judged as a replacement", name, actions, address);
      action = ChangeAction.REPLACE;
    }
    ResourceChange.Builder b = ResourceChange.builder()
        .address(address)
        .type(type)
        .provider(provider(rc.path("provider_name").asText("")))
        .action(action);
    // action_reason sits on the resource change, next to address; older writers never set it.
    JsonNode reason = rc.hasNonNull("action_reason") ? rc.get("action_reason") : change.path("action_reason");
    if (reason.isTextual()) {
      b.actionReason(reason.asText());
    }
    if (!known(actions)) {
      // Terraform's own reason, if any, is kept after ours: the rule needs to see ours first.
      b.actionReason(UNRECOGNISED + actions + (reason.isTextual() ? " (" + reason.asText() + ")" : ""));
    }
    Map<String, Object> before = masked(change.path("before"), change.path("before_sensitive"));
    Map<String, Object> after = masked(change.path("after"), change.path("after_sensitive"));
    // A deletion is judged on what exists now; its planned end state is nothing.
    if (action == ChangeAction.DELETE) {
      after = Map.of();
    }
    if (action == ChangeAction.CREATE) {
      before = Map.of();
    }
    return b.before(before).after(after).unknownAfter(unknown(change.path("after_unknown"))).build();
  }

  private static final Set<List<String>> KNOWN = Set.of(
      List.of("create"), List.of("update"), List.of("delete"), List.of("delete", "create"),
      List.of("create", "delete"), List.of("read"), List.of("no-op"), List.of("forget"));

  private static boolean known(List<String> actions) {
    return KNOWN.contains(actions);
  }

  /** Null when the list is not one this reader knows and does not contain delete. */
  static ChangeAction action(List<String> actions) {
    if (actions.contains("delete")) {
      return actions.contains("create") ? ChangeAction.REPLACE : ChangeAction.DELETE;
    }
    if (actions.size() != 1) {
      return null;
    }
    return switch (actions.get(0)) {
      case "create" -> ChangeAction.CREATE;
      case "update" -> ChangeAction.UPDATE;
      case "read" -> ChangeAction.READ;
      case "no-op" -> ChangeAction.NO_OP;
      case "forget" -> ChangeAction.FORGET;
      default -> null;
    };
  }

  /** registry.terraform.io/hashicorp/aws, provider.aws, aws.primary: all "aws". */
  static String provider(String providerName) {
    String p = providerName;
    int slash = p.lastIndexOf('/');
    if (slash >= 0) {
      p = p.substring(slash + 1);
    }
    if (p.startsWith("provider.")) {
      p = p.substring("provider.".length());
    }
    int dot = p.indexOf('.');
    return dot > 0 ? p.substring(0, dot) : p;
  }

  /** The address Terraform would print, for a change that carries none. */
  private static String address(JsonNode rc) {
    StringBuilder s = new StringBuilder();
    String module = rc.path("module_address").asText("");
    if (!module.isEmpty()) {
      s.append(module).append('.');
    }
    if ("data".equals(rc.path("mode").asText())) {
      s.append("data.");
    }
    s.append(rc.path("type").asText()).append('.').append(rc.path("name").asText(""));
    JsonNode index = rc.path("index");
    if (index.isNumber()) {
      s.append('[').append(index.asText()).append(']');
    } else if (index.isTextual()) {
      s.append("[\"").append(index.asText()).append("\"]");
    }
    return s.toString();
  }

  private static Map<String, Object> masked(JsonNode value, JsonNode sensitive) {
    if (!value.isObject()) {
      return Map.of();
    }
    if (sensitive.isBoolean() && sensitive.booleanValue()) {
      Map<String, Object> all = new LinkedHashMap<>();
      value.fieldNames().forEachRemaining(f -> all.put(f, Json.SENSITIVE));
      return all;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) mask(value, sensitive);
    return m;
  }

  private static Object mask(JsonNode value, JsonNode sensitive) {
    if (sensitive.isBoolean() && sensitive.booleanValue() && !value.isNull()) {
      return Json.SENSITIVE;
    }
    if (value.isObject() && sensitive.isObject() && !sensitive.isEmpty()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        map.put(e.getKey(), mask(e.getValue(), sensitive.path(e.getKey())));
      }
      return map;
    }
    if (value.isArray() && sensitive.isArray() && !sensitive.isEmpty()) {
      List<Object> list = new ArrayList<>(value.size());
      for (int i = 0; i < value.size(); i++) {
        list.add(mask(value.get(i), sensitive.path(i)));
      }
      return list;
    }
    return Json.value(value);
  }

  /** Top-level attributes that are wholly or partly unknown until apply. */
  private static Set<String> unknown(JsonNode afterUnknown) {
    Set<String> names = new LinkedHashSet<>();
    if (afterUnknown.isObject()) {
      afterUnknown.properties().forEach(e -> {
        if (containsTrue(e.getValue())) {
          names.add(e.getKey());
        }
      });
    }
    return names;
  }

  private static boolean containsTrue(JsonNode n) {
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    for (JsonNode child : n) {
      if (containsTrue(child)) {
        return true;
      }
    }
    return false;
  }
}
