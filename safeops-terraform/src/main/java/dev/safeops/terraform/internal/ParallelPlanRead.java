package dev.safeops.terraform.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.safeops.core.ResourceChange;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Reads a plan file on two threads: {@code resource_changes}, most of a big plan and the only
 * part whose values are kept, on a thread of its own; everything else (planned_values,
 * prior_state, configuration...), which is only checked, on the caller's.
 *
 * <p>The changes thread finds where the list starts by looking for the bytes {@code
 * "resource_changes":[}, as Terraform writes them, and parses from there to the list's end.
 * The caller's thread parses the file with that stretch replaced by {@code []}. This is a
 * guess, and it is never trusted: the result stands only when the caller's strict parse, which
 * sees every other byte of the file, meets the top-level key {@code resource_changes} exactly
 * where the guess put it, and the changes thread read one whole list there. Any other outcome
 * (the bytes sat inside a string or a nested object, the key was written another way, either
 * thread refused the input or failed) ends in {@link Fallback}, and the caller reads the file
 * again the ordinary way, on one thread, which also gives the exact message for a plan that
 * is wrong. Where the bytes are not found at all, the caller's thread reads the whole file
 * itself. Either way the plan is read as strictly as {@link PlanJson#stream} reads it.
 */
public final class ParallelPlanRead {
  private static final byte[] KEY = "\"resource_changes\"".getBytes(StandardCharsets.US_ASCII);
  private static final int CHUNK = 1 << 20;
  /** Horspool's shifts for {@link #KEY}: most of a file is passed over a key's length at a time. */
  private static final int[] SHIFT = new int[256];

  static {
    java.util.Arrays.fill(SHIFT, KEY.length);
    for (int k = 0; k < KEY.length - 1; k++) {
      SHIFT[KEY[k] & 0xff] = KEY.length - 1 - k;
    }
  }
  /**
   * The changes thread's parser starts one level down (at the list, not in the plan's object),
   * so it allows one level less: a plan nested too deep is refused wherever it is read.
   */
  private static final JsonFactory NESTED = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(StreamReadConstraints.defaults().getMaxNestingDepth() - 1).build())
      .build();

  /** The parallel read did not stand; read the plan the ordinary way. Carries no message for users. */
  public static final class Fallback extends RuntimeException {
    Fallback(String why, Throwable cause) {
      super(why, cause, false, false);
    }
  }

  private ParallelPlanRead() {}

  /**
   * Reads the plan file as {@link PlanJson#stream(Path, Consumer)} does, handing each change to
   * {@code changes} from the changes thread (one thread at a time: never concurrently).
   *
   * @throws Fallback when the result does not stand; whatever {@code changes} was given
   *     must then be discarded
   */
  public static PlanJson.Facts stream(Path planJson, Consumer<ResourceChange> changes) {
    Split split = new Split();
    Thread reader = new Thread(() -> split.readChanges(planJson, changes), "safeops-plan-changes");
    reader.setDaemon(true);
    reader.start();
    PlanJson.Facts facts;
    try {
      facts = JsonInput.read(planJson, JsonInput.Kind.PLAN, () -> split.spliced(planJson),
          p -> PlanJson.parse(p, changes, split));
      if (split.start >= 0 && !split.verified) {
        throw new Fallback("resource_changes was not where its bytes were found", null);
      }
    } catch (RuntimeException e) {
      split.cancel();
      join(reader);
      throw e instanceof Fallback f ? f : new Fallback("the plan's other parts were not read", e);
    }
    join(reader);
    if (split.failure != null) {
      throw new Fallback("the changes thread failed", split.failure);
    }
    if (split.start >= 0) {
      return new PlanJson.Facts(facts.priorResourceCount(), split.count);
    }
    return facts;
  }

  private static void join(Thread t) {
    boolean interrupted = false;
    while (t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the two threads share. Written under the lock, read after it or through volatile. */
  static final class Split {
    private final Object lock = new Object();
    /** The caller may read every byte before this: no guess starts there. */
    private volatile long safeUntil;
    /** Where the list starts (its '['), once found; -1 while unknown or when there is none. */
    private volatile long start = -1;
    /** Just past the list's ']', once read. */
    private volatile long end = -1;
    private volatile boolean none;
    /** The caller met the list before any guess and reads it itself. */
    private boolean callerReads;
    private volatile boolean cancelled;
    volatile Throwable failure;
    private volatile int count;
    /** The caller's parse met the top-level key at {@link #start}. */
    private boolean verified;

    /**
     * Called by the caller's parse on the top-level {@code resource_changes} list, at its
     * START_ARRAY: true when the changes thread reads it (the parser then sees an empty list).
     *
     * @throws Fallback when the key is not where the guess put it
     */
    boolean atChanges(JsonParser p) {
      long s;
      synchronized (lock) {
        s = start;
        if (s < 0) {
          // No guess (yet) before this point: the caller reads the list itself, and no guess
          // found further on may then hand on changes of its own.
          callerReads = true;
          return false;
        }
      }
      if (verified || p.currentTokenLocation().getByteOffset() != s) {
        throw new Fallback("resource_changes is at " + p.currentTokenLocation().getByteOffset() + ", the guess at " + s, null);
      }
      verified = true;
      return true;
    }

    void cancel() {
      synchronized (lock) {
        cancelled = true;
        lock.notifyAll();
      }
    }

    private void publish(Runnable change) {
      synchronized (lock) {
        change.run();
        lock.notifyAll();
      }
    }

    /** The changes thread. */
    void readChanges(Path path, Consumer<ResourceChange> changes) {
      try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
        long at = find(ch);
        if (at < 0) {
          publish(() -> {
            none = true;
            safeUntil = Long.MAX_VALUE;
          });
          return;
        }
        synchronized (lock) {
          if (callerReads) {
            none = true;
            safeUntil = Long.MAX_VALUE;
            lock.notifyAll();
            return;
          }
          start = at;
          safeUntil = at;
          lock.notifyAll();
        }
        InputStream in = new BufferedInputStream(Channels.newInputStream(ch.position(at)), 1 << 16);
        try (JsonParser parser = NESTED.createParser(in)) {
          StrictParser p = new StrictParser(parser, String.valueOf(path.getFileName()), "terraform plan");
          if (p.nextToken() != JsonToken.START_ARRAY) {
            throw new IOException("no list at the guessed start");
          }
          int n = 0;
          while (p.nextToken() != JsonToken.END_ARRAY) {
            if (cancelled) {
              throw new InterruptedIOException("cancelled");
            }
            p.expect("resource change #" + (n + 1), "an object", JsonToken.START_OBJECT);
            changes.accept(PlanJson.change(p, p.name(), n));
            n++;
          }
          long last = at + p.currentTokenLocation().getByteOffset() + 1;
          int total = n;
          publish(() -> {
            count = total;
            end = last;
          });
        }
      } catch (Throwable t) {
        publish(() -> failure = t);
      }
    }

    /**
     * The offset of the '[' after the first {@code "resource_changes"} followed by a colon,
     * whitespace allowed around it; -1 when there is none. Publishes how far it has looked,
     * so the caller never waits for more than the stretch being searched.
     */
    private long find(FileChannel ch) throws IOException {
      ByteBuffer buf = ByteBuffer.allocate(CHUNK + 64);
      byte[] b = buf.array();
      long base = 0; // file offset of b[0]
      int len = 0;
      while (true) {
        if (cancelled) {
          throw new InterruptedIOException("cancelled");
        }
        buf.position(len).limit(b.length);
        int read = ch.read(buf, base + len);
        boolean eof = read < 0;
        if (!eof) {
          len += read;
        }
        // Matches need 64 bytes of look-ahead (key, whitespace, colon, '['), except at the end.
        int limit = eof ? len : Math.max(0, len - 64);
        for (int i = 0; i < limit && i + KEY.length <= len; i += SHIFT[b[i + KEY.length - 1] & 0xff]) {
          if (matches(b, i, len)) {
            int j = skipSpace(b, i + KEY.length, len);
            if (j < len && b[j] == ':') {
              j = skipSpace(b, j + 1, len);
              if (j < len && b[j] == '[') {
                return base + j;
              }
            }
          }
        }
        if (eof) {
          return -1;
        }
        long searched = base + limit;
        publish(() -> safeUntil = searched);
        System.arraycopy(b, limit, b, 0, len - limit);
        base += limit;
        len -= limit;
      }
    }

    private static boolean matches(byte[] b, int i, int len) {
      if (i + KEY.length > len) {
        return false;
      }
      for (int k = KEY.length - 1; k >= 0; k--) {
        if (b[i + k] != KEY[k]) {
          return false;
        }
      }
      return true;
    }

    private static int skipSpace(byte[] b, int j, int len) {
      while (j < len && (b[j] == ' ' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r')) {
        j++;
      }
      return j;
    }

    /** The file as the caller's thread reads it: the list's stretch replaced by {@code []}. */
    InputStream spliced(Path path) throws IOException {
      FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
      return new InputStream() {
        private long pos;
        /** 0 before the list, 1 and 2 while writing "[]", 3 after. */
        private int phase;

        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (len == 0) {
            return 0;
          }
          if (phase == 0) {
            long allowed = awaitBefore();
            if (allowed == pos && start == pos) {
              phase = 1;
            } else {
              int n = (int) Math.min(len, allowed - pos);
              return readFile(b, off, n);
            }
          }
          if (phase == 1 || phase == 2) {
            int n = 0;
            if (phase == 1 && n < len) {
              b[off + n++] = '[';
              phase = 2;
            }
            if (phase == 2 && n < len) {
              awaitEnd();
              b[off + n++] = ']';
              phase = 3;
              pos = end;
            }
            return n;
          }
          return readFile(b, off, len);
        }

        private int readFile(byte[] b, int off, int len) throws IOException {
          int n = ch.read(ByteBuffer.wrap(b, off, len), pos);
          if (n > 0) {
            pos += n;
          }
          return n;
        }

        /** How far the caller may read before the list; waits while the search has not got past {@code pos}. */
        private long awaitBefore() throws IOException {
          synchronized (lock) {
            while (true) {
              if (failure != null || cancelled) {
                throw new IOException("the changes thread stopped");
              }
              long s = start;
              if (s >= 0) {
                return s;
              }
              if (none) {
                return Long.MAX_VALUE;
              }
              if (safeUntil > pos) {
                return safeUntil;
              }
              waitOn();
            }
          }
        }

        private void awaitEnd() throws IOException {
          synchronized (lock) {
            while (end < 0) {
              if (failure != null || cancelled) {
                throw new IOException("the changes thread stopped");
              }
              waitOn();
            }
          }
        }

        private void waitOn() throws IOException {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the changes were read");
          }
        }

        @Override
        public void close() throws IOException {
          ch.close();
        }
      };
    }
  }
}
