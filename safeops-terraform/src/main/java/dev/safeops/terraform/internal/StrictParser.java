package dev.safeops.terraform.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.internal.PlanDigest;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A JSON parser that reads the way safeops must: a key that appears twice in one object,
 * anywhere in the document (skipped parts included), is refused with the key and its
 * position, because tools disagree on which of the two counts (Jackson keeps the last,
 * others the first) and a plan must mean one thing to everyone who reads it. Values of the
 * wrong JSON type, and numbers that cannot be represented, are refused with one sentence that
 * names the input, the field and the position.
 *
 * <p>Duplicates are found here rather than by Jackson's own detection, which allocates a hash
 * set for every object of three keys or more; a big plan has tens of millions of them. One
 * reusable set of names per nesting level is enough, and names are compared by their hash
 * codes first.
 */
final class StrictParser extends JsonParserDelegate implements Tokens {
  private final String name;
  private final String what;
  private Names[] levels = new Names[16];
  private int depth = -1;

  StrictParser(JsonParser parser, String name, String what) {
    super(parser);
    this.name = name;
    this.what = what;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public JsonToken nextToken() throws IOException {
    JsonToken t = delegate.nextToken();
    if (t == JsonToken.FIELD_NAME) {
      String key = delegate.currentName();
      if (!levels[depth].add(key)) {
        throw new InvalidInputException(name + " is not a valid " + what + ": the key \"" + key + "\" appears twice in one object, at "
            + Json.position(delegate.currentTokenLocation()) + "; safeops refuses duplicate keys because tools disagree on which one counts.");
      }
    } else if (t == JsonToken.START_OBJECT) {
      if (++depth == levels.length) {
        levels = Arrays.copyOf(levels, depth * 2);
      }
      if (levels[depth] == null) {
        levels[depth] = new Names();
      } else {
        levels[depth].clear();
      }
    } else if (t == JsonToken.END_OBJECT) {
      depth--;
    }
    return t;
  }

  /** Through {@link #nextToken}, so no key escapes the check. */
  @Override
  public JsonToken nextValue() throws IOException {
    JsonToken t = nextToken();
    return t == JsonToken.FIELD_NAME ? nextToken() : t;
  }

  /** Skips the current object or array token by token, so duplicates inside it are found too. */
  @Override
  public JsonParser skipChildren() throws IOException {
    JsonToken t = currentToken();
    if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
      return this;
    }
    int open = 1;
    while (open > 0) {
      JsonToken next = nextToken();
      if (next == null) {
        return this; // the caller's next read reports the truncated input
      }
      if (next.isStructStart()) {
        open++;
      } else if (next.isStructEnd()) {
        open--;
      }
    }
    return this;
  }

  @Override
  public void skip() throws IOException {
    skipChildren();
  }

  @Override
  public String position() {
    return Json.position(currentTokenLocation());
  }

  /**
   * The current number, exactly. One whose plain form would be longer than {@link
   * PlanDigest#PLAIN_LIMIT} characters is refused here, before anything expands it: {@code
   * terraform show -json} writes every number in full, so only an exponent ({@code
   * 1e2000000000}) makes one, and written in full for the digest it would fill the memory.
   */
  @Override
  public BigDecimal decimal() throws IOException {
    BigDecimal d;
    try {
      d = currentToken() == JsonToken.VALUE_NUMBER_INT && getNumberType() != NumberType.BIG_INTEGER
          ? BigDecimal.valueOf(getLongValue())
          : currentToken() == JsonToken.VALUE_NUMBER_INT ? new BigDecimal(getBigIntegerValue()) : getDecimalValue();
    } catch (NumberFormatException | ArithmeticException e) {
      throw tooLong(e);
    }
    if (PlanDigest.plainLength(d) > PlanDigest.PLAIN_LIMIT) {
      throw tooLong(null);
    }
    return d;
  }

  private InvalidInputException tooLong(RuntimeException cause) throws IOException {
    return new InvalidInputException(name + " holds the number " + abbreviate(getText()) + " at "
        + Json.position(currentTokenLocation()) + ", which would be over " + PlanDigest.PLAIN_LIMIT
        + " digits written in full; terraform show -json writes numbers in full, so this is not a plan or state it wrote.", cause);
  }

  @Override
  public InvalidInputException shape(String field, String expected) {
    return new InvalidInputException(name + " is not a valid " + what + ": " + field + " at "
        + Json.position(currentTokenLocation()) + " is " + Tokens.describe(currentToken()) + " where " + expected + " belongs.");
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 20) + "..." + s.substring(s.length() - 12);
  }

  /**
   * The keys of one open object. Distinct keys are told apart by their hash codes, so a scan
   * costs int comparisons; {@code equals} runs only on a true match or a collision.
   */
  private static final class Names {
    private static final int SCAN = 32;
    private String[] names = new String[8];
    private int[] hashes = new int[8];
    private int size;
    private Set<String> many;

    boolean add(String key) {
      if (many != null) {
        return many.add(key);
      }
      int h = key.hashCode();
      for (int i = 0; i < size; i++) {
        if (hashes[i] == h && names[i].equals(key)) {
          return false;
        }
      }
      if (size == SCAN) {
        many = new HashSet<>(Arrays.asList(names));
        return many.add(key);
      }
      if (size == names.length) {
        names = Arrays.copyOf(names, SCAN);
        hashes = Arrays.copyOf(hashes, SCAN);
      }
      hashes[size] = h;
      names[size++] = key;
      return true;
    }

    void clear() {
      size = 0;
      many = null;
    }
  }
}
