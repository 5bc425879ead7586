package dev.safeops.core.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the digest's canonical JSON: the very bytes Jackson's generator (default settings,
 * no pretty printing) writes, faster. Structure, numbers and the common string (printable
 * ASCII without a quote or backslash, which Jackson copies as it is) are written here
 * directly; any other string is handed to Jackson, so escaping, UTF-8 and surrogates are
 * Jackson's own. Tests hold the output to the generator's, byte for byte. Not thread-safe.
 */
final class CanonicalJson {
  private final OutputStream out;
  private byte[] buf = new byte[1 << 13];
  private int len;
  /** Which containers are open and whether they already hold a value: for the commas. */
  private boolean[] hasValue = new boolean[32];
  private int depth = -1;
  private boolean afterName;
  private final ByteArrayOutputStream escaped = new ByteArrayOutputStream();
  private final JsonGenerator jackson;

  CanonicalJson(OutputStream out) throws IOException {
    this.out = out;
    this.jackson = PlanDigest.generator(escaped);
  }

  void startObject() {
    value();
    open('{');
  }

  void endObject() {
    close('}');
  }

  void startArray() {
    value();
    open('[');
  }

  void endArray() {
    close(']');
  }

  void name(String name) throws IOException {
    if (depth >= 0 && hasValue[depth]) {
      put((byte) ',');
    }
    if (depth >= 0) {
      hasValue[depth] = true;
    }
    text(name);
    put((byte) ':');
    afterName = true;
  }

  void string(String s) throws IOException {
    value();
    text(s);
  }

  /** A number already in canonical text, or {@code true}, {@code false}, {@code null}. */
  void raw(String ascii) {
    value();
    ensure(ascii.length());
    for (int i = 0; i < ascii.length(); i++) {
      buf[len++] = (byte) ascii.charAt(i);
    }
  }

  /** Writes what is buffered to the stream. */
  void flush() throws IOException {
    out.write(buf, 0, len);
    len = 0;
  }

  private void value() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (depth >= 0) {
      if (hasValue[depth]) {
        put((byte) ',');
      }
      hasValue[depth] = true;
    }
  }

  private void open(char c) {
    put((byte) c);
    if (++depth == hasValue.length) {
      hasValue = java.util.Arrays.copyOf(hasValue, depth * 2);
    }
    hasValue[depth] = false;
  }

  private void close(char c) {
    depth--;
    put((byte) c);
  }

  /** Copies a plain string in one pass; at the first character Jackson would escape, starts over through Jackson. */
  private void text(String s) throws IOException {
    int n = s.length();
    ensure(n + 2);
    int start = len;
    byte[] b = buf;
    int at = len;
    b[at++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        len = start;
        escaped(s);
        return;
      }
      b[at++] = (byte) c;
    }
    b[at++] = '"';
    len = at;
  }

  private void escaped(String s) throws IOException {
    escaped.reset();
    jackson.writeString(s);
    jackson.flush();
    byte[] b = escaped.toByteArray();
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  private void put(byte b) {
    ensure(1);
    buf[len++] = b;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
