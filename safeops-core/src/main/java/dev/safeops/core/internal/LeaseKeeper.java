package dev.safeops.core.internal;

import dev.safeops.core.LockLease;
import dev.safeops.core.LockProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a lock lease while an action runs: a daemon thread renews it to a full lease every third
 * of a lease. Time is judged on the executor's clock, looked at every 50 ms, so an injected clock
 * drives it as well as the system clock. A renewal the store refuses (the lease expired or was
 * taken over) ends the keeping and is remembered as lost; a renewal that fails (the store did not
 * answer) is tried again until the lease it holds has expired. {@link #close()} stops the thread
 * and waits for a renewal in flight, so the lease is not renewed after the caller releases it.
 */
final class LeaseKeeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);
  private static final long LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final LockProvider locks;
  private final Clock clock;
  private final Duration lease;
  private final Duration every;
  private final Thread thread;
  private volatile LockLease current;
  private volatile Instant renewedAt;
  private volatile String lost;
  private volatile boolean stopped;

  private LeaseKeeper(LockProvider locks, Clock clock, LockLease held, Duration lease) {
    this.locks = locks;
    this.clock = clock;
    this.lease = lease;
    this.every = lease.dividedBy(3);
    this.current = held;
    this.renewedAt = clock.instant();
    this.thread = new Thread(this::keep, "safeops-lease-" + held.scope());
    this.thread.setDaemon(true);
  }

  /** Starts keeping {@code held}, renewing it to {@code lease} from each renewal. */
  static LeaseKeeper start(LockProvider locks, Clock clock, LockLease held, Duration lease) {
    LeaseKeeper k = new LeaseKeeper(locks, clock, held, lease);
    k.thread.start();
    return k;
  }

  private void keep() {
    while (!stopped) {
      LockSupport.parkNanos(this, LOOK_NANOS);
      Instant now = clock.instant();
      if (stopped || now.isBefore(renewedAt.plus(every))) {
        continue;
      }
      synchronized (this) {
        if (stopped) {
          return;
        }
        LockLease held = current;
        try {
          Optional<LockLease> renewed = locks.renew(held, lease);
          if (renewed == null || renewed.isEmpty()) {
            lost = "the lock provider refused to renew it at " + now + " (it expired at " + held.expiresAt()
                + " or another holder took it)";
            return;
          }
          current = renewed.get();
          renewedAt = now;
        } catch (RuntimeException e) {
          if (!now.isBefore(held.expiresAt())) {
            lost = "it could not be renewed before it expired at " + held.expiresAt() + ": " + DefaultGuardedExecutor.message(e);
            return;
          }
          LOG.warn("could not renew the lock on {} (fencing token {}); trying again until it expires at {}: {}",
              held.scope(), held.fencingToken(), held.expiresAt(), DefaultGuardedExecutor.message(e));
        }
      }
    }
  }

  /** The lease as last renewed. */
  LockLease lease() {
    return current;
  }

  /** Why the lease was lost while it was kept, if it was. */
  Optional<String> lost() {
    return Optional.ofNullable(lost);
  }

  @Override
  public void close() {
    stopped = true;
    LockSupport.unpark(thread);
    // Waits for a renewal in flight; the stores bound their own calls.
    synchronized (this) {
      stopped = true;
    }
  }
}
