package dev.safeops.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.internal.Values;
import dev.safeops.terraform.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reader builds each change's attributes straight from the parser's tokens. These tests
 * hold it to what a whole-document tree reading gives (the reader's earlier way), on every
 * corpus plan, and check the attributes are built once: the change keeps them uncopied.
 */
class PlanReaderMaterialisationTest {
  private final PlanReader reader = PlanReader.create();

  @Test
  void everyCorpusPlanReadsTheSameAttributesAsATreeReadingOfTheDocument() throws IOException {
    List<Path> plans;
    try (Stream<Path> files = Files.list(Corpus.terraform())) {
      plans = files.filter(f -> f.getFileName().toString().endsWith(".plan.json")).sorted().toList();
    }
    int compared = 0;
    for (Path file : plans) {
      Plan plan;
      try {
        plan = reader.read(file);
      } catch (dev.safeops.core.InvalidInputException refused) {
        continue; // the corpus keeps malformed plans on purpose; refusal is tested elsewhere
      }
      JsonNode root = Json.mapper().readTree(file.toFile());
      List<JsonNode> entries = new ArrayList<>();
      root.path("resource_changes").forEach(entries::add);
      assertThat(plan.changes()).as("%s", file.getFileName()).hasSize(entries.size());
      for (int i = 0; i < entries.size(); i++) {
        ResourceChange c = plan.changes().get(i);
        JsonNode rc = entries.get(i);
        JsonNode change = rc.path("change");
        Map<String, Object> before = c.action() == ChangeAction.CREATE ? Map.of()
            : masked(change.path("before"), change.path("before_sensitive"));
        Map<String, Object> after = c.action() == ChangeAction.DELETE ? Map.of()
            : masked(change.path("after"), change.path("after_sensitive"));
        assertThat(c.before()).as("%s %s before", file.getFileName(), c.address()).isEqualTo(before);
        assertThat(c.after()).as("%s %s after", file.getFileName(), c.address()).isEqualTo(after);
        compared++;
      }
    }
    assertThat(compared).as("changes compared across the corpus").isGreaterThan(100);
  }

  @Test
  void theAttributesAreBuiltOnceAndTheChangeKeepsThemUncopied() {
    String json = "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[{\"address\":\"aws_db_instance.a\","
        + "\"type\":\"aws_db_instance\",\"name\":\"a\",\"provider_name\":\"aws\",\"change\":{\"actions\":[\"update\"],"
        + "\"before\":{\"n\":1,\"f\":1.50,\"tags\":{\"k\":\"v\"},\"l\":[1,{\"x\":null}],\"pw\":\"s\"},"
        + "\"after\":{\"n\":2,\"tags\":{},\"pw\":\"t\"},\"after_unknown\":{},"
        + "\"before_sensitive\":{\"pw\":true},\"after_sensitive\":{\"pw\":true}}}]}";
    ResourceChange c = reader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "plan.json").changes().get(0);

    assertThat(Values.isImmutableJson(c.before())).isTrue();
    assertThat(Values.isImmutableJson((Map<?, ?>) c.before().get("tags"))).isTrue();
    assertThat(c.toBuilder().build().before()).isSameAs(c.before());
    assertThat(c.before()).containsEntry("pw", Json.SENSITIVE).containsEntry("f", new java.math.BigDecimal("1.50"));
    assertThat(c.after()).containsEntry("pw", Json.SENSITIVE).containsEntry("n", java.math.BigDecimal.valueOf(2));
  }

  /** The tree reading the token reader replaced, kept here as the oracle. */
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
      value.properties().forEach(e -> map.put(e.getKey(), mask(e.getValue(), sensitive.path(e.getKey()))));
      return map;
    }
    if (value.isArray() && sensitive.isArray() && !sensitive.isEmpty()) {
      List<Object> list = new ArrayList<>(value.size());
      for (int i = 0; i < value.size(); i++) {
        list.add(mask(value.get(i), sensitive.path(i)));
      }
      return list;
    }
    return plain(value);
  }

  /** A JSON node as the core's attribute values: String, Boolean, BigDecimal, List, Map, null. */
  private static Object plain(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isNumber()) {
      return n.isIntegralNumber() ? new java.math.BigDecimal(n.bigIntegerValue()) : n.decimalValue();
    }
    if (n.isArray()) {
      List<Object> list = new ArrayList<>(n.size());
      n.forEach(e -> list.add(plain(e)));
      return list;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    n.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
    return map;
  }
}
