package dev.safeops.terraform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.safeops.core.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ByteTokens is a shortcut: wherever it finishes a document, StrictParser (Jackson) must read
 * the very same tokens, names, texts and numbers; wherever StrictParser refuses one, ByteTokens
 * must give up. Proved on hand-made edge cases, on mutants of a document that holds every
 * JSON feature, and with input arriving a few bytes at a time.
 */
class ByteTokensTest {
  private static final String SEED = "{\"format_version\":\"1.2\",\"a\":[1,-0,0.5,-12.50e3,1E2,0.000,"
      + "123456789012345678901234567890,-9223372036854775808,9223372036854775808,true,false,null,"
      + "\"x\\\"y\\\\z\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\u0041\",\"h\u00e9llo w\u00f6rld \u2603 \ud83d\ude00\"],"
      + "\"b\":{\"c\":{\"d\":[]},\"e\":{},\"k\\\"q\\u00e9\":0,\"\u00fcber\":1,\"Aa\":1,\"BB\":2},\"\":\"empty\","
      + "\"tags\":{\"k1\":\"v\",\"k2\":\"v\",\"k3\":\"v\",\"k4\":\"v\",\"k5\":\"v\",\"k6\":\"v\",\"k7\":\"v\",\"k8\":\"v\","
      + "\"k9\":\"v\",\"k10\":\"v\",\"k11\":\"v\",\"k12\":\"v\",\"k13\":\"v\",\"k14\":\"v\",\"k15\":\"v\"}}";

  @Test
  void readsEveryJsonFeatureExactlyAsJacksonDoes() throws IOException {
    byte[] doc = SEED.getBytes(StandardCharsets.UTF_8);
    List<String> fast = fast(doc, 1 << 20);
    assertThat(fast).isNotNull().isEqualTo(reference(doc));
  }

  @Test
  void inputArrivingAFewBytesAtATimeReadsTheSame() throws IOException {
    byte[] doc = bigDocument(new Random(7), 3000);
    List<String> reference = reference(doc);
    for (int chunk : new int[] {1, 2, 3, 7, 4096}) {
      assertThat(fast(doc, chunk)).as("read %d bytes at a time", chunk).isEqualTo(reference);
    }
  }

  @Test
  void tokensAcrossTheBufferBoundaryReadTheSame() throws IOException {
    // Every kind of token, and a string longer than the buffer, placed across 64 KiB.
    for (String token : List.of("\"k\":\"a string\"", "\"k\":-12.5e3", "\"k\":true", "\"k\":null", "\"\u00e9t\u00e9\":\"\u2603\"",
        "\"k\":\"\\u00e9\\n\"", "\"k\":\"" + "x".repeat(200_000) + "\"")) {
      for (int pad = 65_520; pad < 65_545; pad++) {
        byte[] doc = ("{\"p\":\"" + "p".repeat(pad) + "\"," + token + "}").getBytes(StandardCharsets.UTF_8);
        assertThat(fast(doc, 1 << 20)).as("%s after %d", token, pad).isNotNull().isEqualTo(reference(doc));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"a\":1,\"a\":2}",
      "{\"x\":{\"y\":[{\"a\":1,\"b\":{},\"a\":3}]}}",
      "{\"k1\":1,\"k2\":1,\"k3\":1,\"k4\":1,\"k5\":1,\"k6\":1,\"k7\":1,\"k8\":1,\"k9\":1,\"k10\":1,\"k11\":1,\"k12\":1,\"k13\":1,\"k14\":1,\"k7\":1}",
      "{\"\u00e9\":1,\"\u00e9\":2}",
      "{\"a\":1,\"\\u0061\":2}", "{\"\\u00e9\":1,\"\u00e9\":2}", "{\"q\\\"k\":1,\"q\\u0022k\":2}", "{\"t\\u0061gs\":{\"a\\tb\":1}}",
      "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":+1}", "{\"a\":NaN}", "{\"a\":1e2147483648}",
      "{\"a\":1e3000}", "{\"a\":tru}", "{\"a\":truex}", "{\"a\":[1,]}", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}",
      "{\"a\":\"\u0001\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":1}x", "{\"a\":1}{}", "{\"a\":1", "{\"a\":\"x", "",
      "[1]", "\"x\"", "{\"a\":1}\u0000", "\u0000{}", "{\"a\":[1 2]}", "{\"a\":{\"b\":1 \"c\":2}}", "{\"a\":1]", "{\"a\":[1}"})
  void edgeCasesReadTheSameOrAreGivenUpOn(String json) throws IOException {
    byte[] doc = json.getBytes(StandardCharsets.UTF_8);
    assertAgrees(doc);
  }

