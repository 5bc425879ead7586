package dev.safeops.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.safeops.core.AuditEvent;
import dev.safeops.core.AuditException;
import dev.safeops.core.AuditLog;
import dev.safeops.core.Principal;
import dev.safeops.core.Step;
import dev.safeops.core.UnknownOutcome;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * JSON lines appended to a file: each record is written, forced to the device and only then
 * acknowledged. A file lock serialises writers across processes on one machine, and a writer
 * reads what others appended before it checks that (operation, sequence) is new.
 *
 * <p>Only complete lines (ending in a newline) are events. Bytes after the last newline are a
 * write that was cut short (a crash, a full disk): that event was never acknowledged, so the
 * operation that wrote it did not go on. The next writer, holding the file lock, moves those
 * bytes to a side file next to the log ({@code <file>.torn-<offset>-<id>}), cuts them from the
 * log, records an audit event saying so, and only then appends: every append starts on a new
 * line, and no earlier event is lost. Readers ignore such a tail until it has been set aside.
 * A complete line that is not an audit event (the file was edited or damaged in the middle) is
 * refused with a sentence naming its byte offset. Thread-safe.
 */
public final class JsonLinesAuditLog implements AuditLog {
  /** Verdict of the event recorded when a torn tail was set aside. */
  public static final String TORN_TAIL_SET_ASIDE = "TORN_TAIL_SET_ASIDE";
  // FileChannel.lock() refuses overlapping locks within one JVM, even from two logs over the
  // same file: serialise every in-JVM writer of a file first.
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
  private final Path file;
  private final ReentrantLock inJvm;
  // The (operation, sequence) keys in the file up to scannedBytes (always the end of a complete
  // line); other writers (processes, other instances) may have appended since, so the rest is
  // read under the file lock.
  private final Set<String> seen = new HashSet<>();
  private long scannedBytes;

