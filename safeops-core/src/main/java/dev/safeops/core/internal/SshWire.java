package dev.safeops.core.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The SSH wire encoding (RFC 4251 section 5): {@code uint32}, {@code string} (length-prefixed
 * bytes), {@code mpint}. The reader refuses lengths that run past the end, so a truncated or
 * padded blob is an error, never a silently short field.
 */
public final class SshWire {
  private SshWire() {}

  /** A blob that is not what it claims to be; the message says which field broke. */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedException(String message) {
      super(message);
    }
  }

  /** Reads fields in order from one blob. Not thread-safe. */
  public static final class Reader {
    private final byte[] data;
    private int pos;

    public Reader(byte[] data) {
      this.data = data;
    }

    public int readUint32(String field) throws MalformedException {
      need(4, field);
      int v = ((data[pos] & 0xff) << 24) | ((data[pos + 1] & 0xff) << 16) | ((data[pos + 2] & 0xff) << 8) | (data[pos + 3] & 0xff);
      pos += 4;
      return v;
    }

    public int readByte(String field) throws MalformedException {
      need(1, field);
      return data[pos++] & 0xff;
    }

    public byte[] readBytes(int n, String field) throws MalformedException {
      need(n, field);
      byte[] out = Arrays.copyOfRange(data, pos, pos + n);
      pos += n;
      return out;
    }

    public byte[] readString(String field) throws MalformedException {
      int len = readUint32(field);
      if (len < 0) {
        throw new MalformedException(field + " claims a length over 2 GiB");
      }
      return readBytes(len, field);
    }

    /** A string field that must be UTF-8 text without NUL bytes. */
    public String readText(String field) throws MalformedException {
      byte[] b = readString(field);
      for (byte x : b) {
        if (x == 0) {
          throw new MalformedException(field + " contains a NUL byte");
        }
      }
      try {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
      } catch (CharacterCodingException e) {
        throw new MalformedException(field + " is not UTF-8 text");
      }
    }

    /** An mpint: two's complement, big-endian; negative values are refused (no key or signature part is negative). */
    public BigInteger readPositiveMpint(String field) throws MalformedException {
      byte[] b = readString(field);
      if (b.length == 0) {
        return BigInteger.ZERO;
      }
      if ((b[0] & 0x80) != 0) {
        throw new MalformedException(field + " is negative");
      }
      return new BigInteger(b);
    }

    public boolean atEnd() {
      return pos == data.length;
    }

    /** Refuses bytes left over after the last field: a blob means exactly what it says. */
    public void requireEnd(String what) throws MalformedException {
      if (!atEnd()) {
        throw new MalformedException(what + " has " + (data.length - pos) + " unexpected byte(s) after its last field");
      }
    }

    private void need(int n, String field) throws MalformedException {
      if (n < 0 || data.length - pos < n) {
        throw new MalformedException(field + " is cut short (truncated)");
      }
    }
  }

  /** Builds a blob field by field. Not thread-safe. */
  public static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Writer raw(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    public Writer uint32(long v) {
      out.write((int) (v >>> 24) & 0xff);
      out.write((int) (v >>> 16) & 0xff);
      out.write((int) (v >>> 8) & 0xff);
      out.write((int) v & 0xff);
      return this;
    }

    public Writer uint8(int v) {
      out.write(v & 0xff);
      return this;
    }

    public Writer string(byte[] b) {
      uint32(b.length);
      out.writeBytes(b);
      return this;
    }

    public Writer string(String s) {
      return string(s.getBytes(StandardCharsets.UTF_8));
    }

    public Writer mpint(BigInteger v) {
      return string(v.signum() == 0 ? new byte[0] : v.toByteArray());
    }

    public byte[] bytes() {
      return out.toByteArray();
    }
  }
}
