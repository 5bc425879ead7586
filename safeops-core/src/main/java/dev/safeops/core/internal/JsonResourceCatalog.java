package dev.safeops.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.InvariantViolationException;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.ResourceCategory;
import dev.safeops.core.ResourceType;
import dev.safeops.core.ResourceType.AttributeCondition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link ResourceCatalog} read from JSON. The format, one object per Terraform type:
 *
 * <pre>
 * {
 *   "description": "free text",
 *   "types": {
 *     "aws_db_instance": {
 *       "category": "DATA_STORE",
 *       "aliases": ["AWS::RDS::DBInstance"],
 *       "protections": [
 *         {"path": "deletion_protection", "value": true, "default": false, "description": "deletion protection"}
 *       ],
 *       "backupsLostOnDelete": [
 *         {"path": "skip_final_snapshot", "value": true, "default": false, "description": "no final snapshot is taken"}
 *       ],
 *       "backupsAlwaysLost": false
 *     }
 *   }
 * }
 * </pre>
 *
 * <p>{@code category} is required; the other fields are optional. In a condition all four
 * fields are required ({@code value} and {@code default} may be JSON null): the provider's
 * default has to be stated, because it is what judges an absent or unknown attribute.
 * Unknown fields, duplicate keys and an alias used twice are rejected, so a typo cannot
 * silently switch a protection off. Immutable and thread-safe.
 */
public final class JsonResourceCatalog implements ResourceCatalog {
  static final String DEFAULT_RESOURCE = "/dev/safeops/core/resource-catalog.json";

  /**
   * Read with the streaming parser into plain maps and lists, not with an ObjectMapper: the
   * catalog is read at the start of every check-plan and every hook that judges a plan, and
   * setting up data binding costs a cold JVM more than the rest of reading it.
   */
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();
  private static final Set<String> TOP_FIELDS = Set.of("description", "types");
  private static final Set<String> ENTRY_FIELDS =
      Set.of("category", "aliases", "protections", "backupsLostOnDelete", "backupsAlwaysLost", "description");
  private static final Set<String> CONDITION_FIELDS = Set.of("path", "value", "default", "description");
  /** Optional condition fields: {@code negated} (boolean, default false) inverts the comparison. */
  private static final Set<String> ALL_CONDITION_FIELDS = Set.of("path", "value", "default", "description", "negated");

  private final Map<String, ResourceType> byName;
  private final List<ResourceType> types;

