package dev.safeops.core.internal;

import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Every finding of one rule, in the order it found them, in little memory: exact counts by
 * level, the first few findings of each level as examples, the first {@link #INLINE}
 * findings as objects and the rest compressed (the messages of one rule repeat themselves,
 * and a big plan's hundred thousand deletions compress to a few megabytes). Written by one
 * thread until {@link #seal()}; after that immutable and safe to read from any thread.
 */
public final class FindingLog {
  /** Findings kept as objects before the log compresses. */
  static final int INLINE = 1_000;

  private final String ruleId;
  private final int examplesPerLevel;
  private final int[] counts = new int[Level.values().length];
  private final List<List<Finding>> examples = new ArrayList<>();
  private final List<Finding> inline = new ArrayList<>();
  private Chunks compressed;
  private DataOutputStream out;
  private Deflater deflater;
  private boolean sealed;

  public FindingLog(String ruleId, int examplesPerLevel) {
    this.ruleId = ruleId;
    this.examplesPerLevel = examplesPerLevel;
    for (int i = 0; i < counts.length; i++) {
      examples.add(new ArrayList<>());
    }
  }

  public String ruleId() {
    return ruleId;
  }

  public void add(Finding f) {
    if (sealed) {
      throw new IllegalStateException("finding log of " + ruleId + " is sealed");
    }
    int level = f.level().ordinal();
    counts[level] = Math.addExact(counts[level], 1);
    if (examples.get(level).size() < examplesPerLevel) {
      examples.get(level).add(f);
    }
    if (inline.size() < INLINE) {
      inline.add(f);
      return;
    }
    try {
      if (out == null) {
        compressed = new Chunks();
        deflater = new Deflater(Deflater.BEST_SPEED);
        // Buffered before the deflater: DataOutputStream writes an int as four single bytes,
        // and the deflater would be called (through JNI) for each.
        out = new DataOutputStream(new BufferedOutputStream(new DeflaterOutputStream(compressed, deflater, 1 << 16), 1 << 16));
      }
      out.writeByte(level);
      SpillFile.writeString(out, f.address());
      SpillFile.writeString(out, f.message());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // memory only: cannot happen
    }
  }

  /** Ends writing. */
  public void seal() {
    if (sealed) {
      return;
    }
    sealed = true;
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        deflater.end();
      }
    }
  }

  public int count(Level level) {
    return counts[level.ordinal()];
  }

  public int total() {
    int total = 0;
    for (int c : counts) {
      total += c;
    }
    return total;
  }

  public Level worst() {
    for (int i = counts.length - 1; i >= 0; i--) {
      if (counts[i] > 0) {
        return Level.values()[i];
      }
    }
    return Level.NONE;
  }

  /** The first findings of this level, at most the examples per level this log keeps. */
  public List<Finding> examples(Level level) {
    return Collections.unmodifiableList(examples.get(level.ordinal()));
  }

  /** Every finding, in the order they were added. */
  public void forEach(Consumer<? super Finding> action) {
    if (!sealed) {
      throw new IllegalStateException("finding log of " + ruleId + " is still being written");
    }
    inline.forEach(action);
    if (compressed == null) {
      return;
    }
    int rest = total() - inline.size();
    Level[] levels = Level.values();
    Inflater inflater = new Inflater();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(new InflaterInputStream(compressed.input(), inflater, 1 << 16), 1 << 16))) {
      for (int i = 0; i < rest; i++) {
        Level level = levels[in.readUnsignedByte()];
        String address = SpillFile.readString(in);
        action.accept(new Finding(ruleId, level, address, SpillFile.readString(in)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      inflater.end();
    }
  }



  /** Bytes in 64 KiB chunks: growing never copies what is there. */
  private static final class Chunks extends OutputStream {
    private final List<byte[]> full = new ArrayList<>();
    private final ByteArrayOutputStream last = new ByteArrayOutputStream(1 << 16);
    private byte[] tail;

    @Override
    public void write(int b) {
      last.write(b);
      rotate();
    }

    @Override
    public void write(byte[] b, int off, int len) {
      while (len > 0) {
        int n = Math.min(len, (1 << 16) - last.size());
        last.write(b, off, n);
        off += n;
        len -= n;
        rotate();
      }
    }

    private void rotate() {
      if (last.size() >= 1 << 16) {
        full.add(last.toByteArray());
        last.reset();
      }
    }

    @Override
    public void close() {
      tail = last.toByteArray();
    }

    InputStream input() {
      List<byte[]> all = new ArrayList<>(full);
      all.add(tail == null ? last.toByteArray() : tail);
      return new InputStream() {
        private int chunk;
        private int at;

        @Override
        public int read() {
          byte[] b = new byte[1];
          return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
          while (chunk < all.size() && at == all.get(chunk).length) {
            chunk++;
            at = 0;
          }
          if (chunk == all.size()) {
            return -1;
          }
          int n = Math.min(len, all.get(chunk).length - at);
          System.arraycopy(all.get(chunk), at, b, off, n);
          at += n;
          return n;
        }
      };
    }
  }
}
