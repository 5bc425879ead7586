package dev.safeops.terraform.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.internal.Values;
import dev.safeops.terraform.PlanReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
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
              ResourceChange rc = change(p, name, addresses.size());
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

  /**
   * Reads one entry of resource_changes (the parser is on its START_OBJECT) straight from the
   * tokens: before/after are built once, already in the core's immutable shapes, so the
   * change does not copy them again. The sensitivity masks follow the values in Terraform's
   * output, so the masking happens when the object has been read.
   */
  private static ResourceChange change(JsonParser p, String name, int position) throws IOException {
    String address = null;
    String type = "";
    String providerName = "";
    String mode = "";
    String resourceName = "";
    String module = "";
    String index = null;
    boolean indexIsNumber = false;
    boolean topReasonSet = false;
    String topReason = null;
    boolean hasChange = false;
    List<String> actions = new ArrayList<>();
    String changeReason = null;
    Object before = null;
    Object after = null;
    Object beforeSensitive = null;
    Object afterSensitive = null;
    Set<String> unknown = new LinkedHashSet<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "address" -> address = t == JsonToken.VALUE_NULL ? null : text(p, t);
        case "type" -> type = t == JsonToken.VALUE_NULL ? "" : text(p, t);
        case "provider_name" -> providerName = t == JsonToken.VALUE_NULL ? "" : text(p, t);
        case "mode" -> mode = text(p, t);
        case "name" -> resourceName = t == JsonToken.VALUE_NULL ? "" : text(p, t);
        case "module_address" -> module = t == JsonToken.VALUE_NULL ? "" : text(p, t);
        case "index" -> {
          indexIsNumber = t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
          index = indexIsNumber || t == JsonToken.VALUE_STRING ? p.getText() : skipNull(p);
        }
        case "action_reason" -> {
          topReasonSet = t != JsonToken.VALUE_NULL;
          topReason = t == JsonToken.VALUE_STRING ? p.getText() : skipNull(p);
        }
        case "change" -> {
          hasChange = t == JsonToken.START_OBJECT;
          if (!hasChange) {
            p.skipChildren();
            continue;
          }
          actions.clear();
          unknown.clear();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            switch (f) {
              case "actions" -> readActions(p, v, actions);
              case "before" -> before = value(p, v);
              case "after" -> after = value(p, v);
              case "before_sensitive" -> beforeSensitive = value(p, v);
              case "after_sensitive" -> afterSensitive = value(p, v);
              case "after_unknown" -> readUnknown(p, v, unknown);
              case "action_reason" -> changeReason = v == JsonToken.VALUE_STRING ? p.getText() : skipNull(p);
              default -> p.skipChildren();
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    if (type.isEmpty() || !hasChange) {
      throw new InvalidInputException(name + " is not a terraform plan: resource change #" + (position + 1)
          + (address != null ? " (" + address + ")" : "") + " has no type or change.");
    }
    if (address == null) {
      address = address(module, mode, type, resourceName, index, indexIsNumber);
    }
    ChangeAction action = action(actions);
    if (action == null) {
      LOG.warn("{}: unrecognised actions {} for {}; judged as a replacement", name, actions, address);
      action = ChangeAction.REPLACE;
    }
    ResourceChange.Builder b = ResourceChange.builder()
        .address(address)
        .type(type)
        .provider(provider(providerName))
        .action(action);
    // action_reason sits on the resource change, next to address; older writers never set it.
    String reason = topReasonSet ? topReason : changeReason;
    if (reason != null) {
      b.actionReason(reason);
    }
    if (!known(actions)) {
      // Terraform's own reason, if any, is kept after ours: the rule needs to see ours first.
      b.actionReason(UNRECOGNISED + actions + (reason != null ? " (" + reason + ")" : ""));
    }
    // A deletion is judged on what exists now; its planned end state is nothing.
    Map<String, Object> beforeMap = action == ChangeAction.CREATE ? Map.of() : masked(before, beforeSensitive);
    Map<String, Object> afterMap = action == ChangeAction.DELETE ? Map.of() : masked(after, afterSensitive);
    return b.before(beforeMap).after(afterMap).unknownAfter(unknown).build();
  }

  /** A scalar's text as Jackson's asText gives it; a container is skipped and reads as empty. */
  private static String text(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      p.skipChildren();
      return "";
    }
    return p.getText();
  }

  private static String skipNull(JsonParser p) throws IOException {
    p.skipChildren();
    return null;
  }

  private static void readActions(JsonParser p, JsonToken t, List<String> actions) throws IOException {
    actions.clear();
    if (t == JsonToken.START_ARRAY) {
      for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
        actions.add(text(p, e));
      }
    } else if (t == JsonToken.START_OBJECT) {
      // JsonNode.forEach on an object visits its values; kept for the same reading.
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        actions.add(text(p, p.nextToken()));
      }
    }
  }

  /** A JSON value in the core's immutable attribute shapes, built once (see Values.adoptMap). */
  private static Object value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_STRING:
        return p.getText();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? new BigDecimal(p.getBigIntegerValue())
            : BigDecimal.valueOf(p.getLongValue());
      case VALUE_NUMBER_FLOAT:
        return p.getDecimalValue();
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          list.add(value(p, e));
        }
        return Values.adoptList(list);
      }
      case START_OBJECT: {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          map.put(key, value(p, p.nextToken()));
        }
        return Values.adoptMap(map);
      }
      default:
        return p.getText();
    }
  }

  /** Top-level attributes of after_unknown that are wholly or partly unknown until apply. */
  private static void readUnknown(JsonParser p, JsonToken t, Set<String> names) throws IOException {
    names.clear();
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      if (containsTrue(p, p.nextToken())) {
        names.add(field);
      }
    }
  }

  /** Consumes one value and says whether a true sits anywhere in it. */
  private static boolean containsTrue(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
      return t == JsonToken.VALUE_TRUE;
    }
    boolean found = false;
    int depth = 1;
    while (depth > 0) {
      JsonToken e = p.nextToken();
      if (e == JsonToken.START_OBJECT || e == JsonToken.START_ARRAY) {
        depth++;
      } else if (e == JsonToken.END_OBJECT || e == JsonToken.END_ARRAY) {
        depth--;
      } else if (e == JsonToken.VALUE_TRUE) {
        found = true;
      }
    }
    return found;
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
  private static String address(String module, String mode, String type, String name, String index, boolean indexIsNumber) {
    StringBuilder s = new StringBuilder();
    if (!module.isEmpty()) {
      s.append(module).append('.');
    }
    if ("data".equals(mode)) {
      s.append("data.");
    }
    s.append(type).append('.').append(name);
    if (index != null) {
      s.append(indexIsNumber ? "[" + index + "]" : "[\"" + index + "\"]");
    }
    return s.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> masked(Object value, Object sensitive) {
    if (!(value instanceof Map<?, ?> map)) {
      return Map.of();
    }
    if (Boolean.TRUE.equals(sensitive)) {
      LinkedHashMap<String, Object> all = new LinkedHashMap<>();
      for (Object key : map.keySet()) {
        all.put((String) key, Json.SENSITIVE);
      }
      return Values.adoptMap(all);
    }
    return (Map<String, Object>) mask(value, sensitive);
  }

  private static Object mask(Object value, Object sensitive) {
    if (Boolean.TRUE.equals(sensitive) && value != null) {
      return Json.SENSITIVE;
    }
    if (value instanceof Map<?, ?> map && sensitive instanceof Map<?, ?> s && !s.isEmpty()) {
      LinkedHashMap<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put((String) e.getKey(), mask(e.getValue(), s.get(e.getKey())));
      }
      return Values.adoptMap(out);
    }
    if (value instanceof List<?> list && sensitive instanceof List<?> s && !s.isEmpty()) {
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(mask(list.get(i), i < s.size() ? s.get(i) : null));
      }
      return Values.adoptList(out);
    }
    return value;
  }
}
