package dev.safeops.terraform.internal;

import com.fasterxml.jackson.core.JsonToken;
import dev.safeops.core.InvalidInputException;
import dev.safeops.terraform.StateReader;
import dev.safeops.terraform.StateResource;
import dev.safeops.terraform.TerraformState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The streaming {@link StateReader}, and the reading of a state object a plan shares: a
 * plan's {@code prior_state} is {@code terraform show -json} state output, read by {@link
 * #object} one resource at a time.
 */
public final class StateJson implements StateReader {
  public static final StateJson INSTANCE = new StateJson();
  /** The newest {@code terraform show -json} state format this reader knows. */
  static final FormatVersion KNOWN_FORMAT = new FormatVersion(1, 0);

  /** The fields of a state object other than its resources. */
  record Header(Long version, String formatVersion, String lineage, Long serial, String terraformVersion) {}

  private StateJson() {}

  @Override
  public TerraformState read(Path state) {
    return JsonInput.readFile(state, JsonInput.Kind.STATE, StateJson::parse);
  }

  @Override
  public TerraformState read(InputStream state, String name) {
    return JsonInput.read(state, name, JsonInput.Kind.STATE, StateJson::parse);
  }

  private static TerraformState parse(Tokens p) throws IOException {
    JsonToken first = p.nextToken();
    if (first == null) {
      return TerraformState.none();
    }
    String name = p.name();
    if (first != JsonToken.START_OBJECT) {
      throw new InvalidInputException(name + " is not a terraform state: the JSON does not start with an object at "
          + p.position() + ".");
    }
    List<StateResource> resources = new ArrayList<>();
    Header h = object(p, resources::add);
    if (h.version() != null) {
      if (h.version() != 4) {
        throw new InvalidInputException(name + " is a version " + h.version() + " state; safeops reads version 4 states only.");
      }
      if (h.lineage() == null || h.serial() == null) {
        throw new InvalidInputException(name + " is a version 4 state without " + (h.lineage() == null ? "a lineage" : "a serial") + ".");
      }
      return new TerraformState(TerraformState.Format.STATE_V4, h.lineage(), h.serial(), h.terraformVersion(), resources);
    }
    if (h.formatVersion() != null) {
      return new TerraformState(TerraformState.Format.SHOW_JSON, null, null, h.terraformVersion(), resources);
    }
    throw new InvalidInputException(name + " is not a terraform state: it has neither version nor format_version.");
  }

  /**
   * Reads a state object (the parser is on its START_OBJECT) to its end, handing each
   * resource instance to {@code each}: a version 4 state's {@code resources}, or the {@code
   * values} of {@code terraform show -json} output. Values are skipped, never built.
   */
  static Header object(Tokens p, Consumer<StateResource> each) throws IOException {
    return object(p, each, true);
  }

