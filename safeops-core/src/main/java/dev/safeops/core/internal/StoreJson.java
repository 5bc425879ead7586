package dev.safeops.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/**
 * Strict reading of the embedded stores' own files (state ledger, lease files). A store file is
 * only ever written whole by safeops, so anything else in it (nothing at all, a duplicate key,
 * a second document, a wrong shape) means it was damaged or edited, and the store refuses to
 * guess what it meant.
 */
final class StoreJson {
  static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private StoreJson() {}

  /** What is wrong with a store file, as the end of a sentence ("... because it is empty"). */
  static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String problem) {
      super(problem, null, false, false);
    }
  }

  /**
   * The JSON object in {@code content}.
   *
   * @throws Unreadable when it is empty, blank, not JSON (a duplicate key included) or not an object
   */
  static JsonNode object(byte[] content) throws Unreadable {
    if (content.length == 0) {
      throw new Unreadable("it is empty (0 bytes)");
    }
    String text = new String(content, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      throw new Unreadable("it holds only whitespace");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new Unreadable("it is not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new Unreadable("it is not a JSON object");
    }
    return root;
  }

  /** A text field, required. */
  static String text(JsonNode parent, String field, String where) throws Unreadable {
    JsonNode n = parent.get(field);
    if (n == null || !n.isTextual() || n.asText().isEmpty()) {
      throw new Unreadable(where + " has no text field \"" + field + "\"");
    }
    return n.asText();
  }

  /** A non-negative whole-number field, required. */
  static long count(JsonNode parent, String field, String where) throws Unreadable {
    JsonNode n = parent.get(field);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
      throw new Unreadable(where + " has no non-negative whole number \"" + field + "\"");
    }
    return n.asLong();
  }
}