  private JsonResourceCatalog(List<ResourceType> types, Map<String, ResourceType> byName) {
    this.types = List.copyOf(types);
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** The catalog shipped in the jar, read once. */
  public static ResourceCatalog defaults() {
    return Shipped.CATALOG;
  }

  /**
   * Reads a catalog; the stream is read to the end but not closed.
   *
   * @throws InvalidInputException naming the entry (or the position) when the JSON is malformed
   */
  public static ResourceCatalog load(InputStream json) {
    Objects.requireNonNull(json, "json");
    Object root;
    try (JsonParser p = JSON.createParser(json)) {
      JsonToken first = p.nextToken();
      root = first == null ? null : read(p, first);
      if (first != null && p.nextToken() != null) {
        JsonLocation at = p.currentTokenLocation();
        throw new InvalidInputException("The resource catalog is not valid JSON at line " + at.getLineNr() + ", column "
            + at.getColumnNr() + ": there is more after the catalog's object.");
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new InvalidInputException(
          "The resource catalog is not valid JSON" + where + ": " + oneLine(e.getOriginalMessage()) + ".", e);
    } catch (IOException e) {
      throw new InvalidInputException("The resource catalog could not be read: " + e.getMessage() + ".", e);
    }
    return parse(root);
  }

  /** Every type in the catalog, in file order. */
  public List<ResourceType> types() {
    return types;
  }

  @Override
  public Optional<ResourceType> find(String type) {
    return type == null ? Optional.empty() : Optional.ofNullable(byName.get(type));
  }

  @Override
  public String toString() {
    return "JsonResourceCatalog[" + types.size() + " types]";
  }

  /** One JSON value from the parser (on its first token) as maps (in file order), lists, strings, BigDecimals, booleans or null. */
  private static Object read(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          map.put(name, read(p, p.nextToken()));
        }
        return map;
      }
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          list.add(read(p, e));
        }
        return list;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getDecimalValue();
      case VALUE_NUMBER_FLOAT: {
        // As the catalog was always read (Jackson's tree strips a decimal's trailing zeros): 1.50 is 1.5.
        java.math.BigDecimal d = p.getDecimalValue();
        return d.signum() == 0 ? java.math.BigDecimal.ZERO : d.stripTrailingZeros();
      }
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new JsonParseException(p, "unexpected " + t);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value) {
    return (Map<String, Object>) value;
  }

  private static JsonResourceCatalog parse(Object root) {
    if (!(root instanceof Map)) {
      throw new InvalidInputException("The resource catalog must be a JSON object with a \"types\" object.");
    }
    rejectUnknown(object(root), TOP_FIELDS, "The resource catalog");
    Object typesNode = object(root).get("types");
    if (!(typesNode instanceof Map)) {
      throw new InvalidInputException("The resource catalog must have a \"types\" object mapping each type to its entry.");
    }
    List<ResourceType> types = new ArrayList<>();
    Map<String, ResourceType> byName = new HashMap<>();
    Map<String, String> owner = new HashMap<>();
    for (Map.Entry<String, Object> e : object(typesNode).entrySet()) {
      ResourceType type = entry(e.getKey(), e.getValue());
      claim(owner, type.type(), type.type());
      for (String alias : type.aliases()) {
        claim(owner, alias, type.type());
      }
      types.add(type);
      byName.put(type.type(), type);
      type.aliases().forEach(a -> byName.put(a, type));
    }
    return new JsonResourceCatalog(types, byName);
  }

  private static void claim(Map<String, String> owner, String name, String type) {
    String previous = owner.putIfAbsent(name, type);
    if (previous != null) {
      throw new InvalidInputException("Resource catalog entry '" + type + "' uses the name '" + name
          + "', which " + (previous.equals(name) ? "is already a type" : "is already an alias of '" + previous + "'")
          + " in the catalog.");
    }
  }

  private static ResourceType entry(String type, Object value) {
    String where = "Resource catalog entry '" + type + "'";
    if (type.isBlank()) {
      throw new InvalidInputException("A resource catalog entry has a blank type name.");
    }
    if (!(value instanceof Map)) {
      throw new InvalidInputException(where + " must be an object, not " + kind(value) + ".");
    }
    Map<String, Object> node = object(value);
    rejectUnknown(node, ENTRY_FIELDS, where);
    if (!(node.get("category") instanceof String categoryText)) {
      throw new InvalidInputException(where + " needs a \"category\" string.");
    }
    ResourceCategory category = category(where, categoryText);
    List<String> aliases = new ArrayList<>();
    if (node.containsKey("aliases")) {
      if (!(node.get("aliases") instanceof List<?> aliasList)) {
        throw new InvalidInputException(where + " has \"aliases\" that is not a list of strings.");
      }
      for (Object a : aliasList) {
        if (!(a instanceof String alias) || alias.isBlank()) {
          throw new InvalidInputException(where + " has an alias that is not a non-blank string: " + json(a) + ".");
        }
        aliases.add(alias);
      }
    }
    List<AttributeCondition> protections = conditions(where, node, "protections");
    List<AttributeCondition> lost = conditions(where, node, "backupsLostOnDelete");
    boolean always = false;
    if (node.containsKey("backupsAlwaysLost")) {
      if (!(node.get("backupsAlwaysLost") instanceof Boolean flag)) {
        throw new InvalidInputException(where + " has \"backupsAlwaysLost\" that is not true or false.");
      }
      always = flag;
    }
    return new ResourceType(type, category, aliases, protections, lost, always);
  }

  private static ResourceCategory category(String where, String text) {
    for (ResourceCategory c : ResourceCategory.values()) {
      if (c != ResourceCategory.UNKNOWN && c.name().equals(text)) {
        return c;
      }
    }
    throw new InvalidInputException(where + " has the unknown category '" + text
        + "' (use DATA_STORE, BACKUP, NETWORK_FOUNDATION, COMPUTE, IDENTITY, DNS, ENCRYPTION_KEY or OTHER).");
  }

  private static List<AttributeCondition> conditions(String where, Map<String, Object> entry, String field) {
    if (!entry.containsKey(field)) {
      return List.of();
    }
    if (!(entry.get(field) instanceof List<?> list)) {
      throw new InvalidInputException(where + " has \"" + field + "\" that is not a list of conditions.");
    }
    List<AttributeCondition> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = where + " " + field + "[" + i + "]";
      if (!(list.get(i) instanceof Map)) {
        throw new InvalidInputException(at + " must be an object, not " + kind(list.get(i)) + ".");
      }
      Map<String, Object> c = object(list.get(i));
      rejectUnknown(c, ALL_CONDITION_FIELDS, at);
      for (String required : CONDITION_FIELDS) {
        if (!c.containsKey(required)) {
          throw new InvalidInputException(at + " has no \"" + required + "\" (write null when there is none).");
        }
      }
      if (!(c.get("path") instanceof String path) || path.isBlank()) {
        throw new InvalidInputException(at + " needs a non-blank \"path\" string.");
      }
      if (!(c.get("description") instanceof String description) || description.isBlank()) {
        throw new InvalidInputException(at + " needs a non-blank \"description\" string.");
      }
      Object negated = c.get("negated");
      if (c.containsKey("negated") && !(negated instanceof Boolean)) {
        throw new InvalidInputException(at + " has \"negated\" that is not true or false.");
      }
      out.add(new AttributeCondition(path, Values.immutable(c.get("value")), Values.immutable(c.get("default")),
          description, Boolean.TRUE.equals(negated)));
    }
    return out;
  }

  private static void rejectUnknown(Map<String, Object> node, Set<String> allowed, String where) {
    for (String name : node.keySet()) {
      if (!allowed.contains(name)) {
        throw new InvalidInputException(where + " has the unknown field \"" + name + "\" (known: "
            + String.join(", ", allowed.stream().sorted().toList()) + ").");
      }
    }
  }

  // Jackson's messages can span lines; ours are one sentence.
  private static String oneLine(String message) {
    String text = message == null ? "unexpected content" : message.replaceAll("\\s+", " ").trim();
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }

  /** The JSON kind of a value read by {@link #read}, in the words Jackson's node types use. */
  private static String kind(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map) {
      return "object";
    }
    if (value instanceof List) {
      return "array";
    }
    return value instanceof String ? "string" : value instanceof Boolean ? "boolean" : "number";
  }

  /** A value read by {@link #read} written back as JSON, for a message (data binding only on this error path). */
  private static String json(Object value) {
    try {
      return StoreJson.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  /** Holder: the shipped catalog is parsed once, on first use. */
  private static final class Shipped {
    static final ResourceCatalog CATALOG = read();

    private static ResourceCatalog read() {
      try (InputStream in = JsonResourceCatalog.class.getResourceAsStream(DEFAULT_RESOURCE)) {
        if (in == null) {
          throw new InvariantViolationException("the shipped resource catalog " + DEFAULT_RESOURCE + " is missing from the jar");
        }
        return load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("the shipped resource catalog could not be read", e);
      }
    }
  }
}
