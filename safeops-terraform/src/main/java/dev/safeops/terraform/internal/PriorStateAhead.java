package dev.safeops.terraform.internal;

import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plan's {@code prior_state}, read ahead on a thread of its own while the plan's reader is
 * still at its start. Terraform writes prior_state after resource_changes, so a reader that
 * hands each change to a judging thread as it comes would otherwise read it last, alone,
 * while the judging thread has nothing left to do: on a 100,000-change plan, about a tenth of
 * a second at the end.
 *
 * <p>It is a guess, checked before it is used. The read-ahead looks for {@code
 * "prior_state":} in the second half of the file, from its end, and reads the object there
 * with a {@link ByteTokens} of its own over the same open file, at the depth prior_state has
 * in a plan and as strictly as the reader reads, counting managed resources. The reader takes
 * that count only when its own top-level prior_state object starts at the very byte the
 * read-ahead started at, and the read-ahead read it to its end without a doubt: then the
 * reader's tokens jump to that end ({@link ByteTokens#skipOpenedTo}), the same bytes having
 * been read by the same rules from the same place. Otherwise (no such key, another place, a
 * doubt, an error) the reader reads prior_state itself, as it always did, so a file made to
 * mislead the guess costs a second reading of part of it, never a different answer.
 */
final class PriorStateAhead {
  private static final byte[] KEY = "\"prior_state\":".getBytes(StandardCharsets.US_ASCII);
  /** Smaller plans are read in moments: no thread for them. */
  private static final long MIN_SIZE = 1 << 20;
  private static final int CHUNK = 1 << 20;
  /** How much white space may stand between the key and its object. */
  private static final int SPACE = 4096;
  /** How many times a reader jumped past a read-ahead prior_state, in this JVM: what tests see of the shortcut. */
  static final AtomicInteger TAKEN = new AtomicInteger();

  private final FileChannel file;
  private final String name;
  private final String what;
  private final Thread thread;
  /** Counts down once the read-ahead knows where it will read ({@link #start}), or that it will not. */
  private final CountDownLatch located = new CountDownLatch(1);
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean cancelled;
  // Written by the read-ahead before the latches count down, read by the reader after they have.
  private long start = -1;
  private long end;
  private int managed;
  private String formatVersion;
  private boolean whole;

  private PriorStateAhead(FileChannel file, String name, String what) {
    this.file = file;
    this.name = name;
    this.what = what;
    this.thread = new Thread(this::run, "safeops-prior-state");
    thread.setDaemon(true);
  }

  /** Starts reading ahead when {@code p} reads a big enough file from its start; null otherwise. */
  static PriorStateAhead start(Tokens p, String what) {
    if (!(p instanceof ByteTokens tokens) || tokens.file() == null) {
      return null;
    }
    try {
      if (tokens.file().size() < MIN_SIZE) {
        return null;
      }
    } catch (IOException e) {
      return null;
    }
    PriorStateAhead ahead = new PriorStateAhead(tokens.file(), p.name(), what);
    try {
      ahead.thread.start();
    } catch (OutOfMemoryError e) {
      // No thread to be had ("unable to create native thread"): the reader reads prior_state in turn.
      return null;
    }
    return ahead;
  }

  /**
   * For the reader on the START_OBJECT of the plan's top-level prior_state: the number of
   * managed resources in it, the reader's tokens then standing on its END_OBJECT; or null,
   * the reader's tokens untouched, when the read-ahead did not read this very object.
   */
  Integer take(ByteTokens p) throws IOException {
    try {
      located.await();
      if (start < 0 || p.containerStart() != start) {
        // Elsewhere (a decoy, or none found): stop it rather than wait for it.
        cancelled = true;
        return null;
      }
      done.await();
    } catch (InterruptedException e) {
      // The reader reads prior_state itself: the read-ahead is no longer wanted.
      cancelled = true;
      Thread.currentThread().interrupt();
      return null;
    }
    if (!whole) {
      return null;
    }
    p.skipOpenedTo(end);
    TAKEN.incrementAndGet();
    if (formatVersion != null) {
      FormatVersion.parse(p, formatVersion).check(p.name(), "terraform state", StateJson.KNOWN_FORMAT);
    }
    return managed;
  }

