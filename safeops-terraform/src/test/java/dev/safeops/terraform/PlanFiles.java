package dev.safeops.terraform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.internal.RandomPlans;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes random changes as {@code terraform show -json} plan files: every action list
 * Terraform writes (both replacement orders, and now and then one no reader knows),
 * sensitivity masks, unknown attributes, a prior state, in random order.
 */
final class PlanFiles {
  private static final JsonFactory JSON = new ObjectMapper().getFactory();

  private PlanFiles() {}

  static Path write(Path file, long seed, int changes, int priorResources) throws IOException {
    Random random = new Random(seed);
    List<ResourceChange> list = new RandomPlans(seed).changes(changes);
    try (OutputStream out = Files.newOutputStream(file); JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("format_version", "1.2");
      g.writeObjectFieldStart("planned_values");
      g.writeEndObject();
      g.writeArrayFieldStart("resource_changes");
      for (ResourceChange c : list) {
        g.writeStartObject();
        g.writeStringField("address", c.address());
        g.writeStringField("mode", "managed");
        g.writeStringField("type", c.type());
        g.writeStringField("name", "r");
        g.writeStringField("provider_name", c.provider().isEmpty() ? "" : "registry.terraform.io/hashicorp/" + c.provider());
        g.writeObjectFieldStart("change");
        g.writeArrayFieldStart("actions");
        for (String a : actions(c, random)) {
          g.writeString(a);
        }
        g.writeEndArray();
        g.writeFieldName("before");
        value(g, c.before().isEmpty() && random.nextBoolean() ? null : c.before());
        g.writeFieldName("after");
        value(g, c.after().isEmpty() && random.nextBoolean() ? null : c.after());
        g.writeObjectFieldStart("after_unknown");
        for (String u : c.unknownAfter()) {
          g.writeBooleanField(u, true);
        }
        g.writeEndObject();
        g.writeFieldName("before_sensitive");
        sensitive(g, c.before(), random);
        g.writeFieldName("after_sensitive");
        sensitive(g, c.after(), random);
        g.writeEndObject();
        if (c.actionReason().isPresent()) {
          g.writeStringField("action_reason", c.actionReason().get());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("prior_state");
      g.writeStringField("format_version", "1.0");
      g.writeObjectFieldStart("values");
      g.writeObjectFieldStart("root_module");
      g.writeArrayFieldStart("resources");
      for (int i = 0; i < priorResources; i++) {
        g.writeStartObject();
        g.writeStringField("address", "aws_instance.prior[" + i + "]");
        g.writeStringField("mode", "managed");
        g.writeStringField("type", "aws_instance");
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
    }
    return file;
  }

  private static List<String> actions(ResourceChange c, Random random) {
    return switch (c.action()) {
      case CREATE -> List.of("create");
      case UPDATE -> List.of("update");
      case DELETE -> random.nextInt(10) == 0 ? List.of("delete", "forget") : List.of("delete");
      case REPLACE -> random.nextInt(10) == 0 ? List.of("transmogrify")
          : random.nextBoolean() ? List.of("delete", "create") : List.of("create", "delete");
      case READ -> List.of("read");
      case NO_OP -> List.of("no-op");
      case FORGET -> List.of("forget");
    };
  }

  /** A mask: nothing, all of it, or some top-level attributes. */
  private static void sensitive(JsonGenerator g, Map<String, Object> values, Random random) throws IOException {
    int roll = random.nextInt(6);
    if (roll == 0) {
      g.writeBoolean(true);
      return;
    }
    g.writeStartObject();
    if (roll == 1) {
      for (String key : values.keySet()) {
        if (random.nextBoolean()) {
          g.writeBooleanField(key, true);
        }
      }
    }
    g.writeEndObject();
  }

  /** A change's values are JSON-shaped (maps, lists, strings, booleans, BigDecimal): Jackson writes them as they are. */
  private static void value(JsonGenerator g, Object v) throws IOException {
    g.writeObject(v);
  }
}
