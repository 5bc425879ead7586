package dev.safeops.terraform.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.internal.PlanDigest;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A strict JSON reader of UTF-8 bytes, for plan and state files: {@code terraform show -json}
 * output is plain UTF-8, and reading it here rather than through Jackson and {@link
 * StrictParser} is faster (a 100,000-change plan: 1.1 s against 1.5 s of parsing, warm). It is a shortcut, never a second opinion: it
 * accepts only a subset of what StrictParser accepts, and at anything outside that subset
 * (a syntax error, a byte-order mark, half a surrogate pair in a key, invalid or overlong UTF-8, a value
 * near one of Jackson's limits, two keys of one object with the same 64-bit hash, which is a
 * duplicate or a collision, or keys whose table slots collide too often) it throws {@link Doubt},
 * and the caller reads the whole input again with StrictParser, whose answer and sentences
 * are the ones users get. So where this reader finishes, StrictParser would have read the same
 * tokens with the same values; where it gives up, nothing it read is used.
 *
 * <p>Keys are checked for duplicates by a 64-bit hash of their UTF-8 bytes (escapes resolved),
 * which are checked to be valid UTF-8, so one key has one such spelling and one hash. Two keys
 * of one object with the same hash are a duplicate or a collision: either way this reader gives
 * up, and Jackson tells which. So no key's bytes are kept, and a hostile file that collides
 * on purpose costs a second reading, never a wrong answer.
 */
