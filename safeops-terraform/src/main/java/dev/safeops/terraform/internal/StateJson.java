package dev.safeops.terraform.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.safeops.core.InvalidInputException;
import dev.safeops.terraform.StateReader;
import dev.safeops.terraform.StateResource;
import dev.safeops.terraform.TerraformState;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The streaming {@link StateReader}. */
public final class StateJson implements StateReader {
  public static final StateJson INSTANCE = new StateJson();
  private static final String WHAT = "terraform state";

  private StateJson() {}

  @Override
  public TerraformState read(Path state) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(state), 1 << 16)) {
      return read(in, String.valueOf(state.getFileName()));
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("The state file " + state + " does not exist.", e);
    } catch (IOException e) {
      throw new InvalidInputException("The state file " + state + " cannot be read: " + e.getMessage() + ".", e);
    }
  }

  @Override
  public TerraformState read(InputStream state, String name) {
    try (JsonParser p = Json.FACTORY.createParser(state)) {
      p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
      return parse(p, name);
    } catch (JsonProcessingException e) {
      throw Json.malformed(name, WHAT, e);
    } catch (IOException e) {
      throw new InvalidInputException(name + " cannot be read: " + e.getMessage() + ".", e);
    }
  }

  private TerraformState parse(JsonParser p, String name) throws IOException {
    JsonToken first = p.nextToken();
    if (first == null) {
      return TerraformState.none();
    }
    if (first != JsonToken.START_OBJECT) {
      throw new InvalidInputException(name + " is not a terraform state: the JSON does not start with an object at "
          + Json.position(p.currentTokenLocation()) + ".");
    }
    Long version = null;
    String formatVersion = null;
    String lineage = null;
    Long serial = null;
    String tfVersion = null;
    List<StateResource> resources = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "version" -> version = t.isNumeric() ? p.getLongValue() : null;
        case "format_version" -> formatVersion = t == JsonToken.VALUE_STRING ? p.getText() : null;
        case "lineage" -> lineage = t == JsonToken.VALUE_STRING ? p.getText() : null;
        case "serial" -> serial = t.isNumeric() ? p.getLongValue() : null;
        case "terraform_version" -> tfVersion = t == JsonToken.VALUE_STRING ? p.getText() : null;
        case "resources" -> {
          if (t == JsonToken.START_ARRAY) {
            while (p.nextToken() == JsonToken.START_OBJECT) {
              v4Resource(p.readValueAsTree(), resources);
            }
          } else {
            p.skipChildren();
          }
        }
        case "values" -> {
          if (t == JsonToken.START_OBJECT) {
            values(p, resources);
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    Json.requireEnd(p, name, WHAT);
    if (version != null) {
      if (version != 4) {
        throw new InvalidInputException(name + " is a version " + version + " state; safeops reads version 4 states only.");
      }
      if (lineage == null || serial == null) {
        throw new InvalidInputException(name + " is a version 4 state without " + (lineage == null ? "a lineage" : "a serial") + ".");
      }
      return new TerraformState(TerraformState.Format.STATE_V4, lineage, serial, tfVersion, resources);
    }
    if (formatVersion != null) {
      return new TerraformState(TerraformState.Format.SHOW_JSON, null, null, tfVersion, resources);
    }
    throw new InvalidInputException(name + " is not a terraform state: it has neither version nor format_version.");
  }

  /** Strips the heavy parts early: only the names survive, one resource at a time. */
  private static void v4Resource(JsonNode r, List<StateResource> out) {
    String module = r.path("module").asText("");
    String mode = r.path("mode").asText("managed");
    String type = r.path("type").asText("");
    String base = (module.isEmpty() ? "" : module + ".") + ("data".equals(mode) ? "data." : "") + type + "." + r.path("name").asText("");
    for (JsonNode instance : r.path("instances")) {
      JsonNode key = instance.path("index_key");
      String address = key.isNumber() ? base + "[" + key.asText() + "]"
          : key.isTextual() ? base + "[\"" + key.asText() + "\"]" : base;
      out.add(new StateResource(address, type, !"data".equals(mode)));
    }
  }

  private static void values(JsonParser p, List<StateResource> out) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (field.equals("root_module") && t == JsonToken.START_OBJECT) {
        module(p, out);
      } else {
        p.skipChildren();
      }
    }
  }

  private static void module(JsonParser p, List<StateResource> out) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (field.equals("resources") && t == JsonToken.START_ARRAY) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
          resource(p, out);
        }
      } else if (field.equals("child_modules") && t == JsonToken.START_ARRAY) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
          module(p, out);
        }
      } else {
        p.skipChildren();
      }
    }
  }

  private static void resource(JsonParser p, List<StateResource> out) throws IOException {
    String address = null;
    String type = "";
    boolean managed = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_STRING && field.equals("address")) {
        address = p.getText();
      } else if (t == JsonToken.VALUE_STRING && field.equals("type")) {
        type = p.getText();
      } else if (t == JsonToken.VALUE_STRING && field.equals("mode")) {
        managed = !p.getText().equals("data");
      } else {
        p.skipChildren();
      }
    }
    out.add(new StateResource(address == null ? type : address, type, managed));
  }
}
