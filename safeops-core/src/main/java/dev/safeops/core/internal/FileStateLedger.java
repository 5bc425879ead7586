package dev.safeops.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.core.StateLedger;
import dev.safeops.core.StateRecord;
import dev.safeops.core.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Workspace states in one JSON object ({@code {"workspace": {"lineage":..,"serial":..}}}).
 *
 * <p>Every read and read-modify-write happens under an OS lock on a sibling lock file ({@code
 * <file>.lock}), created once and never replaced, so processes on one machine agree; the ledger
 * file itself is replaced whole with {@link AtomicFiles#write}, so a crash leaves the old ledger
 * or the new one. (Locking the ledger file itself would not survive the replacement: a waiter
 * would hold a lock on the old file and read the old content.)
 *
 * <p>A ledger file that exists but is empty, blank, not JSON, or not in the ledger's shape is
 * refused with a {@link StoreException} naming the file and how to repair it. It is never read
 * as "nothing recorded": an empty ledger would let a swapped state through as a new workspace.
 */
public final class FileStateLedger implements StateLedger {
  private static final String STORE = "state ledger";
  // FileChannel.lock() refuses overlapping locks within one JVM, even from two ledgers over the
  // same file: serialise every in-JVM caller of a file first.
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
  private final Path file;
  private final Path lockFile;
  private final ReentrantLock inJvm;

  public FileStateLedger(Path file) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    this.inJvm = IN_JVM.computeIfAbsent(this.file, f -> new ReentrantLock());
  }

  @Override
  public Optional<StateRecord> find(String workspace) {
    Objects.requireNonNull(workspace, "workspace");
    return withLedger(root -> Optional.ofNullable(root.get(workspace)).map(FileStateLedger::record));
  }

  @Override
  public boolean advance(String workspace, StateRecord next) {
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(next, "next");
    return withLedger(root -> {
      JsonNode n = root.get(workspace);
      if (n != null) {
        StateRecord current = record(n);
        if (!current.lineage().equals(next.lineage()) || current.serial() > next.serial()) {
          return false;
        }
      }
      ObjectNode rec = root.putObject(workspace);
      rec.put("lineage", next.lineage());
      rec.put("serial", next.serial());
      AtomicFiles.write(file, StoreJson.MAPPER.writeValueAsBytes(root));
      return true;
    });
  }

  private interface Body<T> {
    T apply(ObjectNode root) throws IOException;
  }

  private <T> T withLedger(Body<T> body) {
    inJvm.lock();
    try {
      Files.createDirectories(lockFile.getParent());
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        return body.apply(read());
      }
    } catch (StoreException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new StoreException(STORE, "could not use ledger file " + file + ": " + DefaultGuardedExecutor.message(e), e);
    } finally {
      inJvm.unlock();
    }
  }

  /** The whole ledger, checked entry by entry; an absent file is an empty ledger, a damaged one is refused. */
  private ObjectNode read() throws IOException {
    Optional<byte[]> content = AtomicFiles.readIfExists(file);
    if (content.isEmpty()) {
      return StoreJson.MAPPER.createObjectNode();
    }
    try {
      JsonNode root = StoreJson.object(content.get());
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String where = "the entry of workspace \"" + e.getKey() + "\"";
        if (!e.getValue().isObject()) {
          throw new StoreJson.Unreadable(where + " is not an object");
        }
        StoreJson.text(e.getValue(), "lineage", where);
        StoreJson.count(e.getValue(), "serial", where);
      }
      return (ObjectNode) root;
    } catch (StoreJson.Unreadable damaged) {
      throw new StoreException(STORE, "ledger file " + file + " cannot be read because " + damaged.getMessage()
          + ", so the lineage and serial recorded for its workspaces are unknown and nothing is planned or applied"
          + " against them; restore the file from a backup, or rewrite it as {\"<workspace>\": {\"lineage\": \"...\","
          + " \"serial\": N}} from a state you have checked");
    }
  }

  private static StateRecord record(JsonNode n) {
    return new StateRecord(n.get("lineage").asText(), n.get("serial").asLong());
  }

  @Override
  public String toString() {
    return "FileStateLedger[" + file + "]";
  }
}