  @Test
  void givesUpOnWhatItDoesNotReadItself() throws IOException {
    List<byte[]> docs = List.of(
        bytes(0xEF, 0xBB, 0xBF, '{', '}'), // a byte-order mark, which Jackson reads
        bytes('{', '"', 'a', '"', ':', '"', 0xC0, 0x80, '"', '}'), // overlong UTF-8
        bytes('{', '"', 'a', '"', ':', '"', 0xED, 0xA0, 0x80, '"', '}'), // a surrogate in UTF-8
        bytes('{', '"', 'a', '"', ':', '"', 0xF4, 0x90, 0x80, 0x80, '"', '}'), // beyond U+10FFFF
        bytes('{', '"', 'a', '"', ':', '"', 0x80, '"', '}'), // a stray continuation byte
        "{\"\\ud800\":1}".getBytes(StandardCharsets.UTF_8), // half a surrogate pair in a key
        ("{\"a\":" + "[".repeat(600) + "]".repeat(600) + "}").getBytes(StandardCharsets.UTF_8), // deep
        ("{\"a\":\"" + "x".repeat(ByteTokens.MAX_STRING + 1) + "\"}").getBytes(StandardCharsets.UTF_8),
        ("{\"a\":1" + "0".repeat(600) + "}").getBytes(StandardCharsets.UTF_8)); // a long number
    for (byte[] doc : docs) {
      assertThat(fast(doc, 1 << 20)).as(new String(doc, 0, Math.min(doc.length, 40), StandardCharsets.ISO_8859_1)).isNull();
      assertAgrees(doc);
    }
  }