final class ByteTokens implements Tokens {
  /** This reader is not sure of the input: read it again with {@link StrictParser}. */
  static final class Doubt extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Doubt(String why, Throwable cause) {
      super(why, cause, false, false);
    }
  }

  // Well inside Jackson's defaults (StreamReadConstraints: depth 1000, numbers 1000 characters,
  // names 50,000, strings 20,000,000), so that nothing read here is anything Jackson refuses.
  static final int MAX_DEPTH = 500;
  static final int MAX_NUMBER = 1000;
  static final int MAX_NAME = 1 << 12;
  static final int MAX_STRING = 1 << 22;
  /** A key set switches from a scan to a hash table at this many keys. */
  private static final int SCAN = 12;
  /** Probes for one key beyond which the hashes are taken to be hostile. */
  private static final int MAX_PROBES = 64;

  // Where the reader stands after each token.
  private static final int ROOT = 0;
  private static final int FIRST_IN_ARRAY = 1;
  private static final int FIRST_IN_OBJECT = 2;
  private static final int AFTER_NAME = 3;
  private static final int AFTER_VALUE = 4;

  private final InputStream in;
  private FileChannel file;
  private final String name;
  private final String what;
  private byte[] buf = new byte[1 << 16];
  private int pos;
  private int lim;
  /** Bytes dropped from the front of buf so far, for positions. */
  private long dropped;

  private int expect = ROOT;
  /** Open containers: true for an object. */
  private boolean[] objects = new boolean[32];
  private int depth = -1;

  private JsonToken current;
  /** The current string's content, or number's text, is buf[start, end); kept from refills. */
  private int start = -1;
  private int end;
  private boolean escaped;
  private boolean ascii;
  /** The current key's hash, of its UTF-8 with escapes resolved. */
  private long keyHash;
  private String text;

  // Hashes of the open objects' keys, on one stack, each object's from levelKeys[depth].
  private int[] levelKeys = new int[32];
  /** Each level's hash table, once its object has more than SCAN keys; kept for reuse. */
  private int[][] levelTables = new int[32][];
  private boolean[] hashed = new boolean[32];
  private long[] filters = new long[32];
  private int keys;
  private long[] keyHashes = new long[256];

  // Decoded keys, so that a key read a million times is one String (whose hash code is kept).
  private final String[] names = new String[2048];
  private final byte[][] nameBytes = new byte[2048][];

  ByteTokens(InputStream in, String name, String what) {
    this.in = in;
    this.name = name;
    this.what = what;
  }

  /**
   * A reader of one value of a top-level object, {@code in} starting where the value does
   * (after its key and colon): it reads the value at the depth it has in the whole document,
   * so every limit applies to it as it would there. For a value read ahead, apart from the
   * rest of the document (see {@link #skipOpenedTo}).
   */
  static ByteTokens valueInObject(InputStream in, String name, String what) {
    ByteTokens t = new ByteTokens(in, name, what);
    t.depth = 0;
    t.objects[0] = true;
    t.levelKeys[0] = t.keys;
    return t;
  }

  /** The regular file this reader reads from its start, if it is one: parts of it may be read ahead. */
  void file(FileChannel file) {
    this.file = file;
  }

  /** The file given to {@link #file}, or null. */
  FileChannel file() {
    return file;
  }

  /** How many bytes of the input are behind the current token. */
  long offset() {
    return dropped + pos;
  }

  /** Where in the input the object or list just opened (the current token) starts. */
  long containerStart() {
    if (current != JsonToken.START_OBJECT && current != JsonToken.START_ARRAY) {
      throw new IllegalStateException("not on the start of an object or list: " + current);
    }
    return dropped + pos - 1;
  }

  /**
   * Ends the object or list just opened (the current token) as if it had been read to its
   * closing bracket, the byte before {@code end}, and goes on reading from {@code end}. Only
   * for a caller that had exactly those bytes read, to the same end, by a {@link
   * #valueInObject} reader over the same input: what that reader accepted, this one would
   * have.
   */
  void skipOpenedTo(long end) throws IOException {
    long start = containerStart();
    if (end <= start + 1) {
      throw new IllegalArgumentException("the end " + end + " is not after the start " + start);
    }
    if (end <= dropped + lim) {
      pos = (int) (end - dropped);
    } else {
      long skip = end - (dropped + lim);
      dropped += lim;
      pos = 0;
      lim = 0;
      in.skipNBytes(skip);
      dropped += skip;
    }
    close(objects[depth] ? '}' : ']');
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public JsonToken currentToken() {
    return current;
  }

  @Override
  public JsonToken nextToken() throws IOException {
    text = null;
    start = -1;
    int c = nonSpace();
    switch (expect) {
      case AFTER_VALUE -> {
        if (depth < 0) {
          if (c >= 0) {
            throw doubt("data after the top-level value");
          }
          return current = null;
        }
        if (c == ',') {
          c = nonSpace();
          return objects[depth] ? name(c) : value(c);
        }
        return close(c);
      }
      case FIRST_IN_OBJECT -> {
        return c == '}' ? close(c) : name(c);
      }
      case FIRST_IN_ARRAY -> {
        return c == ']' ? close(c) : value(c);
      }
      case AFTER_NAME -> {
        if (c != ':') {
          throw doubt("no colon after a key");
        }
        return value(nonSpace());
      }
      default -> {
        return c < 0 ? (current = null) : value(c);
      }
    }
  }

  private JsonToken close(int c) {
    if (depth < 0 || c != (objects[depth] ? '}' : ']')) {
      throw doubt("an unexpected character " + c);
    }
    JsonToken t;
    if (objects[depth]) {
      keys = levelKeys[depth];
      if (hashed[depth] && levelTables[depth].length > 4096) {
        levelTables[depth] = null; // kept for the next object at this depth, a big one would live to the end
      }
      t = JsonToken.END_OBJECT;
    } else {
      t = JsonToken.END_ARRAY;
    }
    depth--;
    expect = AFTER_VALUE;
    return current = t;
  }

  private JsonToken value(int c) throws IOException {
    switch (c) {
      case '{' -> {
        open(true);
        expect = FIRST_IN_OBJECT;
        return current = JsonToken.START_OBJECT;
      }
      case '[' -> {
        open(false);
        expect = FIRST_IN_ARRAY;
        return current = JsonToken.START_ARRAY;
      }
      case '"' -> {
        string();
        expect = AFTER_VALUE;
        return current = JsonToken.VALUE_STRING;
      }
      case 't' -> {
        literal("rue");
        return current = JsonToken.VALUE_TRUE;
      }
      case 'f' -> {
        literal("alse");
        return current = JsonToken.VALUE_FALSE;
      }
      case 'n' -> {
        literal("ull");
        return current = JsonToken.VALUE_NULL;
      }
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          expect = AFTER_VALUE;
          return current = number();
        }
        throw doubt(c < 0 ? "the input ends where a value belongs" : "an unexpected character " + c);
      }
    }
  }

  private void open(boolean object) {
    if (++depth == MAX_DEPTH) {
      throw doubt("nesting deeper than " + MAX_DEPTH);
    }
    if (depth == objects.length) {
      int n = depth * 2;
      objects = Arrays.copyOf(objects, n);
      levelKeys = Arrays.copyOf(levelKeys, n);
      levelTables = Arrays.copyOf(levelTables, n);
      hashed = Arrays.copyOf(hashed, n);
      filters = Arrays.copyOf(filters, n);
    }
    objects[depth] = object;
    if (object) {
      levelKeys[depth] = keys;
      hashed[depth] = false;
      filters[depth] = 0;
    }
  }

  private JsonToken name(int c) throws IOException {
    if (c != '"') {
      throw doubt(c < 0 ? "the input ends where a key belongs" : "a key that is not a string");
    }
    string();
    if (end - start > MAX_NAME) {
      throw doubt("a very long key");
    }
    if (escaped) {
      // Hashed by its characters' UTF-8, the one spelling a key without escapes has.
      text = unescape();
      for (int i = 0; i < text.length(); i++) {
        if (Character.isSurrogate(text.charAt(i))
            && !(Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(++i)))) {
          throw doubt("a key with half a surrogate pair");
        }
      }
      byte[] k = text.getBytes(StandardCharsets.UTF_8);
      keyHash = hash(k, 0, k.length);
    } else {
      keyHash = hash(buf, start, end);
    }
    addKey(keyHash);
    expect = AFTER_NAME;
    return current = JsonToken.FIELD_NAME;
  }

  private void literal(String rest) throws IOException {
    for (int i = 0; i < rest.length(); i++) {
      if (next() != rest.charAt(i)) {
        throw doubt("a misspelt literal");
      }
    }
    expect = AFTER_VALUE;
  }

  /** The next byte that is not JSON white space, consumed; -1 at the end. */
  private int nonSpace() throws IOException {
    // Terraform writes no white space: the next byte is almost always it, and this is small enough to inline.
    int p = pos;
    if (p < lim) {
      int c = buf[p] & 0xFF;
      if (c > ' ') {
        pos = p + 1;
        return c;
      }
    }
    return spaces();
  }

  private int spaces() throws IOException {
    for (;;) {
      byte[] b = buf;
      int p = pos;
      int l = lim;
      while (p < l) {
        int c = b[p++] & 0xFF;
        if (c > ' ') {
          pos = p;
          return c;
        }
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
          throw doubt("a control character outside a string");
        }
      }
      pos = p;
      if (!more()) {
        return -1;
      }
    }
  }

  private int next() throws IOException {
    return pos < lim || more() ? buf[pos++] & 0xFF : -1;
  }

  /**
   * Reads more input after lim, keeping buf[start, lim) (the token being read) at the front;
   * false at the end of the input.
   */
  private boolean more() throws IOException {
    int keep = start < 0 ? pos : start;
    if (lim - keep > MAX_STRING) {
      // A string or number this long is nothing a plan holds; Jackson may take it, this reader does not.
      throw doubt("a very long string or number");
    }
    if (keep == 0 && lim == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    } else if (keep > 0) {
      System.arraycopy(buf, keep, buf, 0, lim - keep);
      dropped += keep;
      lim -= keep;
      pos -= keep;
      if (start >= 0) {
        start -= keep;
      }
    }
    int n = in.read(buf, lim, buf.length - lim);
    if (n <= 0) {
      return false;
    }
    lim += n;
    return true;
  }

  /** Bytes that a string's content may hold as they are: printable ASCII other than quote and backslash. */
  private static final boolean[] PLAIN = new boolean[256];

  static {
    for (int c = ' '; c < 0x80; c++) {
      PLAIN[c] = c != '"' && c != '\\';
    }
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /** A string whose opening quote was just read: its content is left at buf[start, end). */
  private void string() throws IOException {
    start = pos;
    escaped = false;
    ascii = true;
    boolean[] plain = PLAIN;
    for (;;) {
      byte[] b = buf;
      int p = pos;
      int l = lim;
      // Eight bytes at a time to the first that is not plain, then byte by byte.
      while (p <= l - 8) {
        // t marks each byte of x (the first lowest) that is not plain: a quote, a backslash, a
        // control character or not ASCII. A borrow may mark a plain byte above a marked one, so
        // only the lowest mark counts. Written out here: the launcher's small inlining limits
        // would leave a method of its own a call.
        long x = (long) LONGS.get(b, p);
        long q = x ^ 0x2222222222222222L;
        long s = x ^ 0x5C5C5C5C5C5C5C5CL;
        long t = ((q - ONES) & ~q | (s - ONES) & ~s | (x - 0x2020202020202020L) & ~x | x) & HIGHS;
        if (t != 0) {
          p += Long.numberOfTrailingZeros(t) >>> 3;
          break;
        }
        p += 8;
      }
      while (p < l && plain[b[p] & 0xFF]) {
        p++;
      }
      pos = p;
      if (p == l) {
        if (p - start > MAX_STRING) {
          throw doubt("a very long string");
        }
        if (!more()) {
          throw doubt("the input ends inside a string");
        }
        continue;
      }
      int c = b[p];
      if (c == '"') {
        end = p;
        pos = p + 1;
        if (end - start > MAX_STRING) {
          throw doubt("a very long string");
        }
        return;
      }
      if (c == '\\') {
        escaped = true;
        pos = p + 1;
        escape();
      } else if (c >= 0) {
        throw doubt("a control character inside a string");
      } else {
        ascii = false;
        utf8();
      }
    }
  }

  /** After a backslash: one of JSON's escapes. */
  private void escape() throws IOException {
    int e = next();
    switch (e) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> { }
      case 'u' -> {
        for (int i = 0; i < 4; i++) {
          if (Character.digit(Math.max(next(), 0), 16) < 0) {
            throw doubt("a bad \\u escape");
          }
        }
      }
      default -> throw doubt("a bad escape");
    }
  }

  /**
   * One multi-byte UTF-8 character at pos, checked strictly (no overlong forms, no surrogates,
   * nothing beyond U+10FFFF), so that its bytes are the only spelling of its characters.
   */
  private void utf8() throws IOException {
    int c = next();
    int n;
    int low = 0x80;
    int high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      low = c == 0xE0 ? 0xA0 : 0x80;
      high = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      low = c == 0xF0 ? 0x90 : 0x80;
      high = c == 0xF4 ? 0x8F : 0xBF;
    } else {
      throw doubt("invalid UTF-8");
    }
    for (int i = 0; i < n; i++) {
      int d = next();
      if (d < low || d > high) {
        throw doubt("invalid UTF-8");
      }
      low = 0x80;
      high = 0xBF;
    }
  }

  private JsonToken number() throws IOException {
    start = pos - 1;
    boolean whole = true;
    int c = buf[pos - 1];
    if (c == '-') {
      c = next();
    }
    if (c == '0') {
      c = next();
    } else if (c >= '1' && c <= '9') {
      do {
        c = next();
      } while (c >= '0' && c <= '9');
    } else {
      throw doubt("a bad number");
    }
    if (c == '.') {
      whole = false;
      c = digits(next());
    }
    if (c == 'e' || c == 'E') {
      whole = false;
      c = next();
      if (c == '+' || c == '-') {
        c = next();
      }
      c = digits(c);
    }
    if (c >= 0) {
      pos--;
    }
    end = pos;
    if (end - start > MAX_NUMBER) {
      throw doubt("a very long number");
    }
    return whole ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_NUMBER_FLOAT;
  }

  /** One digit or more, the first being {@code c}; returns the byte after them. */
  private int digits(int c) throws IOException {
    if (c < '0' || c > '9') {
      throw doubt("a bad number");
    }
    do {
      c = next();
    } while (c >= '0' && c <= '9');
    return c;
  }

  /**
   * Records the key of hash {@code h} in the open object. One already there with the same hash
   * is the same key or a collision: the reader gives up, and Jackson says which. A small
   * object's hashes are scanned, a big one's are in a hash table.
   */
  private void addKey(long h) {
    int first = levelKeys[depth];
    if (!hashed[depth]) {
      // A one-word filter per object: a key whose bit is clear is certainly new, and is not compared.
      long bit = 1L << h;
      if ((filters[depth] & bit) != 0) {
        for (int i = first; i < keys; i++) {
          if (keyHashes[i] == h) {
            throw sameHash();
          }
        }
      }
      filters[depth] |= bit;
      push(h);
      if (keys - first > SCAN) {
        int[] table = table(keys - first);
        for (int i = first; i < keys; i++) {
          insert(table, i);
        }
      }
      return;
    }
    int[] table = levelTables[depth];
    if ((keys - first + 1) * 2 > table.length) {
      table = table(keys - first + 1);
      for (int i = first; i < keys; i++) {
        insert(table, i);
      }
    }
    int mask = table.length - 1;
    int slot = (int) (h >>> 32) & mask;
    for (int probes = 0; table[slot] != 0; slot = (slot + 1) & mask) {
      if (keyHashes[table[slot] - 1] == h) {
        throw sameHash();
      }
      if (++probes == MAX_PROBES) {
        throw doubt("keys whose hashes collide");
      }
    }
    push(h);
    table[slot] = keys;
  }

  /** An empty hash table for this level's keys, for at least {@code count} of them. */
  private int[] table(int count) {
    int size = Math.max(64, Integer.highestOneBit(count * 4 - 1));
    int[] table = levelTables[depth];
    if (table != null && table.length == size) {
      Arrays.fill(table, 0);
    } else {
      table = new int[size];
      levelTables[depth] = table;
    }
    hashed[depth] = true;
    return table;
  }

  /** Puts key i (already pushed) in the table. */
  private void insert(int[] table, int i) {
    int mask = table.length - 1;
    int slot = (int) (keyHashes[i] >>> 32) & mask;
    for (int probes = 0; table[slot] != 0; slot = (slot + 1) & mask) {
      if (++probes == MAX_PROBES) {
        throw doubt("keys whose hashes collide");
      }
    }
    table[slot] = i + 1;
  }

  /** A 64-bit hash of b[from, to), mixed so that every bit depends on every byte: a function of the bytes alone. */
  private static long hash(byte[] b, int from, int to) {
    int len = to - from;
    long h = len;
    if (len >= 8) {
      // Eight bytes at a time, the last eight overlapping the others when len is not a multiple of eight.
      for (int i = from; i < to - 8; i += 8) {
        h = (h ^ (long) LONGS.get(b, i)) * 0x9E3779B97F4A7C15L;
      }
      h = (h ^ (long) LONGS.get(b, to - 8)) * 0x9E3779B97F4A7C15L;
    } else {
      for (int i = from; i < to; i++) {
        h = (h + b[i]) * 0x9E3779B97F4A7C15L;
      }
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
  }

  private void push(long h) {
    if (keys == keyHashes.length) {
      keyHashes = Arrays.copyOf(keyHashes, keys * 2);
    }
    keyHashes[keys++] = h;
  }

  private Doubt sameHash() {
    return doubt("a key twice in one object, or two keys whose hashes collide");
  }

  /** Without making the string: this reader checked its length, escapes and UTF-8 as it read it. */
  @Override
  public void checkString(String field) {
    expect(field, "a string or null", JsonToken.VALUE_STRING, JsonToken.VALUE_NULL);
  }

  @Override
  public String currentName() {
    if (current != JsonToken.FIELD_NAME) {
      return null;
    }
    if (escaped) {
      return text;
    }
    int len = end - start;
    int slot = (int) keyHash & (names.length - 1);
    byte[] known = nameBytes[slot];
    if (known != null && known.length == len) {
      byte[] b = buf;
      int i = 0;
      while (i < len && known[i] == b[start + i]) {
        i++;
      }
      if (i == len) {
        return names[slot];
      }
    }
    String s = ascii ? new String(buf, start, len, StandardCharsets.ISO_8859_1) : new String(buf, start, len, StandardCharsets.UTF_8);
    names[slot] = s;
    nameBytes[slot] = Arrays.copyOfRange(buf, start, end);
    return s;
  }

  @Override
  public String getText() {
    if (text != null) {
      return text;
    }
    if (current == JsonToken.FIELD_NAME) {
      return currentName();
    }
    if (current == JsonToken.VALUE_STRING) {
      int len = end - start;
      if (!escaped) {
        text = ascii ? new String(buf, start, len, StandardCharsets.ISO_8859_1) : new String(buf, start, len, StandardCharsets.UTF_8);
      } else {
        text = unescape();
      }
      return text;
    }
    if (current == JsonToken.VALUE_NUMBER_INT || current == JsonToken.VALUE_NUMBER_FLOAT) {
      return text = new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
    }
    return current == null ? null : current.asString();
  }

  /** The current string's escapes resolved (its UTF-8 was checked as it was read). */
  private String unescape() {
    if (ascii) {
      String s = unescapeAscii();
      if (s != null) {
        return s;
      }
    }
    StringBuilder s = new StringBuilder(end - start);
    int i = start;
    while (i < end) {
      int c = buf[i] & 0xFF;
      if (c == '\\') {
        int e = buf[i + 1];
        i += 2;
        switch (e) {
          case 'b' -> s.append('\b');
          case 'f' -> s.append('\f');
          case 'n' -> s.append('\n');
          case 'r' -> s.append('\r');
          case 't' -> s.append('\t');
          case 'u' -> {
            s.append((char) Integer.parseInt(new String(buf, i, 4, StandardCharsets.ISO_8859_1), 16));
            i += 4;
          }
          default -> s.append((char) e);
        }
      } else if (c < 0x80) {
        s.append((char) c);
        i++;
      } else {
        int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        s.append(new String(buf, i, n, StandardCharsets.UTF_8));
        i += n;
      }
    }
    return s.toString();
  }

  private byte[] scratch = new byte[256];

  /** The escapes of an ASCII string resolved into bytes, or null at a \\u escape beyond ASCII. */
  private String unescapeAscii() {
    if (scratch.length < end - start) {
      scratch = new byte[end - start];
    }
    byte[] out = scratch;
    int n = 0;
    for (int i = start; i < end; i++) {
      byte c = buf[i];
      if (c == '\\') {
        byte e = buf[++i];
        switch (e) {
          case 'b' -> c = '\b';
          case 'f' -> c = '\f';
          case 'n' -> c = '\n';
          case 'r' -> c = '\r';
          case 't' -> c = '\t';
          case 'u' -> {
            int v = Integer.parseInt(new String(buf, i + 1, 4, StandardCharsets.ISO_8859_1), 16);
            if (v >= 0x80) {
              return null;
            }
            c = (byte) v;
            i += 4;
          }
          default -> c = e;
        }
      }
      out[n++] = c;
    }
    return new String(out, 0, n, StandardCharsets.ISO_8859_1);
  }

  @Override
  public JsonParser.NumberType getNumberType() {
    if (current != JsonToken.VALUE_NUMBER_INT) {
      throw doubt("a number type asked of a value that is not a whole number");
    }
    long v;
    try {
      v = Long.parseLong(getText());
    } catch (NumberFormatException e) {
      return JsonParser.NumberType.BIG_INTEGER;
    }
    return v == (int) v ? JsonParser.NumberType.INT : JsonParser.NumberType.LONG;
  }

  @Override
  public long getLongValue() {
    if (current != JsonToken.VALUE_NUMBER_INT) {
      throw doubt("a long asked of a value that is not a whole number");
    }
    try {
      return Long.parseLong(getText());
    } catch (NumberFormatException e) {
      throw doubt("a whole number beyond a long");
    }
  }

  @Override
  public BigDecimal decimal() {
    if (current != JsonToken.VALUE_NUMBER_INT && current != JsonToken.VALUE_NUMBER_FLOAT) {
      throw doubt("a number asked of a value that is not one");
    }
    if (end - start >= 500) {
      // Jackson reads long numbers with its own parser; equal in value, but not worth proving equal in scale.
      throw doubt("a long number");
    }
    if (current == JsonToken.VALUE_NUMBER_INT && end - start <= 18) {
      // At most 18 characters: a long, parsed without a String.
      boolean negative = buf[start] == '-';
      long v = 0;
      for (int i = negative ? start + 1 : start; i < end; i++) {
        v = v * 10 + (buf[i] - '0');
      }
      return BigDecimal.valueOf(negative ? -v : v);
    }
    BigDecimal d;
    try {
      d = new BigDecimal(getText());
    } catch (NumberFormatException | ArithmeticException e) {
      throw doubt("a number BigDecimal cannot hold");
    }
    if (PlanDigest.plainLength(d) > PlanDigest.PLAIN_LIMIT) {
      throw doubt("a number too long written in full");
    }
    return d;
  }

  @Override
  public void skip() throws IOException {
    if (current != JsonToken.START_OBJECT && current != JsonToken.START_ARRAY) {
      return;
    }
    int until = depth - 1;
    do {
      if (nextToken() == null) {
        throw doubt("the input ends inside a value");
      }
    } while (depth > until);
  }

  @Override
  public String position() {
    return "byte " + (dropped + (start >= 0 ? start : pos));
  }

  @Override
  public InvalidInputException shape(String field, String expected) {
    return new InvalidInputException(name + " is not a valid " + what + ": " + field + " at " + position() + " is "
        + Tokens.describe(current) + " where " + expected + " belongs.");
  }

  private Doubt doubt(String why) {
    return new Doubt(name + ": " + why + " at " + position(), null);
  }
}
