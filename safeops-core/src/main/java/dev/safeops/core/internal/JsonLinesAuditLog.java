package dev.safeops.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.safeops.core.AuditEvent;
import dev.safeops.core.AuditException;
import dev.safeops.core.AuditLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * JSON lines appended to a file: each record is written, forced to the device and only then
 * acknowledged. A file lock serialises writers across processes on one machine, and a writer
 * reads what others appended before it checks that (operation, sequence) is new.
 */
public final class JsonLinesAuditLog implements AuditLog {
  // FileChannel.lock() refuses overlapping locks within one JVM, even from two logs over the
  // same file: serialise every in-JVM writer of a file first.
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
  private final Path file;
  private final ReentrantLock inJvm;
  // The (operation, sequence) keys in the file up to scannedBytes; other writers (processes,
  // other instances) may have appended since, so the rest is read under the file lock.
  private final Set<String> seen = new HashSet<>();
  private long scannedBytes;

  public JsonLinesAuditLog(Path file) {
    this.file = file.toAbsolutePath().normalize();
    this.inJvm = IN_JVM.computeIfAbsent(this.file, f -> new ReentrantLock());
  }

  @Override
  public void record(AuditEvent event) {
    String key = event.operationId() + "#" + event.sequence();
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
        if (seen.contains(key)) {
          throw new AuditException("event " + key + " already recorded; the audit trail is append-only", null);
        }
        ch.position(ch.size());
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
        seen.add(key);
        scannedBytes = ch.size();
      }
    } catch (AuditException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new AuditException("could not append to audit file " + file + ": " + e, e);
    } finally {
      inJvm.unlock();
    }
  }

  /** Reads the keys of lines appended since the last scan; only whole lines count. */
  private void catchUp(FileChannel ch) throws IOException {
    long size = ch.size();
    if (size < scannedBytes) {
      throw new IOException("the file shrank from " + scannedBytes + " to " + size + " bytes; an append-only trail was truncated");
    }
    if (size == scannedBytes) {
      return;
    }
    ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size - scannedBytes));
    ch.position(scannedBytes);
    while (buf.hasRemaining() && ch.read(buf) > 0) {
      // keep reading
    }
    String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    if (end < 0) {
      return;
    }
    for (String l : text.substring(0, end).split("\n")) {
      if (!l.isBlank()) {
        JsonNode n = AuditJson.MAPPER.readTree(l);
        seen.add(n.path("operationId").asText() + "#" + n.path("sequence").asInt());
      }
    }
    scannedBytes += text.substring(0, end + 1).getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public List<AuditEvent> read(String operationId) {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<AuditEvent> events = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = AuditJson.MAPPER.readTree(line);
        if (operationId.equals(n.path("operationId").asText())) {
          events.add(AuditJson.fromJson(n));
        }
      }
    } catch (IOException e) {
      throw new AuditException("could not read audit file " + file + ": " + e.getMessage(), e);
    }
    events.sort(Comparator.comparingInt(AuditEvent::sequence));
    return List.copyOf(events);
  }

  @Override
  public String toString() {
    return "JsonLinesAuditLog[" + file + "]";
  }
}
