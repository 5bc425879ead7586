package dev.safeops.core.internal;

import java.io.Closeable;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Bytes written once, in order, then read back from any position: in memory up to a limit,
 * beyond it in a temporary file. This is what lets a plan too big to hold be judged in
 * bounded memory: what must be kept until the end (sorted runs of the digest, the changes
 * without their attributes) waits here instead of on the heap.
 *
 * <p>The temporary file is created readable by its owner only and unlinked as soon as it is
 * open where the file system allows it (POSIX), so not even a crash leaves it behind;
 * elsewhere it is deleted on {@link #close}. Writing is single-threaded; once writing is done,
 * any number of threads may read through their own {@link #reader}s.
 */
public final class SpillFile extends OutputStream implements Closeable {
  private static final int BUFFER = 1 << 16;

  private final long memoryLimit;
  private byte[] memory = new byte[BUFFER];
  private int memorySize;
  private FileChannel file;
  private final ByteBuffer pending = ByteBuffer.allocate(BUFFER);
  private long size;
  private boolean closed;

  private SpillFile(long memoryLimit) {
    this.memoryLimit = memoryLimit;
  }

  /** A spill that keeps up to {@code memoryLimit} bytes in memory before it moves to a file. */
  public static SpillFile create(long memoryLimit) {
    return new SpillFile(Math.max(0, memoryLimit));
  }

  /** How many bytes were written. */
  public long size() {
    return size;
  }

  /** True once the content lives in a file rather than in memory. */
  public boolean onDisk() {
    return file != null;
  }

  @Override
  public void write(int b) throws IOException {
    if (file == null) {
      if (memorySize < memory.length && memorySize < memoryLimit) {
        memory[memorySize++] = (byte) b;
        size++;
      } else {
        write(new byte[] {(byte) b}, 0, 1);
      }
      return;
    }
    ensureOpen();
    pending.put((byte) b);
    size++;
    if (!pending.hasRemaining()) {
      drain();
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    if (file == null) {
      if (memorySize + (long) len <= memoryLimit) {
        if (memorySize + len > memory.length) {
          memory = Arrays.copyOf(memory, (int) Math.min(memoryLimit, Math.max(memory.length * 2L, memorySize + (long) len)));
        }
        System.arraycopy(b, off, memory, memorySize, len);
        memorySize += len;
        size += len;
        return;
      }
      moveToFile();
    }
    size += len;
    while (len > 0) {
      int n = Math.min(len, pending.remaining());
      pending.put(b, off, n);
      off += n;
      len -= n;
      if (!pending.hasRemaining()) {
        drain();
      }
    }
  }

  @Override
  public void flush() throws IOException {
    if (file != null) {
      drain();
    }
  }

  private void moveToFile() throws IOException {
    Path path = Files.createTempFile("safeops-", ".spill");
    try {
      file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
    } catch (IOException e) {
      Files.deleteIfExists(path);
      throw e;
    }
    try {
      // Unlinked while open: the data stays reachable through the channel only.
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Not on this file system (Windows): DELETE_ON_CLOSE removes it on close instead.
    }
    ByteBuffer b = ByteBuffer.wrap(memory, 0, memorySize);
    while (b.hasRemaining()) {
      file.write(b);
    }
    memory = null;
  }

  private void drain() throws IOException {
    pending.flip();
    while (pending.hasRemaining()) {
      file.write(pending);
    }
    pending.clear();
  }

  /**
   * Reads from {@code position} on, after everything written so far has been flushed. The
   * reader buffers on its own and shares nothing with other readers.
   */
  public InputStream reader(long position) throws IOException {
    ensureOpen();
    flush();
    if (file == null) {
      byte[] data = memory;
      int end = memorySize;
      return new InputStream() {
        private int at = (int) position;

        @Override
        public int read() {
          return at < end ? data[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
          if (at >= end) {
            return -1;
          }
          int n = Math.min(len, end - at);
          System.arraycopy(data, at, b, off, n);
          at += n;
          return n;
        }
      };
    }
    FileChannel channel = file;
    long end = size;
    return new InputStream() {
      private final ByteBuffer buf = ByteBuffer.allocate(BUFFER).flip();
      private long next = position;

      private boolean fill() throws IOException {
        if (buf.hasRemaining()) {
          return true;
        }
        if (next >= end) {
          return false;
        }
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), end - next));
        while (buf.hasRemaining()) {
          int n = channel.read(buf, next + buf.position());
          if (n < 0) {
            throw new EOFException("a temporary file safeops wrote ended early");
          }
        }
        next += buf.position();
        buf.flip();
        return true;
      }

      @Override
      public int read() throws IOException {
        return fill() ? buf.get() & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (!fill()) {
          return -1;
        }
        int n = Math.min(len, buf.remaining());
        buf.get(b, off, n);
        return n;
      }
    };
  }

  /**
   * A string of any length (DataOutput's own UTF is limited to 64 KiB), read back exactly: its
   * UTF-8 length, then its bytes; or, for a string UTF-8 cannot carry (an unpaired surrogate,
   * which a JSON escape such as {@code \\ud800} makes), minus one minus its length in chars,
   * then its chars. A sort or a duplicate check on what is read back must see what was written.
   */
  static void writeString(DataOutput out, String s) throws IOException {
    if (wellFormed(s)) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.writeInt(b.length);
      out.write(b);
      return;
    }
    out.writeInt(-1 - s.length());
    for (int i = 0; i < s.length(); i++) {
      out.writeChar(s.charAt(i));
    }
  }

  /** Reads what {@link #writeString} wrote. */
  static String readString(DataInput in) throws IOException {
    int n = in.readInt();
    if (n >= 0) {
      byte[] b = new byte[n];
      in.readFully(b);
      return new String(b, StandardCharsets.UTF_8);
    }
    char[] c = new char[-1 - n];
    for (int i = 0; i < c.length; i++) {
      c[i] = in.readChar();
    }
    return new String(c);
  }

  /** No unpaired surrogate: UTF-8 carries the string unchanged. */
  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("a temporary file safeops wrote was used after it was closed");
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    memory = null;
    if (file != null) {
      file.close();
    }
  }
}
