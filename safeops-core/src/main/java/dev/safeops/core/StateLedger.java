package dev.safeops.core;

import dev.safeops.core.internal.FileStateLedger;
import dev.safeops.core.internal.InMemoryStateLedger;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Records the lineage and serial of each workspace's state after every guarded apply, so a
 * state that was swapped or rolled back is recognised before anything plans against it.
 * Updates only move forward. Thread-safe.
 */
public interface StateLedger {

  /**
   * The last state recorded for the workspace.
   *
   * @throws StoreException when the store cannot answer
   */
  Optional<StateRecord> find(String workspace);

  /**
   * Records {@code next} if the workspace is new, or has the same lineage and a serial not
   * greater than {@code next}'s. Conditional: two writers cannot both move it.
   *
   * @return true when recorded; false when refused (another lineage, or a lower serial)
   * @throws StoreException when the store cannot answer
   */
  boolean advance(String workspace, StateRecord next);

  static StateLedger inMemory() {
    return new InMemoryStateLedger();
  }

  /** A ledger kept as a JSON file, safe across processes on one machine. */
  static StateLedger file(Path file) {
    return new FileStateLedger(file);
  }
}
