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

/**
 * JSON lines appended to a file: each record is written, forced to the device and only then
 * acknowledged. A file lock serialises writers across processes on one machine.
 */
public final class JsonLinesAuditLog implements AuditLog {
  private final Path file;
  private final Set<String> seen = new HashSet<>();

  public JsonLinesAuditLog(Path file) {
    this.file = file.toAbsolutePath();
  }

  @Override
  public synchronized void record(AuditEvent event) {
    String key = event.operationId() + "#" + event.sequence();
    if (seen.contains(key)) {
      throw new AuditException("event " + key + " already recorded; the audit trail is append-only", null);
    }
    byte[] line = (AuditJson.toLine(event) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
          FileLock ignored = ch.lock()) {
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
    } catch (IOException | RuntimeException e) {
      throw new AuditException("could not append to audit file " + file + ": " + e.getMessage(), e);
    }
    seen.add(key);
  }

  @Override
  public synchronized List<AuditEvent> read(String operationId) {
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
