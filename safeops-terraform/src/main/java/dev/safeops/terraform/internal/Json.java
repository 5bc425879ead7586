package dev.safeops.terraform.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.safeops.core.InvalidInputException;

/** The Jackson setup of this module, and how a parse error becomes one sentence. */
public final class Json {
  /**
   * Exact numbers (floats as BigDecimal, so a digest never depends on double rounding), and a
   * duplicate key is an error rather than last-one-wins. Made on first use: the streaming
   * readers never need it, and setting up data binding costs a cold JVM a tenth of a second.
   */
  public static ObjectMapper mapper() {
    return Mapper.MAPPER;
  }

  private static final class Mapper {
    static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  /**
   * For the streaming readers, which find duplicate keys themselves (see StrictParser). Key
   * names are not canonicalized: Jackson's shared table of names refuses a document whose
   * many distinct keys collide in its hash ("suspect a DoS attack"), and whether it does
   * depends on what the process parsed before. A plan must be refused for what it says, the
   * same way every time and by every reader (ByteTokens has no such table), so each name is
   * decoded afresh: about a fifth slower to tokenize, and nothing left to flood.
   */
  static final JsonFactory FACTORY = JsonFactory.builder().disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build();

  /** What a sensitive value is replaced by. */
  public static final String SENSITIVE = "(sensitive)";

  private Json() {}

  /** One sentence naming the input and the position of a parse error. */
  static InvalidInputException malformed(String name, String what, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String detail = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().split("\n", 2)[0];
    return new InvalidInputException(name + " is not valid " + what + " JSON at "
        + position(at) + ": " + trimSentence(detail) + ".", e);
  }

  static String position(JsonLocation at) {
    if (at == null) {
      return "an unknown position";
    }
    return "line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  private static String trimSentence(String s) {
    String t = s.strip();
    while (t.endsWith(".")) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }
}
