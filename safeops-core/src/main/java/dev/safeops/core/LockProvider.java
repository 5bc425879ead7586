package dev.safeops.core;

import dev.safeops.core.internal.FileLockProvider;
import dev.safeops.core.internal.InMemoryLockProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * One mutation at a time per scope. A store: the in-memory default holds within one JVM,
 * {@link #files} across processes on one machine, and a distributed implementation across
 * machines. Every implementation passes the same contract test suite. Thread-safe.
 */
public interface LockProvider {

  /**
   * Acquires the lock on {@code scope} for {@code lease}, waiting at most {@code maxWait}.
   * An expired lease of another owner does not block. Each grant has a fencing token greater
   * than every earlier grant of the same scope.
   *
   * @return the lease, or empty when the lock stayed held by another owner
   * @throws StoreException when the store cannot answer
   */
  Optional<LockLease> acquire(String scope, String owner, Duration lease, Duration maxWait);

  /**
   * True when {@code lease} is still the latest grant of its scope and has not expired.
   *
   * @throws StoreException when the store cannot answer
   */
  boolean isCurrent(LockLease lease);

  /**
   * Releases the lock if {@code lease} is still the current grant; otherwise does nothing (a
   * holder whose lease expired cannot release another's lock).
   *
   * @throws StoreException when the store cannot answer
   */
  void release(LockLease lease);

  /** Locks within this JVM. */
  static LockProvider inMemory(Clock clock) {
    return new InMemoryLockProvider(clock);
  }

  /** Locks that also hold across processes on one machine, as files under {@code directory}. */
  static LockProvider files(Path directory, Clock clock) {
    return new FileLockProvider(directory, clock);
  }
}
