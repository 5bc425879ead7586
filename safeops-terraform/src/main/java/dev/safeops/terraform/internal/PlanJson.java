package dev.safeops.terraform.internal;

import com.fasterxml.jackson.core.JsonToken;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.internal.Values;
import dev.safeops.terraform.PlanReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming {@link PlanReader}: one change in memory at a time, everything else skipped
 * (and still checked: duplicate keys, JSON syntax). {@link #stream} hands each change on as
 * soon as it is read, for a caller that judges a plan without holding it.
 */
public final class PlanJson implements PlanReader {
  public static final PlanJson INSTANCE = new PlanJson();
  private static final Logger LOG = LoggerFactory.getLogger(PlanJson.class);
  private static final String WHAT = "terraform plan";
  /** The newest plan format this reader knows (Terraform 1.3 and later write 1.2). */
  static final FormatVersion KNOWN_FORMAT = new FormatVersion(1, 2);
  /** The action reason given to a change whose actions are not known (see TerraformRules). */
  public static final String UNRECOGNISED = "unrecognised terraform actions ";

  /** What a plan says besides its changes. */
  public record Facts(int priorResourceCount, int changes) {}

  private PlanJson() {}

  @Override
  public Plan read(Path planJson) {
    return JsonInput.readFile(planJson, JsonInput.Kind.PLAN, p -> materialise(p));
  }

  @Override
  public Plan read(InputStream planJson, String name) {
    return JsonInput.read(planJson, name, JsonInput.Kind.PLAN, p -> materialise(p));
  }

  /**
   * Reads a plan file, handing each change to {@code changes} as soon as it is read. A
   * change that was handed on may still belong to a plan refused later (by a parse error
   * further on, or a missing {@code planned_values}): the caller must discard what it
   * gathered when this throws.
   *
   * @throws InvalidInputException when the input is not a valid plan
   */
  public static Facts stream(Path planJson, Consumer<ResourceChange> changes) {
    return JsonInput.read(planJson, JsonInput.Kind.PLAN, p -> parse(p, changes));
  }

  /**
   * {@link #stream(Path, Consumer)} through {@link ByteTokens}, about twice as fast on a big
   * plan, or {@link Reread} if that reader was not sure of the file (or the file is not a
   * valid plan): then the caller discards what it gathered and calls {@link #stream(Path,
   * Consumer)}, whose answer counts.
   */
  public static Facts streamFast(Path planJson, Consumer<ResourceChange> changes) {
    try {
      return JsonInput.readBytes(planJson, JsonInput.Kind.PLAN, p -> parse(p, changes));
    } catch (ByteTokens.Doubt e) {
      throw new Reread(e);
    }
  }

  /** {@link #streamFast} was not sure of a plan: read it again with {@link #stream(Path, Consumer)}. */
  public static final class Reread extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Reread(ByteTokens.Doubt why) {
      super(why.getMessage(), why, false, false);
    }
  }

  /** {@link #stream(Path, Consumer)} from a stream, which is not closed. */
  public static Facts stream(InputStream planJson, String name, Consumer<ResourceChange> changes) {
    return JsonInput.read(planJson, name, JsonInput.Kind.PLAN, p -> parse(p, changes));
  }

  private static Plan materialise(Tokens p) throws IOException {
    Plan.Builder plan = Plan.builder().source("terraform plan " + p.name());
    Set<String> addresses = new HashSet<>();
    Facts facts = parse(p, rc -> {
      if (!addresses.add(rc.address())) {
        throw new InvalidInputException(p.name() + " lists resource " + rc.address() + " twice in resource_changes.");
      }
      plan.change(rc);
    });
    return plan.priorResourceCount(facts.priorResourceCount()).build();
  }

  private static Facts parse(Tokens p, Consumer<ResourceChange> changes) throws IOException {
    PriorStateAhead ahead = PriorStateAhead.start(p, WHAT);
    try {
      return parse(p, changes, ahead);
    } finally {
      if (ahead != null) {
        ahead.cancel();
      }
    }
  }

  private static Facts parse(Tokens p, Consumer<ResourceChange> changes, PriorStateAhead ahead) throws IOException {
    String name = p.name();
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new InvalidInputException(name + " is not a terraform plan: the JSON does not start with an object at "
          + p.position() + ".");
    }
    boolean formatVersion = false;
    boolean plannedValues = false;
    boolean errored = false;
    int prior = 0;
    int count = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "format_version" -> {
          FormatVersion.parse(p, p.string("format_version", false)).check(name, WHAT, KNOWN_FORMAT);
          formatVersion = true;
        }
        case "planned_values" -> {
          p.expect("planned_values", "an object", JsonToken.START_OBJECT);
          plannedValues = true;
          p.skip();
        }
        case "errored" -> errored = p.expect("errored", "a boolean", JsonToken.VALUE_TRUE, JsonToken.VALUE_FALSE) == JsonToken.VALUE_TRUE;
        case "prior_state" -> {
          if (p.expect("prior_state", "an object or null", JsonToken.START_OBJECT, JsonToken.VALUE_NULL) == JsonToken.START_OBJECT) {
            Integer readAhead = ahead == null ? null : ahead.take((ByteTokens) p);
            if (readAhead != null) {
              prior = readAhead;
            } else {
              StateJson.Count managed = new StateJson.Count();
              StateJson.object(p, managed);
              prior = managed.managed();
            }
          }
        }
        case "resource_changes" -> {
          if (p.expect("resource_changes", "a list or null", JsonToken.START_ARRAY, JsonToken.VALUE_NULL) == JsonToken.START_ARRAY) {
            while (nextChange(p, name, count, changes)) {
              count++;
            }
          }
        }
        // resource_drift, configuration, variables, checks and any future field: not what apply does.
        default -> p.skip();
      }
    }
    if (!formatVersion || !plannedValues) {
      throw new InvalidInputException(name + " is not `terraform show -json` output of a saved plan: it has no "
          + (formatVersion ? "planned_values" : "format_version") + ".");
    }
    if (errored) {
      throw new InvalidInputException(name + " is a plan that errored, which Terraform would not apply; fix the errors and plan again.");
    }
    return new Facts(prior, count);
  }

  /**
   * Reads the next entry of resource_changes and hands it on; false at the list's end. Its own
   * method because the loop that calls it runs once per plan: the JVM compiles such a loop only
   * after tens of thousands of turns, and until then every turn is interpreted, so a turn must
   * do nothing but call this (the message of a refusal, for one, is made only on a refusal).
   */
  private static boolean nextChange(Tokens p, String name, int count, Consumer<ResourceChange> changes) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.END_ARRAY) {
      return false;
    }
    if (t != JsonToken.START_OBJECT) {
      throw p.shape("resource change #" + (count + 1), "an object");
    }
    changes.accept(change(p, name, count));
    return true;
  }

  /**
   * Reads one entry of resource_changes (the parser is on its START_OBJECT) straight from the
   * tokens: before/after are built once, already in the core's immutable shapes, so the
   * change does not copy them again. The sensitivity masks follow the values in Terraform's
   * output, so the masking happens when the object has been read. A field of the wrong JSON
   * type is refused, never read as empty.
   */
  private static ResourceChange change(Tokens p, String name, int position) throws IOException {
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
    Body body = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "address" -> address = p.string("address", true);
        case "type" -> type = orEmpty(p.string("type", true));
        case "provider_name" -> providerName = orEmpty(p.string("provider_name", true));
        // The parts of the address are wanted only to make one when there is none (Terraform
        // writes the address first): with it, they are only checked (Tokens.checkString).
        case "mode" -> mode = address != null ? checked(p, "mode") : orEmpty(p.string("mode", true));
        case "name" -> resourceName = address != null ? checked(p, "name") : orEmpty(p.string("name", true));
        case "module_address" -> module = address != null ? checked(p, "module_address") : orEmpty(p.string("module_address", true));
        case "index" -> {
          p.expect("index", "a number, a string or null", JsonToken.VALUE_NUMBER_INT, JsonToken.VALUE_NUMBER_FLOAT,
              JsonToken.VALUE_STRING, JsonToken.VALUE_NULL);
          indexIsNumber = t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
          index = t == JsonToken.VALUE_NULL || address != null ? null : p.getText();
        }
        case "action_reason" -> {
          topReasonSet = t != JsonToken.VALUE_NULL;
          topReason = p.string("action_reason", true);
        }
        case "change" -> {
          p.expect("change", "an object", JsonToken.START_OBJECT);
          body = body(p);
        }
        default -> p.skip();
      }
    }
    if (type.isEmpty() || body == null || !body.hasActions) {
      throw new InvalidInputException(name + " is not a terraform plan: resource change #" + (position + 1)
          + (address != null ? " (" + address + ")" : "") + " has no " + (type.isEmpty() ? "type" : body == null ? "change" : "actions") + ".");
    }
    if (address == null) {
      address = address(module, mode, type, resourceName, index, indexIsNumber);
    }
    return build(name, address, type, providerName, topReasonSet ? topReason : body.reason, body);
  }

  /** What a change's {@code change} object holds. */
  private static final class Body {
    boolean hasActions;
    final List<String> actions = new ArrayList<>(2);
    String reason;
    Object before;
    Object after;
    Object beforeSensitive;
    Object afterSensitive;
    final Set<String> unknown = new LinkedHashSet<>();
  }

  /** Reads a change's {@code change} object (the parser is on its START_OBJECT); its own method, to keep each compiled unit small. */
  private static Body body(Tokens p) throws IOException {
    Body b = new Body();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken v = p.nextToken();
      switch (f) {
        case "actions" -> {
          readActions(p, b.actions);
          b.hasActions = true;
        }
        case "before" -> b.before = attributes(p, "before");
        case "after" -> b.after = attributes(p, "after");
        case "before_sensitive" -> b.beforeSensitive = readMask(p, "before_sensitive");
        case "after_sensitive" -> b.afterSensitive = readMask(p, "after_sensitive");
        case "after_unknown" -> readUnknown(p, v, b.unknown);
        case "action_reason" -> b.reason = p.string("action_reason", true);
        default -> p.skip();
      }
    }
    return b;
  }

  /** The change, from what was read; {@code reason} is action_reason, from beside the address or, for older writers, the change. */
  private static ResourceChange build(String name, String address, String type, String providerName, String reason, Body body) {
    ChangeAction action = action(body.actions);
    if (action == null) {
      LOG.warn("{}: unrecognised actions {} for {}; judged as a replacement", name, body.actions, address);
      action = ChangeAction.REPLACE;
    }
    ResourceChange.Builder b = ResourceChange.builder()
        .address(address)
        .type(type)
        .provider(provider(providerName))
        .action(action);
    if (reason != null) {
      b.actionReason(reason);
    }
    if (!known(body.actions)) {
      // Terraform's own reason, if any, is kept after ours: the rule needs to see ours first.
      b.actionReason(UNRECOGNISED + body.actions + (reason != null ? " (" + reason + ")" : ""));
    }
    // A deletion is judged on what exists now; its planned end state is nothing.
    Map<String, Object> beforeMap = action == ChangeAction.CREATE ? Map.of() : masked(body.before, body.beforeSensitive);
    Map<String, Object> afterMap = action == ChangeAction.DELETE ? Map.of() : masked(body.after, body.afterSensitive);
    return b.before(beforeMap).after(afterMap).unknownAfter(body.unknown).build();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /** Checks a string-or-null field as {@link Tokens#string} would, not keeping the string. */
  static String checked(Tokens p, String field) throws IOException {
    p.checkString(field);
    return "";
  }

  /** {@code actions}: a list of strings, nothing else. */
  private static void readActions(Tokens p, List<String> actions) throws IOException {
    actions.clear();
    p.expect("actions", "a list of strings", JsonToken.START_ARRAY);
    while (p.nextToken() != JsonToken.END_ARRAY) {
      actions.add(p.string("an entry of actions", false));
    }
  }

  /** {@code before} or {@code after}: an object of attributes, or null. */
  private static Object attributes(Tokens p, String field) throws IOException {
    p.expect(field, "an object or null", JsonToken.START_OBJECT, JsonToken.VALUE_NULL);
    return value(p, p.currentToken());
  }

  /** A sensitivity mask: true, false, null, or an object or list of masks. */
  private static Object readMask(Tokens p, String field) throws IOException {
    p.expect(field, "a boolean, an object or null", JsonToken.VALUE_TRUE, JsonToken.VALUE_FALSE, JsonToken.START_OBJECT,
        JsonToken.VALUE_NULL);
    return value(p, p.currentToken());
  }

  /** A JSON value in the core's immutable attribute shapes, built once (see Values.adoptMap). */
  private static Object value(Tokens p, JsonToken t) throws IOException {
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
      case VALUE_NUMBER_FLOAT:
        return p.decimal();
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          list.add(value(p, e));
        }
        return Values.adoptList(list);
      }
      case START_OBJECT: {
        // Two arrays, not a LinkedHashMap: keys arrive distinct (the readers refuse one twice).
        String[] keys = new String[8];
        Object[] values = new Object[8];
        int n = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          if (n == keys.length) {
            keys = Arrays.copyOf(keys, n * 2);
            values = Arrays.copyOf(values, n * 2);
          }
          keys[n] = p.currentName();
          values[n++] = value(p, p.nextToken());
        }
        return Values.adoptEntries(keys, values, n);
      }
      default:
        throw p.shape("a value", "a JSON value");
    }
  }

  /**
   * Top-level attributes of after_unknown that are wholly or partly unknown until apply.
   * Terraform writes an object, or {@code true} for a value unknown as a whole; either way
   * only a true somewhere marks an attribute.
   */
  private static void readUnknown(Tokens p, JsonToken t, Set<String> names) throws IOException {
    names.clear();
    p.expect("after_unknown", "an object, a boolean or null", JsonToken.START_OBJECT, JsonToken.VALUE_TRUE,
        JsonToken.VALUE_FALSE, JsonToken.VALUE_NULL);
    if (t != JsonToken.START_OBJECT) {
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
  private static boolean containsTrue(Tokens p, JsonToken t) throws IOException {
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
    if (!anyTrue(sensitive)) {
      // Terraform writes a mask for every change, mostly empty objects and lists in the
      // attributes' shape: nothing to hide, so the attributes are kept as read, not rebuilt.
      return (Map<String, Object>) map;
    }
    return (Map<String, Object>) mask(value, sensitive);
  }

  /** Whether a sensitivity mask marks anything: a true somewhere in it. */
  private static boolean anyTrue(Object mask) {
    if (mask instanceof Boolean b) {
      return b;
    }
    if (mask instanceof Map<?, ?> m) {
      for (Object v : m.values()) {
        if (anyTrue(v)) {
          return true;
        }
      }
    } else if (mask instanceof List<?> l) {
      for (Object v : l) {
        if (anyTrue(v)) {
          return true;
        }
      }
    }
    return false;
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
