package dev.safeops.terraform.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.safeops.core.InvalidInputException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared Jackson setup and the conversions every reader in this module needs. */
public final class Json {
  /** Exact numbers: floats as BigDecimal, so a digest never depends on double rounding. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .build();

  public static final JsonFactory FACTORY = MAPPER.getFactory();

  /** What a sensitive value is replaced by. */
  public static final String SENSITIVE = "(sensitive)";

  private Json() {}

  /** A JSON node as the core's attribute values: String, Boolean, BigDecimal, List, Map, null. */
  public static Object value(JsonNode n) {
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
      return n.isIntegralNumber() ? new BigDecimal(n.bigIntegerValue()) : n.decimalValue();
    }
    if (n.isArray()) {
      List<Object> list = new ArrayList<>(n.size());
      n.forEach(e -> list.add(value(e)));
      return Collections.unmodifiableList(list);
    }
    if (n.isObject()) {
      return object(n);
    }
    return n.asText();
  }

  /** An object node as an attribute map; anything that is not an object becomes empty. */
  public static Map<String, Object> object(JsonNode n) {
    if (n == null || !n.isObject()) {
      return Map.of();
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      map.put(e.getKey(), value(e.getValue()));
    }
    return Collections.unmodifiableMap(map);
  }

  /** One sentence naming the input and the position of a parse error. */
  public static InvalidInputException malformed(String name, String what, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String detail = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().split("\n", 2)[0];
    return new InvalidInputException(name + " is not valid " + what + " JSON at "
        + position(at) + ": " + trimSentence(detail) + ".", e);
  }

  public static String position(JsonLocation at) {
    if (at == null) {
      return "an unknown position";
    }
    return "line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  /** Refuses anything after the top-level value; Jackson would otherwise read it as a second document. */
  public static void requireEnd(JsonParser p, String name, String what) throws IOException {
    JsonToken t = p.nextToken();
    if (t != null) {
      throw new InvalidInputException(name + " is not valid " + what + " JSON: unexpected data after the top-level object at "
          + position(p.currentTokenLocation()) + ".");
    }
  }

  private static String trimSentence(String s) {
    String t = s.strip();
    while (t.endsWith(".")) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }
}
