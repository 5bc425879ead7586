package dev.safeops.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.safeops.core.ResourceChange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The plan digest exactly as it was before numbers got a bounded canonical form: the oracle
 * that proves the digest of every realistic plan is unchanged, so approvals made before stay
 * valid. Test code only; never change it.
 *
 * SHA-256 over a canonical JSON form of a plan: changes sorted by address, action and type;
 * object keys sorted; numbers in plain form without trailing zeros. Streams straight into
 * the digest, so memory stays proportional to the plan, not to twice it.
 */
public final class LegacyPlanDigest {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Comparator<ResourceChange> ORDER = Comparator.comparing(ResourceChange::address)
      .thenComparing(c -> c.action().name())
      .thenComparing(ResourceChange::type)
      .thenComparing(ResourceChange::provider);

  private LegacyPlanDigest() {}

  public static String of(List<ResourceChange> changes, Map<String, String> bindings) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
    List<ResourceChange> sorted = new ArrayList<>(changes);
    sorted.sort(ORDER);
    try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha);
        JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName("bindings");
      g.writeStartObject();
      for (Map.Entry<String, String> e : new TreeMap<>(bindings).entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeFieldName("changes");
      g.writeStartArray();
      for (ResourceChange c : sorted) {
        g.writeStartObject();
        g.writeStringField("address", c.address());
        g.writeStringField("action", c.action().name());
        g.writeStringField("type", c.type());
        g.writeStringField("provider", c.provider());
        g.writeFieldName("before");
        write(g, c.before());
        g.writeFieldName("after");
        write(g, c.after());
        g.writeFieldName("unknownAfter");
        g.writeStartArray();
        for (String u : new TreeSet<>(c.unknownAfter())) {
          g.writeString(u);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof BigDecimal d) {
      g.writeNumber(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        write(g, o);
      }
      g.writeEndArray();
    } else {
      g.writeString(String.valueOf(v));
    }
  }
}
