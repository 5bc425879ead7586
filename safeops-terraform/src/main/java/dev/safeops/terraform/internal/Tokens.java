package dev.safeops.terraform.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.safeops.core.InvalidInputException;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The JSON tokens the plan and state readers walk, with the strictness safeops needs (no key
 * twice in one object, anywhere; a value of the wrong type refused with one sentence). Two
 * readers give them: {@link StrictParser}, over Jackson, which every input can go through and
 * whose sentences users see; and {@link ByteTokens}, a faster reader of plain UTF-8 that plan
 * and state files are read with first, and that gives up, for the first to read the file
 * again, at anything it is not sure of.
 */
interface Tokens {
  /** The input's name, for messages. */
  String name();

  /** The next token, null at the end of the input. */
  JsonToken nextToken() throws IOException;

  JsonToken currentToken();

  /** The key, when the current token is {@link JsonToken#FIELD_NAME}. */
  String currentName() throws IOException;

  /** The text of the current string or number. */
  String getText() throws IOException;

  /** For a whole number: INT, LONG or BIG_INTEGER, as Jackson says. */
  JsonParser.NumberType getNumberType() throws IOException;

  long getLongValue() throws IOException;

  /** Skips the current object or list, every key still checked; nothing for a scalar. */
  void skip() throws IOException;

  /** Where the current token is, for messages. */
  String position();

  /** The current number, exactly, refusing one that written in full would be too long. */
  BigDecimal decimal() throws IOException;

  /**
   * The current value as a string: it must be one, or JSON null when {@code nullable}.
   *
   * @throws InvalidInputException naming the field, what it is and where
   */
  default String string(String field, boolean nullable) throws IOException {
    JsonToken t = currentToken();
    if (t == JsonToken.VALUE_STRING) {
      return getText();
    }
    if (nullable && t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw shape(field, nullable ? "a string or null" : "a string");
  }

  /**
   * Checks that the current value is a string or JSON null, as {@link #string} does, for a
   * field whose value is not wanted. By default the string is made and dropped: Jackson holds a
   * string to its length limit only as it makes it.
   *
   * @throws InvalidInputException naming the field, what it is and where
   */
  default void checkString(String field) throws IOException {
    string(field, true);
  }

  /** Requires the current token to be one of {@code allowed}; {@code expected} says them in words. */
  default JsonToken expect(String field, String expected, JsonToken... allowed) {
    JsonToken t = currentToken();
    for (JsonToken a : allowed) {
      if (t == a) {
        return t;
      }
    }
    throw shape(field, expected);
  }

  /** Refuses the current value: {@code field} should have been {@code expected}. */
  InvalidInputException shape(String field, String expected);

  /** How a token is said in a message. */
  static String describe(JsonToken t) {
    if (t == null) {
      return "missing";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.asString() == null ? t.name() : t.asString();
    };
  }
}
