package dev.safeops.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The canonical writer writes exactly the bytes Jackson's generator writes: the digest depends on it. */
class CanonicalJsonTest {
  private static final String[] STRINGS = {
    "", "plain", "q\"uote", "back\\slash", "/slash", "tab\tnew\nline\rcr\bbs\fff", "\u0000\u0001\u001f", "\u007f del",
    "\u0080\u00ff latin", "\u0100 \u4e2d\u6587", "\u2028\u2029", "\ud83d\ude00 pair", "lone \ud800 high", "lone \udc00 low",
    "end \ud83d", "\ufeff bom", "\uffff", "</script>", "{\"json\":[1,2]}"
  };

  @Test
  void everyKindOfStringAndStructureIsWrittenAsJacksonWritesIt() throws IOException {
    Random random = new Random(1);
    for (int round = 0; round < 300; round++) {
      ByteArrayOutputStream ours = new ByteArrayOutputStream();
      ByteArrayOutputStream theirs = new ByteArrayOutputStream();
      CanonicalJson c = new CanonicalJson(ours);
      JsonGenerator g = PlanDigest.generator(theirs);
      writeBoth(random, c, g, 3);
      c.flush();
      g.flush();

      assertThat(ours.toByteArray()).as("round %d: %s", round, theirs).isEqualTo(theirs.toByteArray());
    }
  }

  private static void writeBoth(Random random, CanonicalJson c, JsonGenerator g, int depth) throws IOException {
    int kind = random.nextInt(depth <= 0 ? 4 : 6);
    switch (kind) {
      case 0 -> {
        String s = STRINGS[random.nextInt(STRINGS.length)];
        c.string(s);
        g.writeString(s);
      }
      case 1 -> {
        String n = List.of("0", "-1.5", "1E+999", "123456789012345678901234567890").get(random.nextInt(4));
        c.raw(n);
        g.writeNumber(n);
      }
      case 2 -> {
        boolean b = random.nextBoolean();
        c.raw(b ? "true" : "false");
        g.writeBoolean(b);
      }
      case 3 -> {
        c.raw("null");
        g.writeNull();
      }
      case 4 -> {
        c.startArray();
        g.writeStartArray();
        for (int i = random.nextInt(4); i > 0; i--) {
          writeBoth(random, c, g, depth - 1);
        }
        c.endArray();
        g.writeEndArray();
      }
      default -> {
        c.startObject();
        g.writeStartObject();
        for (int i = random.nextInt(4); i > 0; i--) {
          String name = STRINGS[random.nextInt(STRINGS.length)] + i;
          c.name(name);
          g.writeFieldName(name);
          writeBoth(random, c, g, depth - 1);
        }
        c.endObject();
        g.writeEndObject();
      }
    }
  }

  @Test
  void longStringsWithEveryKindOfCharacterAtEveryPlaceAreWrittenAsJacksonWritesThem() throws IOException {
    // For any faster path over long strings (eight bytes at a time, or a Latin-1 copy): each
    // character Jackson treats apart, and each a Latin-1 copy could mistake for a plain one,
    // at every place in strings of 24 to 41 characters.
    String[] special = {"\"", "\\", "?", "\u007f", "\u001f", "\u0000", "\u0080", "\u00ff", "\u0100", "\u013f", "\u4e2d",
        "\ud83d\ude00", "\ud800", "\u2028", " ", "~"};
    int strings = 0;
    for (int length = 24; length <= 41; length++) {
      for (String c : special) {
        for (int at = 0; at < length; at++) {
          String s = "a".repeat(at) + c + "b".repeat(length - at);
          ByteArrayOutputStream ours = new ByteArrayOutputStream();
          ByteArrayOutputStream theirs = new ByteArrayOutputStream();
          CanonicalJson json = new CanonicalJson(ours);
          JsonGenerator g = PlanDigest.generator(theirs);
          json.string(s);
          json.flush();
          g.writeString(s);
          g.flush();
          assertThat(ours.toByteArray()).as("%s", s).isEqualTo(theirs.toByteArray());
          strings++;
        }
      }
    }
    assertThat(strings).isEqualTo(9_360);
  }
}