  /**
   * Stops the read-ahead, if it still runs, and waits for its thread to end: it checks before
   * each read of the file, so that is at most one read away.
   */
  void cancel() {
    // Never an interrupt: it would close the file channel the reader shares.
    cancelled = true;
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    long at = -1;
    try {
      at = find();
      start = at;
      located.countDown();
      if (at < 0) {
        return;
      }
      ByteTokens tokens = ByteTokens.valueInObject(new FileStream(at), name, what);
      if (tokens.nextToken() != JsonToken.START_OBJECT) {
        return;
      }
      StateJson.Count count = new StateJson.Count();
      StateJson.Header header = StateJson.object(tokens, count, false);
      end = at + tokens.offset();
      managed = count.managed();
      formatVersion = header.formatVersion();
      whole = true;
    } catch (Throwable e) {
      // Nothing from here reaches anyone: the reader reads prior_state itself, and meets there
      // whatever made this stop.
    } finally {
      located.countDown();
      done.countDown();
    }
  }

  /** Where the object after the last {@code "prior_state":} in the file's second half starts, or -1. */
  private long find() throws IOException {
    long floor = file.size() / 2;
    byte[] b = new byte[CHUNK];
    long chunkEnd = file.size();
    while (chunkEnd - floor >= KEY.length) {
      long chunkStart = Math.max(floor, chunkEnd - CHUNK);
      int n = (int) (chunkEnd - chunkStart);
      readFully(b, n, chunkStart);
      int i = lastKey(b, n);
      if (i >= 0) {
        return valueStart(chunkStart + i + KEY.length);
      }
      if (chunkStart == floor) {
        break;
      }
      // The next chunk overlaps this one by less than a key, so a key across the two is seen once.
      chunkEnd = chunkStart + KEY.length - 1;
    }
    return -1;
  }

  /**
   * For each byte, how far the key may move back past it: the first place after its start where
   * the key holds that byte, or the key's length. Where the key cannot be, the search steps by
   * up to its length (Horspool's, from the end), a tenth of the bytes a step of one would look
   * at, which matters because the search runs before the JVM has compiled it.
   */
  private static final int[] BACK = new int[256];

  static {
    Arrays.fill(BACK, KEY.length);
    for (int k = KEY.length - 1; k >= 1; k--) {
      BACK[KEY[k] & 0xFF] = k;
    }
  }

  /** Where the last key in {@code b[0, n)} starts, or -1. */
  static int lastKey(byte[] b, int n) {
    int i = n - KEY.length;
    while (i >= 0) {
      if (b[i] == '"' && matches(b, i)) {
        return i;
      }
      i -= BACK[b[i] & 0xFF];
    }
    return -1;
  }

  private static boolean matches(byte[] b, int at) {
    for (int k = 1; k < KEY.length; k++) {
      if (b[at + k] != KEY[k]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The first byte at or after {@code at} that is not JSON white space, if it opens an object
   * within {@link #SPACE} bytes; else -1 (Terraform writes none, and a file padded to make the
   * read-ahead crawl is then read in turn).
   */
  private long valueStart(long at) throws IOException {
    byte[] b = new byte[SPACE];
    int n = (int) Math.min(SPACE, file.size() - at);
    if (n <= 0) {
      return -1;
    }
    readFully(b, n, at);
    for (int i = 0; i < n; i++) {
      int c = b[i];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return c == '{' ? at + i : -1;
      }
    }
    return -1;
  }

  private void readFully(byte[] b, int n, long position) throws IOException {
    ByteBuffer into = ByteBuffer.wrap(b, 0, n);
    while (into.hasRemaining()) {
      if (cancelled) {
        throw new IOException("the read-ahead was cancelled");
      }
      if (file.read(into, position + into.position()) < 0) {
        throw new IOException("the file ended early");
      }
    }
  }

  /** The file from a position on, read without moving the position the reader reads at. */
  private final class FileStream extends InputStream {
    private long position;

    FileStream(long position) {
      this.position = position;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (cancelled) {
        throw new IOException("the read-ahead was cancelled");
      }
      if (len == 0) {
        return 0;
      }
      int n = file.read(ByteBuffer.wrap(b, off, len), position);
      if (n > 0) {
        position += n;
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0] & 0xFF;
    }
  }
}
