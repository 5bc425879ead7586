package dev.safeops.aws.internal.live;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.safeops.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the live evidence rule reads for each Terraform resource type, as data: where the
 * AWS identifiers are among the attributes, which CloudWatch series show activity, how the
 * creation time is read and which dependents are looked for. The shipped catalog is
 * {@code dev/safeops/aws/live-evidence.json}; its {@code description} documents the format.
 * Read strictly: an unknown field, a duplicate key, a lookup safeops does not have or a
 * dimension naming no identifier is refused. Immutable and thread-safe.
 */
public final class LiveCatalog {
  private static final String SHIPPED = "/dev/safeops/aws/live-evidence.json";
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final Set<String> TOP_FIELDS = Set.of("description", "types");
  private static final Set<String> ENTRY_FIELDS =
      Set.of("aliases", "identifiers", "name", "metrics", "created", "dependents");
  private static final Set<String> METRIC_FIELDS =
      Set.of("namespace", "metric", "statistic", "describe", "above", "dimensions");
  private static final Set<String> SOURCE_FIELDS = Set.of("attribute", "after", "afterLast");
  private static final Set<String> STATISTICS = Set.of("Sum", "Maximum", "Average", "Minimum", "SampleCount");

  /**
   * Where one identifier is among the attributes: {@code attribute}'s string value, cut
   * after the first {@code after} or the last {@code afterLast} marker when it holds one.
   */
  public record Source(String attribute, String after, String afterLast) {
    Optional<String> read(Map<String, Object> attributes) {
      if (!(attributes.get(attribute) instanceof String value) || value.isBlank()) {
        return Optional.empty();
      }
      if (after != null && value.contains(after)) {
        value = value.substring(value.indexOf(after) + after.length());
      }
      if (afterLast != null && value.contains(afterLast)) {
        value = value.substring(value.lastIndexOf(afterLast) + afterLast.length());
      }
      return value.isBlank() ? Optional.empty() : Optional.of(value);
    }
  }

  /** One CloudWatch series: {@code describe} reads a value in a finding, {@code {}} standing for the number. */
  public record Metric(String namespace, String name, String statistic, String describe, BigDecimal above,
      Map<String, String> dimensions) {}

  /** The entry of one resource type. */
  public record Entry(String type, Map<String, List<Source>> identifiers, String nameKey, List<Metric> metrics,
      Optional<CreationLookup> created, List<DependentsLookup> dependents) {

    /**
     * The identifiers of the resource {@code attributes} describe, every key resolved; or the
     * first key that could not be, with the attributes that were looked at.
     */
    Resolution resolve(Map<String, Object> attributes) {
      Map<String, String> ids = new LinkedHashMap<>();
      List<String> missing = List.of();
      for (Map.Entry<String, List<Source>> e : identifiers.entrySet()) {
        Optional<String> value = Optional.empty();
        for (Source s : e.getValue()) {
          value = s.read(attributes);
          if (value.isPresent()) {
            break;
          }
        }
        if (value.isPresent()) {
          ids.put(e.getKey(), value.get());
        } else if (missing.isEmpty()) {
          missing = e.getValue().stream().map(Source::attribute).distinct().toList();
        }
      }
      return new Resolution(Collections.unmodifiableMap(ids), missing);
    }
  }

  /** The identifiers found, and the attributes of the first one that was not (empty when all were). */
  record Resolution(Map<String, String> ids, List<String> missing) {
    boolean resolved() {
      return missing.isEmpty();
    }
  }

  private final Map<String, Entry> byType;

  private LiveCatalog(Map<String, Entry> byType) {
    this.byType = Map.copyOf(byType);
  }

  /** The catalog shipped in the jar, read once. */
  public static LiveCatalog shipped() {
    return Shipped.CATALOG;
  }

