package dev.safeops.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.core.StateLedger;
import dev.safeops.core.StateRecord;
import dev.safeops.core.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Workspace states in one JSON object ({@code {"workspace": {"lineage":..,"serial":..}}}),
 * read and rewritten under an OS file lock so processes on one machine agree.
 */
public final class FileStateLedger implements StateLedger {
  private final Path file;
  // FileChannel.lock() refuses overlapping locks within one JVM, even from two ledgers over the
  // same file: serialise every in-JVM caller of a file first.
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
  private final ReentrantLock inJvm;

  public FileStateLedger(Path file) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    this.inJvm = IN_JVM.computeIfAbsent(this.file, f -> new ReentrantLock());
  }

  @Override
  public Optional<StateRecord> find(String workspace) {
    return Optional.ofNullable(withFile(root -> {
      JsonNode n = root.get(workspace);
      return n == null ? null : new StateRecord(n.get("lineage").asText(), n.get("serial").asLong());
    }, false));
  }

  @Override
  public boolean advance(String workspace, StateRecord next) {
    return withFile(root -> {
      JsonNode n = root.get(workspace);
      if (n != null) {
        String lineage = n.get("lineage").asText();
        long serial = n.get("serial").asLong();
        if (!lineage.equals(next.lineage()) || serial > next.serial()) {
          return false;
        }
      }
      ObjectNode rec = root.putObject(workspace);
      rec.put("lineage", next.lineage());
      rec.put("serial", next.serial());
      return true;
    }, true);
  }

  private interface Body<T> {
    T apply(ObjectNode root) throws IOException;
  }

  private <T> T withFile(Body<T> body, boolean write) {
    inJvm.lock();
    try {
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
        while (buf.hasRemaining() && ch.read(buf) > 0) {
          // keep reading
        }
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        ObjectNode root = text.isBlank() ? AuditJson.MAPPER.createObjectNode() : (ObjectNode) AuditJson.MAPPER.readTree(text);
        T result = body.apply(root);
        if (write) {
          byte[] bytes = root.toString().getBytes(StandardCharsets.UTF_8);
          ch.truncate(0);
          ch.position(0);
          ByteBuffer out = ByteBuffer.wrap(bytes);
          while (out.hasRemaining()) {
            ch.write(out);
          }
          ch.force(true);
        }
        return result;
      }
    } catch (IOException | RuntimeException e) {
      throw new StoreException("state ledger", "could not use ledger file " + file + ": " + e, e);
    } finally {
      inJvm.unlock();
    }
  }
}
