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
 *
 * <p>A grant is identified by its scope, owner and fencing token; {@link #renew} moves its
 * expiry and nothing else, so {@link #isCurrent} and {@link #release} accept the lease as
 * granted or as last renewed.
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
   * True when {@code lease} is still the latest grant of its scope (same owner and fencing
   * token) and that grant, as last renewed, has not expired.
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

  /**
   * Extends {@code lease} to {@code extension} from now, if it is still the current grant of
   * its scope and has not expired. The renewed lease has the same scope, owner and fencing
   * token. A lease that expired, was released or was taken over is never revived, even when
   * nobody took the lock in between: its holder must stop trusting it.
   *
   * <p>The executor renews its lease just before execution and then periodically while the
   * action runs, so an action may run longer than one lease without another holder getting in.
   * The default throws {@link UnsupportedOperationException}; the executor then refuses to
   * execute anything, because it could not keep the lock for as long as an action runs.
   *
   * @return the renewed lease, or empty when {@code lease} is no longer held
   * @throws StoreException when the store cannot answer
   * @throws UnsupportedOperationException when this provider cannot renew leases
   */
  default Optional<LockLease> renew(LockLease lease, Duration extension) {
    throw new UnsupportedOperationException(getClass().getName() + " does not implement LockProvider.renew");
  }

  /**
   * Who holds {@code scope}, or held it last and never released it: its latest grant (as last
   * renewed) unless that was released, whether or not it has expired. A lease that expired
   * without release was left by a holder that died or ran past its lease. Used to name the
   * holder when a lock is refused and to notice a holder that never finished; it decides
   * nothing. The default answers empty (this provider cannot tell).
   *
   * @throws StoreException when the store cannot answer
   */
  default Optional<LockLease> holder(String scope) {
    return Optional.empty();
  }

  /** Locks within this JVM. */
  static LockProvider inMemory(Clock clock) {
    return new InMemoryLockProvider(clock);
  }

  /** Locks that also hold across processes on one machine, as files under {@code directory}. */
  static LockProvider files(Path directory, Clock clock) {
    return new FileLockProvider(directory, clock);
  }
}