  /** The entry for a Terraform type or one of its aliases. */
  public Optional<Entry> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  /**
   * Reads a catalog in the shipped format.
   *
   * @throws InvalidInputException naming the entry when the JSON is malformed
   */
  static LiveCatalog load(InputStream json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new InvalidInputException("The live evidence catalog is not valid JSON: " + why + ".", e);
    }
    if (root == null || !root.isObject() || !root.path("types").isObject()) {
      throw new InvalidInputException("The live evidence catalog must be a JSON object with a \"types\" object.");
    }
    rejectUnknown(root, TOP_FIELDS, "the live evidence catalog");
    Map<String, Entry> byType = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = root.get("types").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      Entry entry = entry(e.getKey(), e.getValue());
      claim(byType, e.getKey(), entry);
      for (JsonNode alias : array(e.getValue(), "aliases", e.getKey())) {
        claim(byType, text(alias, "aliases", e.getKey()), entry);
      }
    }
    return new LiveCatalog(byType);
  }

  private static void claim(Map<String, Entry> byType, String name, Entry entry) {
    if (byType.putIfAbsent(name, entry) != null) {
      throw new InvalidInputException("The live evidence catalog names " + name + " twice.");
    }
  }

  private static Entry entry(String type, JsonNode node) {
    if (!node.isObject()) {
      throw bad(type, "must be an object");
    }
    rejectUnknown(node, ENTRY_FIELDS, type);
    JsonNode idsNode = node.get("identifiers");
    if (idsNode == null || !idsNode.isObject() || idsNode.isEmpty()) {
      throw bad(type, "needs an \"identifiers\" object");
    }
    Map<String, List<Source>> identifiers = new LinkedHashMap<>();
    idsNode.fields().forEachRemaining(f -> identifiers.put(f.getKey(), sources(type, f.getKey(), f.getValue())));
    String nameKey = text(node.get("name"), "name", type);
    requireIdentifier(type, identifiers, nameKey, "name");
    List<Metric> metrics = new ArrayList<>();
    for (JsonNode m : array(node, "metrics", type)) {
      metrics.add(metric(type, m, identifiers));
    }
    Optional<CreationLookup> created = Optional.empty();
    if (node.has("created")) {
      String name = text(node.get("created"), "created", type);
      CreationLookup lookup = CreationLookup.named(name)
          .orElseThrow(() -> bad(type, "names an unknown creation lookup \"" + name + "\""));
      lookup.needs().forEach(key -> requireIdentifier(type, identifiers, key, "created " + name));
      created = Optional.of(lookup);
    }
    List<DependentsLookup> dependents = new ArrayList<>();
    for (JsonNode d : array(node, "dependents", type)) {
      String name = text(d, "dependents", type);
      DependentsLookup lookup = DependentsLookup.named(name)
          .orElseThrow(() -> bad(type, "names an unknown dependents lookup \"" + name + "\""));
      lookup.needs().forEach(key -> requireIdentifier(type, identifiers, key, "dependents " + name));
      dependents.add(lookup);
    }
    if (metrics.isEmpty() && dependents.isEmpty()) {
      throw bad(type, "reads nothing: give it metrics or dependents");
    }
    return new Entry(type, Collections.unmodifiableMap(identifiers), nameKey, List.copyOf(metrics), created,
        List.copyOf(dependents));
  }

  private static List<Source> sources(String type, String key, JsonNode node) {
    if (!node.isArray() || node.isEmpty()) {
      throw bad(type, "identifier " + key + " must list at least one source");
    }
    List<Source> out = new ArrayList<>();
    for (JsonNode s : node) {
      if (s.isTextual()) {
        out.add(new Source(s.asText(), null, null));
        continue;
      }
      if (!s.isObject()) {
        throw bad(type, "identifier " + key + ": a source is an attribute name or an object");
      }
      rejectUnknown(s, SOURCE_FIELDS, type + " identifier " + key);
      out.add(new Source(text(s.get("attribute"), "attribute", type), optionalText(s, "after", type),
          optionalText(s, "afterLast", type)));
    }
    return List.copyOf(out);
  }

  private static Metric metric(String type, JsonNode m, Map<String, List<Source>> identifiers) {
    if (!m.isObject()) {
      throw bad(type, "a metric must be an object");
    }
    rejectUnknown(m, METRIC_FIELDS, type + " metric");
    String statistic = text(m.get("statistic"), "statistic", type);
    if (!STATISTICS.contains(statistic)) {
      throw bad(type, "statistic " + statistic + " is not one of " + STATISTICS);
    }
    String describe = text(m.get("describe"), "describe", type);
    if (!describe.contains("{}")) {
      throw bad(type, "describe \"" + describe + "\" must hold {} where the number goes");
    }
    BigDecimal above = BigDecimal.ZERO;
    if (m.has("above")) {
      if (!m.get("above").isNumber()) {
        throw bad(type, "above must be a number");
      }
      above = m.get("above").decimalValue();
    }
    JsonNode dims = m.get("dimensions");
    if (dims == null || !dims.isObject() || dims.isEmpty()) {
      throw bad(type, "a metric needs a \"dimensions\" object");
    }
    Map<String, String> dimensions = new LinkedHashMap<>();
    dims.fields().forEachRemaining(d -> {
      String key = text(d.getValue(), "dimensions", type);
      requireIdentifier(type, identifiers, key, "dimension " + d.getKey());
      dimensions.put(d.getKey(), key);
    });
    return new Metric(text(m.get("namespace"), "namespace", type), text(m.get("metric"), "metric", type), statistic,
        describe, above, Map.copyOf(dimensions));
  }

  private static void requireIdentifier(String type, Map<String, List<Source>> identifiers, String key, String user) {
    if (!identifiers.containsKey(key)) {
      throw bad(type, user + " needs the identifier \"" + key + "\", which the entry does not define");
    }
  }

  private static Iterable<JsonNode> array(JsonNode node, String field, String type) {
    JsonNode a = node.get(field);
    if (a == null) {
      return List.of();
    }
    if (!a.isArray()) {
      throw bad(type, field + " must be an array");
    }
    return a;
  }

  private static String text(JsonNode node, String field, String type) {
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw bad(type, field + " must be a non-empty string");
    }
    return node.asText();
  }

  private static String optionalText(JsonNode node, String field, String type) {
    return node.has(field) ? text(node.get(field), field, type) : null;
  }

  private static void rejectUnknown(JsonNode node, Set<String> known, String where) {
    node.fieldNames().forEachRemaining(f -> {
      if (!known.contains(f)) {
        throw new InvalidInputException("The live evidence catalog: " + where + " has an unknown field \"" + f
            + "\" (known: " + known + ").");
      }
    });
  }

  private static InvalidInputException bad(String type, String what) {
    return new InvalidInputException("The live evidence catalog: " + type + " " + what + ".");
  }

  private static final class Shipped {
    static final LiveCatalog CATALOG = read();

    private static LiveCatalog read() {
      try (InputStream in = LiveCatalog.class.getResourceAsStream(SHIPPED)) {
        if (in == null) {
          throw new IllegalStateException("the jar lacks " + SHIPPED);
        }
        return load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("could not read " + SHIPPED, e);
      }
    }
  }
}