  @Test
  void keysWhoseHashesCollideAreToldApartOrGivenUpOn() throws IOException {
    // "Aa" and "BB" share String's hash; 2^10 such keys all share one: a hash table cannot tell them apart cheaply.
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < 1024; i++) {
      json.append(i == 0 ? "" : ",").append('"');
      for (int bit = 0; bit < 10; bit++) {
        json.append((i >> bit & 1) == 0 ? "Aa" : "BB");
      }
      json.append("\":1");
    }
    byte[] doc = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    assertAgrees(doc);
    assertThat(reference(doc)).isNotNull();
  }

  @Test
  void mutantsOfAValidDocumentAreReadTheSameOrGivenUpOn() throws IOException {
    Random random = new Random(20261203);
    byte[] seed = SEED.getBytes(StandardCharsets.UTF_8);
    byte[] alphabet = bytes('"', '\\', '{', '}', '[', ']', ',', ':', '0', '1', '9', '-', '.', 'e', 'E', '+', ' ', '\n', '\t', 0x00,
        0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 'u', 'a', 't', 'n', 'f', 'k', 'A', 'B');
    int accepted = 0;
    int refused = 0;
    for (int n = 0; n < 12_000; n++) {
      byte[] doc = seed.clone();
      for (int m = 1 + random.nextInt(3); m > 0; m--) {
        doc = mutate(doc, random, alphabet);
      }
      List<String> reference = reference(doc);
      List<String> fast = fast(doc, 1 + random.nextInt(64));
      if (fast != null) {
        accepted++;
        assertThat(fast).as(new String(doc, StandardCharsets.ISO_8859_1)).isEqualTo(reference);
      }
      if (reference == null) {
        refused++;
      }
    }
    // Neither side of the proof is empty.
    assertThat(accepted).isGreaterThan(800);
    assertThat(refused).isGreaterThan(1000);
  }

  private static byte[] mutate(byte[] doc, Random random, byte[] alphabet) {
    int at = random.nextInt(doc.length + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (random.nextInt(5)) {
      case 0 -> { // replace
        out.write(doc, 0, at);
        out.write(alphabet[random.nextInt(alphabet.length)]);
        out.write(doc, Math.min(at + 1, doc.length), doc.length - Math.min(at + 1, doc.length));
      }
      case 1 -> { // insert
        out.write(doc, 0, at);
        out.write(alphabet[random.nextInt(alphabet.length)]);
        out.write(doc, at, doc.length - at);
      }
      case 2 -> { // delete
        out.write(doc, 0, at);
        int to = Math.min(doc.length, at + 1 + random.nextInt(3));
        out.write(doc, to, doc.length - to);
      }
      case 3 -> { // copy a span elsewhere: makes duplicate keys, nested objects
        int from = random.nextInt(Math.max(1, doc.length));
        int len = Math.min(doc.length - from, 1 + random.nextInt(24));
        out.write(doc, 0, at);
        out.write(doc, from, len);
        out.write(doc, at, doc.length - at);
      }
      default -> out.write(doc, 0, at); // truncate
    }
    return out.toByteArray();
  }

  private void assertAgrees(byte[] doc) throws IOException {
    List<String> fast = fast(doc, 1 << 20);
    if (fast != null) {
      assertThat(fast).isEqualTo(reference(doc));
    }
  }

  /** The tokens StrictParser reads, with each name, text and number, or null if it refuses the document. */
  static List<String> reference(byte[] doc) throws IOException {
    try (JsonParser parser = Json.FACTORY.createParser(doc)) {
      return tokens(new StrictParser(parser, "doc", "document"));
    } catch (InvalidInputException | com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }

  /** The tokens ByteTokens reads, {@code chunk} bytes at a time, or null if it gives up or refuses. */
  static List<String> fast(byte[] doc, int chunk) throws IOException {
    try {
      return tokens(new ByteTokens(new Chunks(doc, chunk), "doc", "document"));
    } catch (ByteTokens.Doubt | InvalidInputException e) {
      return null;
    }
  }

  private static List<String> tokens(Tokens p) throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
      switch (t) {
        case FIELD_NAME -> out.add("name " + p.currentName());
        case VALUE_STRING -> out.add("string " + p.getText());
        case VALUE_NUMBER_INT -> {
          var d = p.decimal();
          out.add("int " + p.getText() + " " + p.getNumberType() + " " + d.unscaledValue() + "e-" + d.scale());
        }
        case VALUE_NUMBER_FLOAT -> {
          var d = p.decimal();
          out.add("float " + p.getText() + " " + d.unscaledValue() + "e-" + d.scale());
        }
        default -> out.add(t.name());
      }
    }
    return out;
  }

  /** A document whose tokens cross many buffer boundaries: keys, strings with escapes and accents, numbers. */
  private static byte[] bigDocument(Random random, int entries) {
    StringBuilder s = new StringBuilder("{\"entries\":[");
    for (int i = 0; i < entries; i++) {
      s.append(i == 0 ? "" : ",").append("{\"id\":").append(random.nextInt()).append(",\"size\":").append(random.nextDouble() * 1000)
          .append(",\"name\":\"r\u00e9source-").append(i).append("\\\"q\\\"\",\"on\":").append(random.nextBoolean())
          .append(",\"none\":null,\"tags\":{\"env\":\"prod\",\"n").append(i % 7).append("\":\"\u2603\"}}");
    }
    return s.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  /** An input that hands out at most {@code chunk} bytes per read. */
  private static final class Chunks extends InputStream {
    private final ByteArrayInputStream in;
    private final int chunk;

    Chunks(byte[] doc, int chunk) {
      this.in = new ByteArrayInputStream(doc);
      this.chunk = chunk;
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, Math.min(len, chunk));
    }
  }
}
