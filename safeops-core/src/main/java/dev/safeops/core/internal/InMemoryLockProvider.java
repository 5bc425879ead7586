package dev.safeops.core.internal;

import dev.safeops.core.LockLease;
import dev.safeops.core.LockProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Leases held in one JVM. Waiters are woken on release; expiry is judged on the clock. Thread-safe. */
public final class InMemoryLockProvider implements LockProvider {
  private final Clock clock;
  private final ReentrantLock mutex = new ReentrantLock();
  private final Condition released = mutex.newCondition();
  private final Map<String, LockLease> held = new HashMap<>();
  private final Map<String, Long> tokens = new HashMap<>();

  public InMemoryLockProvider(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Optional<LockLease> acquire(String scope, String owner, Duration lease, Duration maxWait) {
    long waitNanos = maxWait.toNanos();
    mutex.lock();
    try {
      while (true) {
        Instant now = clock.instant();
        LockLease current = held.get(scope);
        if (current == null || !now.isBefore(current.expiresAt())) {
          long token = tokens.merge(scope, 1L, Long::sum);
          LockLease granted = new LockLease(scope, owner, token, now.plus(lease));
          held.put(scope, granted);
          return Optional.of(granted);
        }
        if (waitNanos <= 0) {
          return Optional.empty();
        }
        // Wake at least every 50 ms so an expiry on an injected clock is noticed.
        long slice = Math.min(waitNanos, TimeUnit.MILLISECONDS.toNanos(50));
        long left = released.awaitNanos(slice);
        waitNanos -= (slice - Math.max(left, 0));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      mutex.unlock();
    }
  }

  @Override
  public boolean isCurrent(LockLease lease) {
    mutex.lock();
    try {
      LockLease current = held.get(lease.scope());
      return sameGrant(lease, current) && clock.instant().isBefore(current.expiresAt());
    } finally {
      mutex.unlock();
    }
  }

  @Override
  public Optional<LockLease> renew(LockLease lease, Duration extension) {
    mutex.lock();
    try {
      LockLease current = held.get(lease.scope());
      Instant now = clock.instant();
      if (!sameGrant(lease, current) || !now.isBefore(current.expiresAt())) {
        return Optional.empty();
      }
      LockLease renewed = new LockLease(current.scope(), current.owner(), current.fencingToken(), now.plus(extension));
      held.put(lease.scope(), renewed);
      return Optional.of(renewed);
    } finally {
      mutex.unlock();
    }
  }

  @Override
  public Optional<LockLease> holder(String scope) {
    mutex.lock();
    try {
      return Optional.ofNullable(held.get(scope));
    } finally {
      mutex.unlock();
    }
  }

  /** One grant, whatever its expiry after renewals: scope, owner and fencing token. */
  static boolean sameGrant(LockLease lease, LockLease current) {
    return current != null && lease.scope().equals(current.scope()) && lease.owner().equals(current.owner())
        && lease.fencingToken() == current.fencingToken();
  }

  @Override
  public void release(LockLease lease) {
    mutex.lock();
    try {
      if (sameGrant(lease, held.get(lease.scope()))) {
        held.remove(lease.scope());
        released.signalAll();
      }
    } finally {
      mutex.unlock();
    }
  }
}
