package dev.safeops.aws.command.internal;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.safeops.core.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of one AWS CLI call, read against the options its operation declares. Strict:
 * an option the operation does not declare, a repeated one, a missing value or a stray word
 * is an {@link InvalidInputException} with one sentence, because an option safeops does
 * not understand could change what the call does.
 */
final class CliArguments {
  enum Kind { STRING, INT, BOOL, LIST, STRUCT }

  /** Global CLI options that only shape the output or transport of the CLI itself. */
  private static final Set<String> IGNORED_WITH_VALUE = Set.of("--output", "--query", "--cli-read-timeout",
      "--cli-connect-timeout", "--color", "--ca-bundle", "--cli-binary-format");
  private static final Set<String> IGNORED_FLAGS = Set.of("--no-cli-pager", "--no-paginate", "--debug",
      "--no-verify-ssl", "--no-sign-request", "--no-cli-auto-prompt");
  /** Options that would run the call somewhere else than the configured clients, or from another input. */
  private static final Set<String> REFUSED = Set.of("--profile", "--endpoint-url", "--cli-input-json",
      "--cli-input-yaml", "--generate-cli-skeleton", "--cli-auto-prompt");
  /** Strict: a duplicate key is a structure that two readers may read differently, so it is refused. */
  private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final String call;
  private final Map<String, Object> values = new LinkedHashMap<>();
  private String region;

  private CliArguments(String call) {
    this.call = call;
  }

  /**
   * @param call for messages, e.g. {@code aws rds delete-db-instance}
   * @param declared the operation's options (without {@code --}) and their kinds; a BOOL
   *     option {@code x} also accepts {@code --no-x}
   */
  static CliArguments parse(String call, List<String> args, Map<String, Kind> declared) {
    CliArguments a = new CliArguments(call);
    for (int k = 0; k < args.size(); k++) {
      String word = args.get(k);
      if (!word.startsWith("--")) {
        throw new InvalidInputException(call + " got the stray word '" + word + "', which safeops cannot place");
      }
      String name = word;
      String inline = null;
      int eq = word.indexOf('=');
      if (eq > 0) {
        name = word.substring(0, eq);
        inline = word.substring(eq + 1);
      }
      if (REFUSED.contains(name)) {
        throw new InvalidInputException(call + " uses " + name + ", but safeops runs the call with its own "
            + "configured clients and exactly the options on the line; drop " + name);
      }
      if (IGNORED_FLAGS.contains(name)) {
        continue;
      }
      if (IGNORED_WITH_VALUE.contains(name) || name.equals("--region")) {
        String v = inline != null ? inline : value(call, args, ++k, name);
        if (name.equals("--region")) {
          a.region = v;
        }
        continue;
      }
      String option = name.substring(2);
      Kind kind = declared.get(option);
      boolean negated = false;
      if (kind == null && option.startsWith("no-") && declared.get(option.substring(3)) == Kind.BOOL) {
        option = option.substring(3);
        kind = Kind.BOOL;
        negated = true;
      }
      if (kind == null) {
        throw new InvalidInputException(call + " has the option " + name + ", which safeops does not know for this "
            + "operation, so it cannot tell what the call would do");
      }
      if (a.values.containsKey(option)) {
        throw new InvalidInputException(call + " sets --" + option + " twice");
      }
      switch (kind) {
        case BOOL -> {
          if (inline != null) {
            throw new InvalidInputException(call + " gives the switch " + name + " a value; write it alone");
          }
          a.values.put(option, !negated);
        }
        case LIST -> {
          List<String> list = new ArrayList<>();
          if (inline != null) {
            list.add(inline);
          }
          while (k + 1 < args.size() && !args.get(k + 1).startsWith("--")) {
            list.add(args.get(++k));
          }
          if (list.isEmpty()) {
            throw new InvalidInputException(call + " has " + name + " without a value");
          }
          a.values.put(option, List.copyOf(list));
        }
        case INT -> {
          String v = inline != null ? inline : value(call, args, ++k, name);
          try {
            a.values.put(option, Integer.valueOf(v));
          } catch (NumberFormatException e) {
            throw new InvalidInputException(call + " has " + name + " '" + v + "', which is not a whole number");
          }
        }
        default -> a.values.put(option, inline != null ? inline : value(call, args, ++k, name));
      }
    }
    return a;
  }

  private static String value(String call, List<String> args, int k, String name) {
    if (k >= args.size() || args.get(k).startsWith("--")) {
      throw new InvalidInputException(call + " has " + name + " without a value");
    }
    return args.get(k);
  }

  /** The {@code --region} on the line, if any. */
  Optional<String> region() {
    return Optional.ofNullable(region);
  }

  String required(String option) {
    Object v = values.get(option);
    if (v == null) {
      throw new InvalidInputException(call + " needs --" + option);
    }
    return (String) v;
  }

  String string(String option) {
    return (String) values.get(option);
  }

  Integer integer(String option) {
    return (Integer) values.get(option);
  }

  /** The switch's value, or null when the line does not set it (the API's default applies). */
  Boolean bool(String option) {
    return (Boolean) values.get(option);
  }

  @SuppressWarnings("unchecked")
  List<String> list(String option) {
    Object v = values.get(option);
    if (v == null) {
      throw new InvalidInputException(call + " needs --" + option);
    }
    return (List<String>) v;
  }

  /**
   * A structure given as JSON ({@code {"Status":"Suspended"}}) or in the CLI's shorthand
   * ({@code Status=Suspended,MFADelete=Disabled}; a list of structures as {@code
   * Objects=[{Key=a},{Key=b,VersionId=v}]}), as a JSON tree.
   */
  JsonNode struct(String option) {
    String text = required(option).trim();
    try {
      if (text.startsWith("{")) {
        return JSON.readTree(text);
      }
      return JSON.valueToTree(shorthand(text));
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw new InvalidInputException(call + " has --" + option + " that safeops cannot read as JSON or shorthand");
    }
  }

  private static final Pattern LIST_OF_STRUCTS = Pattern.compile("(\\w+)=\\[((?:\\{[^{}]*\\},?)*)\\]");
  private static final Pattern STRUCT = Pattern.compile("\\{([^{}]*)\\}");

  private static Map<String, Object> shorthand(String text) {
    Map<String, Object> out = new LinkedHashMap<>();
    Matcher lists = LIST_OF_STRUCTS.matcher(text);
    StringBuilder rest = new StringBuilder();
    while (lists.find()) {
      List<Map<String, Object>> items = new ArrayList<>();
      Matcher item = STRUCT.matcher(lists.group(2));
      while (item.find()) {
        items.add(pairs(item.group(1)));
      }
      out.put(lists.group(1), items);
      lists.appendReplacement(rest, "");
    }
    lists.appendTail(rest);
    out.putAll(pairs(rest.toString()));
    return out;
  }

  private static Map<String, Object> pairs(String text) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0 || part.indexOf('[') >= 0 || part.indexOf('{') >= 0) {
        throw new IllegalArgumentException("not shorthand: " + part);
      }
      out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    return out;
  }
}
