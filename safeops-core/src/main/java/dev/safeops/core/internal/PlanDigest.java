package dev.safeops.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.ResourceChange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 over a canonical JSON form of a plan: changes sorted by address, action, type and
 * provider; object keys sorted; numbers in a canonical form ({@link #canonicalNumber}). The
 * hashed bytes are {@code {"bindings":{...},"changes":[C1,C2,...]}} where each {@code Ci} is
 * {@link #writeChange one change's canonical object}; {@link StreamingPlanDigest} hashes the
 * very same bytes for a plan it never holds whole.
 */
public final class PlanDigest {
  /** One factory, so every path escapes strings identically. */
  static final JsonFactory JSON = new JsonFactory();

  /** The order changes are hashed in. */
  public static final Comparator<ResourceChange> ORDER = Comparator.comparing(ResourceChange::address)
      .thenComparing(c -> c.action().name())
      .thenComparing(ResourceChange::type)
      .thenComparing(ResourceChange::provider);

  /**
   * The longest plain form a number keeps. A JSON number is at most 1,000 characters (the
   * parser's limit), so every number written without an exponent, which is how Terraform
   * writes them all, keeps the plain form it always had here.
   */
  public static final int PLAIN_LIMIT = 1000;
  /** Within these bounds of scale and precision the plain form is shorter than the limit. */
  private static final int FAST_SCALE = PLAIN_LIMIT / 2 - 2;

  /**
   * Up to this many keys are sorted by insertion: a resource has a few dozen attributes at
   * most, and TimSort, compiled again for every size and comparator it meets, cost more to
   * compile on a cold 100,000-change check than the sorting it did.
   */
  private static final int INSERTION_SORT = 64;
  private static final String[] NONE = new String[0];

  private PlanDigest() {}

  public static String of(List<ResourceChange> changes, Map<String, String> bindings) {
    MessageDigest sha = sha256();
    List<ResourceChange> sorted = new ArrayList<>(changes);
    sorted.sort(ORDER);
    try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
      writeStart(out, bindings);
      CanonicalJson json = new CanonicalJson(out);
      boolean first = true;
      for (ResourceChange c : sorted) {
        if (!first) {
          out.write(',');
        }
        first = false;
        writeChange(json, c);
        json.flush();
      }
      writeEnd(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** A generator that writes successive top-level values with nothing between them. */
  static JsonGenerator generator(OutputStream out) throws IOException {
    JsonGenerator g = JSON.createGenerator(out);
    g.setRootValueSeparator(null);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    // Closing must never write brackets of its own: the prefix leaves its array open.
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
    return g;
  }

  /** {@code {"bindings":{...sorted...},"changes":[} */
  static void writeStart(OutputStream out, Map<String, String> bindings) throws IOException {
    try (JsonGenerator g = generator(out)) {
      g.writeStartObject();
      g.writeFieldName("bindings");
      g.writeStartObject();
      for (Map.Entry<String, String> e : new TreeMap<>(bindings).entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeFieldName("changes");
      g.writeStartArray();
    }
  }

  static void writeEnd(OutputStream out) throws IOException {
    out.write(']');
    out.write('}');
  }

  /** One change's canonical object, as a top-level value. */
  static void writeChange(CanonicalJson g, ResourceChange c) throws IOException {
    g.startObject();
    g.name("address");
    g.string(c.address());
    g.name("action");
    g.string(c.action().name());
    g.name("type");
    g.string(c.type());
    g.name("provider");
    g.string(c.provider());
    g.name("before");
    write(g, c.before());
    g.name("after");
    write(g, c.after());
    g.name("unknownAfter");
    g.startArray();
    for (String u : sortedUnknown(c)) {
      g.string(u);
    }
    g.endArray();
    g.endObject();
  }

  private static String[] sortedUnknown(ResourceChange c) {
    if (c.unknownAfter().isEmpty()) {
      return NONE;
    }
    String[] unknown = c.unknownAfter().toArray(new String[0]);
    if (unknown.length > INSERTION_SORT) {
      Arrays.sort(unknown);
    } else {
      // A handful at most: an insertion sort, rather than TimSort recompiled for every size seen.
      for (int i = 1; i < unknown.length; i++) {
        String u = unknown[i];
        int j = i - 1;
        while (j >= 0 && unknown[j].compareTo(u) > 0) {
          unknown[j + 1] = unknown[j];
          j--;
        }
        unknown[j + 1] = u;
      }
    }
    return unknown;
  }

  private static void write(CanonicalJson g, Object v) throws IOException {
    if (v == null) {
      g.raw("null");
    } else if (v instanceof String s) {
      g.string(s);
    } else if (v instanceof Boolean b) {
      g.raw(b ? "true" : "false");
    } else if (v instanceof BigDecimal d) {
      g.raw(canonicalNumber(d));
    } else if (v instanceof Values.SmallJsonMap m && sorted(m.keys)) {
      // Already in order, as Terraform writes attributes: no copy, no sort.
      writeObject(g, m.keys, m.values, m.keys.length);
    } else if (v instanceof Map<?, ?> m) {
      writeMap(g, m);
    } else if (v instanceof List<?> l) {
      g.startArray();
      for (Object o : l) {
        write(g, o);
      }
      g.endArray();
    } else {
      g.string(String.valueOf(v));
    }
  }

  // The branches of write in methods of their own: write is recursive, and small units keep C2's compilations short.

  private static void writeObject(CanonicalJson g, String[] keys, Object[] values, int n) throws IOException {
    g.startObject();
    for (int i = 0; i < n; i++) {
      g.name(keys[i]);
      write(g, values[i]);
    }
    g.endObject();
  }

  /** Keys in their natural (String) order, as a TreeMap copy would give them, without one. */
  private static void writeMap(CanonicalJson g, Map<?, ?> m) throws IOException {
    int n = m.size();
    String[] keys;
    Object[] values;
    if (m instanceof Values.SmallJsonMap small) {
      keys = small.keys.clone();
      values = small.values.clone();
    } else {
      keys = new String[n];
      values = new Object[n];
      int i = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        keys[i] = (String) e.getKey();
        values[i++] = e.getValue();
      }
    }
    sortTogether(keys, values);
    writeObject(g, keys, values, n);
  }

  private static boolean sorted(String[] keys) {
    for (int i = 1; i < keys.length; i++) {
      if (keys[i - 1].compareTo(keys[i]) > 0) {
        return false;
      }
    }
    return true;
  }

  /** Sorts {@code keys} (distinct) and moves {@code values} with them: insertion sort, since most maps are small. */
  private static void sortTogether(String[] keys, Object[] values) {
    if (keys.length > INSERTION_SORT) {
      Integer[] order = new Integer[keys.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> keys[a].compareTo(keys[b]));
      String[] k = keys.clone();
      Object[] v = values.clone();
      for (int i = 0; i < order.length; i++) {
        keys[i] = k[order[i]];
        values[i] = v[order[i]];
      }
      return;
    }
    for (int i = 1; i < keys.length; i++) {
      String key = keys[i];
      Object value = values[i];
      int j = i - 1;
      while (j >= 0 && keys[j].compareTo(key) > 0) {
        keys[j + 1] = keys[j];
        values[j + 1] = values[j];
        j--;
      }
      keys[j + 1] = key;
      values[j + 1] = value;
    }
  }

  /**
   * The canonical text of a number: its plain form without trailing zeros ({@code 20}, {@code
   * 20.00} and {@code 2E+1} are all {@code 20}), as the digest always wrote it.
   *
   * @throws InvalidInputException when that form would be longer than {@link #PLAIN_LIMIT}
   *     characters: only an exponent can make it so ({@code 1e2000000000} is twelve bytes and
   *     two billion digits), and Terraform writes every number in full
   */
  public static String canonicalNumber(BigDecimal d) {
    if (d.signum() == 0) {
      return "0";
    }
    // The common case, a number of ordinary scale and length: strip and write it plainly.
    if (d.scale() > -FAST_SCALE && d.scale() < FAST_SCALE && d.precision() < FAST_SCALE) {
      return d.stripTrailingZeros().toPlainString();
    }
    if (plainLength(d) > PLAIN_LIMIT) {
      throw new InvalidInputException("the number " + abbreviate(d.toString()) + " would be over " + PLAIN_LIMIT
          + " digits written in full, as Terraform writes numbers; safeops refuses it rather than expand it.");
    }
    return d.stripTrailingZeros().toPlainString();
  }

  /**
   * How long {@code d} is in plain form without trailing zeros and sign, computed without
   * writing it: the length grows with the exponent, which can be two billion.
   */
  public static long plainLength(BigDecimal d) {
    if (d.signum() == 0) {
      return 1;
    }
    String digits = d.unscaledValue().abs().toString();
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    // value = digits[0, end) x 10^exponent, in long: stripping zeros can step past Integer.MIN_VALUE.
    long exponent = -(long) d.scale() + (digits.length() - end);
    if (exponent >= 0) {
      return end + exponent;
    }
    return -exponent < end ? end + 1 : 2 - exponent;
  }

  private static String abbreviate(String number) {
    return number.length() <= 40 ? number : number.substring(0, 20) + "..." + number.substring(number.length() - 12);
  }
}
