package dev.safeops.core.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import java.util.Iterator;
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

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
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
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
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

  private static JsonResourceCatalog parse(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new InvalidInputException("The resource catalog must be a JSON object with a \"types\" object.");
    }
    rejectUnknown(root, TOP_FIELDS, "The resource catalog");
    JsonNode typesNode = root.get("types");
    if (typesNode == null || !typesNode.isObject()) {
      throw new InvalidInputException("The resource catalog must have a \"types\" object mapping each type to its entry.");
    }
    List<ResourceType> types = new ArrayList<>();
    Map<String, ResourceType> byName = new HashMap<>();
    Map<String, String> owner = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = typesNode.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
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

  private static ResourceType entry(String type, JsonNode node) {
    String where = "Resource catalog entry '" + type + "'";
    if (type.isBlank()) {
      throw new InvalidInputException("A resource catalog entry has a blank type name.");
    }
    if (!node.isObject()) {
      throw new InvalidInputException(where + " must be an object, not " + kind(node) + ".");
    }
    rejectUnknown(node, ENTRY_FIELDS, where);
    JsonNode categoryNode = node.get("category");
    if (categoryNode == null || !categoryNode.isTextual()) {
      throw new InvalidInputException(where + " needs a \"category\" string.");
    }
    ResourceCategory category = category(where, categoryNode.asText());
    List<String> aliases = new ArrayList<>();
    JsonNode aliasNode = node.get("aliases");
    if (aliasNode != null) {
      if (!aliasNode.isArray()) {
        throw new InvalidInputException(where + " has \"aliases\" that is not a list of strings.");
      }
      for (JsonNode a : aliasNode) {
        if (!a.isTextual() || a.asText().isBlank()) {
          throw new InvalidInputException(where + " has an alias that is not a non-blank string: " + a + ".");
        }
        aliases.add(a.asText());
      }
    }
    List<AttributeCondition> protections = conditions(where, node, "protections");
    List<AttributeCondition> lost = conditions(where, node, "backupsLostOnDelete");
    boolean always = false;
    JsonNode alwaysNode = node.get("backupsAlwaysLost");
    if (alwaysNode != null) {
      if (!alwaysNode.isBoolean()) {
        throw new InvalidInputException(where + " has \"backupsAlwaysLost\" that is not true or false.");
      }
      always = alwaysNode.booleanValue();
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

  private static List<AttributeCondition> conditions(String where, JsonNode entry, String field) {
    JsonNode list = entry.get(field);
    if (list == null) {
      return List.of();
    }
    if (!list.isArray()) {
      throw new InvalidInputException(where + " has \"" + field + "\" that is not a list of conditions.");
    }
    List<AttributeCondition> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = where + " " + field + "[" + i + "]";
      JsonNode c = list.get(i);
      if (!c.isObject()) {
        throw new InvalidInputException(at + " must be an object, not " + kind(c) + ".");
      }
      rejectUnknown(c, ALL_CONDITION_FIELDS, at);
      for (String required : CONDITION_FIELDS) {
        if (!c.has(required)) {
          throw new InvalidInputException(at + " has no \"" + required + "\" (write null when there is none).");
        }
      }
      JsonNode path = c.get("path");
      if (!path.isTextual() || path.asText().isBlank()) {
        throw new InvalidInputException(at + " needs a non-blank \"path\" string.");
      }
      JsonNode description = c.get("description");
      if (!description.isTextual() || description.asText().isBlank()) {
        throw new InvalidInputException(at + " needs a non-blank \"description\" string.");
      }
      JsonNode negated = c.get("negated");
      if (negated != null && !negated.isBoolean()) {
        throw new InvalidInputException(at + " has \"negated\" that is not true or false.");
      }
      out.add(new AttributeCondition(path.asText(), value(c.get("value")), value(c.get("default")),
          description.asText(), negated != null && negated.booleanValue()));
    }
    return out;
  }

  private static Object value(JsonNode node) {
    if (node.isNull()) {
      return null;
    }
    try {
      return Values.immutable(MAPPER.treeToValue(node, Object.class));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void rejectUnknown(JsonNode node, Set<String> allowed, String where) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
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

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
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