  /**
   * {@link #object(Tokens, Consumer)}; without {@code checkFormat}, a well-formed format_version
   * is only returned, not held to the versions this reader knows (the caller does that).
   */
  static Header object(Tokens p, Consumer<StateResource> each, boolean checkFormat) throws IOException {
    Long version = null;
    String formatVersion = null;
    String lineage = null;
    Long serial = null;
    String tfVersion = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "version" -> version = whole(p, "version");
        case "format_version" -> {
          formatVersion = p.string("format_version", false);
          FormatVersion format = FormatVersion.parse(p, formatVersion);
          if (checkFormat) {
            format.check(p.name(), "terraform state", KNOWN_FORMAT);
          }
        }
        case "lineage" -> lineage = p.string("lineage", true);
        case "serial" -> serial = whole(p, "serial");
        case "terraform_version" -> tfVersion = p.string("terraform_version", true);
        case "resources" -> {
          if (p.expect("resources", "a list", JsonToken.START_ARRAY, JsonToken.VALUE_NULL) == JsonToken.START_ARRAY) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
              p.expect("an entry of resources", "an object", JsonToken.START_OBJECT);
              v4Resource(p, each);
            }
          }
        }
        case "values" -> {
          if (p.expect("values", "an object", JsonToken.START_OBJECT, JsonToken.VALUE_NULL) == JsonToken.START_OBJECT) {
            values(p, each);
          }
        }
        default -> p.skip();
      }
    }
    return new Header(version, formatVersion, lineage, serial, tfVersion);
  }

  private static Long whole(Tokens p, String field) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    p.expect(field, "a whole number", JsonToken.VALUE_NUMBER_INT);
    if (p.getNumberType() == com.fasterxml.jackson.core.JsonParser.NumberType.BIG_INTEGER || p.getLongValue() < 0) {
      throw p.shape(field, "a whole number from 0 to " + Long.MAX_VALUE);
    }
    return p.getLongValue();
  }

  /** One entry of a version 4 state's resources: its instances, named as Terraform prints them. */
  private static void v4Resource(Tokens p, Consumer<StateResource> each) throws IOException {
    String module = "";
    String mode = "managed";
    String type = "";
    String name = "";
    List<String> keys = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "module" -> module = orEmpty(p.string("module", true));
        case "mode" -> mode = orEmpty(p.string("mode", true));
        case "type" -> type = orEmpty(p.string("type", true));
        case "name" -> name = orEmpty(p.string("name", true));
        case "instances" -> {
          if (p.expect("instances", "a list", JsonToken.START_ARRAY, JsonToken.VALUE_NULL) == JsonToken.START_ARRAY) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
              p.expect("an instance", "an object", JsonToken.START_OBJECT);
              keys.add(indexKey(p));
            }
          }
        }
        default -> p.skip();
      }
    }
    String base = (module.isEmpty() ? "" : module + ".") + ("data".equals(mode) ? "data." : "") + type + "." + name;
    for (String key : keys) {
      each.accept(new StateResource(base + key, type, !"data".equals(mode)));
    }
  }

  /** {@code [0]}, {@code ["a"]}, or nothing, from one instance object. */
  private static String indexKey(Tokens p) throws IOException {
    String key = "";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (field.equals("index_key")) {
        key = switch (p.expect("index_key", "a number, a string or null", JsonToken.VALUE_NUMBER_INT,
            JsonToken.VALUE_NUMBER_FLOAT, JsonToken.VALUE_STRING, JsonToken.VALUE_NULL)) {
          case VALUE_STRING -> "[\"" + p.getText() + "\"]";
          case VALUE_NULL -> "";
          default -> "[" + p.getText() + "]";
        };
      } else {
        p.skip();
      }
    }
    return key;
  }

  private static void values(Tokens p, Consumer<StateResource> each) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals("root_module")) {
        if (p.expect("root_module", "an object", JsonToken.START_OBJECT, JsonToken.VALUE_NULL) == JsonToken.START_OBJECT) {
          module(p, each);
        }
      } else {
        p.skip();
      }
    }
  }

  private static void module(Tokens p, Consumer<StateResource> each) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals("resources") || field.equals("child_modules")) {
        if (p.expect(field, "a list", JsonToken.START_ARRAY, JsonToken.VALUE_NULL) == JsonToken.START_ARRAY) {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
              // The message is made only for a refusal: made for every resource, it cost more than the check.
              throw p.shape("an entry of " + field, "an object");
            }
            if (field.equals("resources")) {
              resource(p, each);
            } else {
              module(p, each);
            }
          }
        }
      } else {
        p.skip();
      }
    }
  }

  private static void resource(Tokens p, Consumer<StateResource> each) throws IOException {
    // A count needs no names: they are only checked (by the fast reader, without making strings).
    boolean named = !(each instanceof Count);
    String address = null;
    String type = "";
    boolean managed = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "address" -> {
          if (named) {
            address = p.string("address", true);
          } else {
            p.checkString("address");
          }
        }
        case "type" -> {
          if (named) {
            type = orEmpty(p.string("type", true));
          } else {
            p.checkString("type");
          }
        }
        case "mode" -> managed = !"data".equals(p.string("mode", true));
        default -> p.skip();
      }
    }
    if (named) {
      each.accept(new StateResource(address == null ? type : address, type, managed));
    } else {
      ((Count) each).add(managed);
    }
  }


  /**
   * The managed resource instances of a state, counted: given to {@link #object} as the
   * consumer, it has the addresses and types of {@code terraform show -json} values only
   * checked ({@link Tokens#checkString}: the fast reader makes no strings of them), as a plan's
   * prior_state has one per resource and all a plan's reader wants of them is how many are
   * managed.
   */
  static final class Count implements Consumer<StateResource> {
    private int managed;

    @Override
    public void accept(StateResource r) {
      add(r.managed());
    }

    void add(boolean isManaged) {
      if (isManaged) {
        managed++;
      }
    }

    int managed() {
      return managed;
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
