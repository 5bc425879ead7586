package dev.safeops.core;

import dev.safeops.core.internal.FileRequestLedger;
import dev.safeops.core.internal.InMemoryRequestLedger;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Keeps durable approval requests ({@link RequestRecord}), so a request outlives the process
 * that made it and people can answer it later, from elsewhere. Not to be confused with {@link
 * ApprovalLedger}, which only remembers which approvals have been used.
 *
 * <p>A narrow store with a compare-and-set at its heart: {@link #create} succeeds once per id,
 * and {@link #replace} writes only when the stored version is the one the caller read, across
 * every process sharing the store. Two writers that read the same version cannot both win: one
 * is told (an empty answer) to read again. Lifecycle rules (who may approve, when a request
 * expires) are {@link ApprovalDesk}'s; the ledger stores what it is given.
 *
 * <p>Implementations are thread-safe. A store that cannot answer, or holds a record it cannot
 * read, throws {@link StoreException} naming it; it never reads as "no request".
 */
public interface RequestLedger {

  /**
   * Stores a new request; the stored record has version 1.
   *
   * @return the stored record
   * @throws StoreException when a request with this id exists, or the store fails
   */
  RequestRecord create(RequestRecord request);

  /**
   * The request with this id, at its current version.
   *
   * @throws InvalidInputException when {@code id} is not a request id
   * @throws StoreException when the store cannot answer, or the record is unreadable
   */
  Optional<RequestRecord> find(String id);

  /**
   * Every request, newest first.
   *
   * @throws StoreException when the store cannot answer, or any record is unreadable
   */
  List<RequestRecord> list();

  /**
   * Replaces {@code current} with {@code next} if the stored version is still {@code
   * current.version()}; the stored record then has version {@code current.version() + 1}.
   *
   * @return the stored record, or empty when another writer changed it first (read it again)
   * @throws IllegalArgumentException when the two records have different ids
   * @throws StoreException when the request does not exist, or the store fails
   */
  Optional<RequestRecord> replace(RequestRecord current, RequestRecord next);

  /** A ledger in this JVM's memory only. */
  static RequestLedger inMemory() {
    return new InMemoryRequestLedger();
  }

  /**
   * A ledger of one JSON file per request in {@code directory}, safe across processes on one
   * machine: every write is atomic and durable (temporary file, fsync, rename, fsync of the
   * directory), and every read-modify-write holds an OS lock on a lock file in the directory.
   */
  static RequestLedger files(Path directory) {
    return new FileRequestLedger(directory);
  }
}