  public JsonLinesAuditLog(Path file) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    this.inJvm = IN_JVM.computeIfAbsent(this.file, f -> new ReentrantLock());
  }

  @Override
  public void record(AuditEvent event) {
    String key = key(event.operationId(), event.sequence());
    byte[] line = (AuditJson.toLine(event) + "\n").getBytes(StandardCharsets.UTF_8);
    inJvm.lock();
    try {
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        catchUp(ch);
        if (ch.size() > scannedBytes) {
          setAsideTornTail(ch);
        }
        if (seen.contains(key)) {
          throw new AuditException("event " + key + " already recorded; the audit trail is append-only", null);
        }
        append(ch, line);
        seen.add(key);
      }
    } catch (AuditException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new AuditException("could not append to audit file " + file + ": " + DefaultGuardedExecutor.message(e), e);
    } finally {
      inJvm.unlock();
    }
  }

  /** Appends one whole line at the end; if the write fails part-way, cuts it back off (best effort). */
  private void append(FileChannel ch, byte[] line) throws IOException {
    long start = ch.size();
    try {
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) {
        ch.write(buf, start + buf.position());
      }
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      try {
        ch.truncate(start);
        ch.force(true);
      } catch (IOException | RuntimeException stillTorn) {
        // The next writer sets the fragment aside.
        e.addSuppressed(stillTorn);
      }
      throw e;
    }
    scannedBytes = start + line.length;
  }

  /** Reads the keys of the complete lines appended since the last scan. */
  private void catchUp(FileChannel ch) throws IOException {
    long size = ch.size();
    if (size < scannedBytes) {
      throw new IOException("the file shrank from " + scannedBytes + " to " + size + " bytes; an append-only trail was truncated");
    }
    if (size == scannedBytes) {
      return;
    }
    ch.position(scannedBytes);
    InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
    scannedBytes = completeLines(in, scannedBytes, (text, offset) -> {
      AuditEvent e = parse(text, offset);
      seen.add(key(e.operationId(), e.sequence()));
    });
  }

  /**
   * Moves the bytes after the last complete line to a side file, cuts them from the log and
   * records that, in this order, so a crash in between loses nothing (at worst the fragment is
   * set aside twice).
   */
  private void setAsideTornTail(FileChannel ch) throws IOException {
    long offset = scannedBytes;
    ByteBuffer tail = ByteBuffer.allocate(Math.toIntExact(ch.size() - offset));
    while (tail.hasRemaining() && ch.read(tail, offset + tail.position()) > 0) {
      // keep reading
    }
    Path side = file.resolveSibling(file.getFileName() + ".torn-" + offset + "-" + UUID.randomUUID().toString().substring(0, 8));
    AtomicFiles.write(side, tail.array());
    ch.truncate(offset);
    ch.force(true);
    AuditEvent repaired = AuditEvent.builder()
        .operationId("audit-repair-" + UUID.randomUUID())
        .sequence(1)
        .step(Step.AUDIT)
        .time(Instant.now())
        .operationName("safeops:audit-log-repair")
        .principal(Principal.service("safeops"))
        .environment("")
        .scope(file.getFileName().toString())
        .verdict(TORN_TAIL_SET_ASIDE)
        .detail(tail.capacity() + " byte(s) after the last complete event at byte offset " + offset
            + " (a write cut short by a crash or a full disk, never acknowledged) were moved to " + side
            + "; every event before them is intact")
        .build();
    append(ch, (AuditJson.toLine(repaired) + "\n").getBytes(StandardCharsets.UTF_8));
    seen.add(key(repaired.operationId(), repaired.sequence()));
  }

  @Override
  public List<AuditEvent> read(String operationId) {
    List<AuditEvent> events = new ArrayList<>();
    readAll(e -> {
      if (operationId.equals(e.operationId())) {
        events.add(e);
      }
    });
    events.sort(Comparator.comparingInt(AuditEvent::sequence));
    return List.copyOf(events);
  }

  @Override
  public List<UnknownOutcome> unknownOutcomes() {
    OutcomeTracker tracker = new OutcomeTracker();
    readAll(tracker::accept);
    return tracker.unknownOutcomes();
  }

  /** Every complete line of the file, without the lock: a tail still being written is not an event yet. */
  private void readAll(java.util.function.Consumer<AuditEvent> each) {
    if (!Files.exists(file)) {
      return;
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      completeLines(in, 0, (text, offset) -> each.accept(parse(text, offset)));
    } catch (IOException | RuntimeException e) {
      throw new AuditException("could not read audit file " + file + ": " + DefaultGuardedExecutor.message(e), e);
    }
  }

  private AuditEvent parse(String line, long offset) throws IOException {
    try {
      JsonNode n = AuditJson.MAPPER.readTree(line);
      return AuditJson.fromJson(n);
    } catch (IOException | RuntimeException e) {
      throw new IOException("the line at byte offset " + offset + " is not a safeops audit event ("
          + DefaultGuardedExecutor.message(e) + "); the file was edited or damaged there: move that line to a side file"
          + " by hand to go on, keeping it for the record", e);
    }
  }

  private interface LineHandler {
    void line(String text, long offset) throws IOException;
  }

  /**
   * Calls {@code handler} for each complete line of {@code in} (read from byte {@code offset}),
   * skipping blank ones, and returns the offset just after the last complete line.
   */
  private static long completeLines(InputStream in, long offset, LineHandler handler) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    long lineStart = offset;
    long pos = offset;
    int b;
    while ((b = in.read()) != -1) {
      pos++;
      if (b == '\n') {
        String text = line.toString(StandardCharsets.UTF_8);
        if (!text.isBlank()) {
          handler.line(text, lineStart);
        }
        line.reset();
        lineStart = pos;
      } else {
        line.write(b);
      }
    }
    return lineStart;
  }

  private static String key(String operationId, int sequence) {
    return operationId + "#" + sequence;
  }

  @Override
  public String toString() {
    return "JsonLinesAuditLog[" + file + "]";
  }
}
