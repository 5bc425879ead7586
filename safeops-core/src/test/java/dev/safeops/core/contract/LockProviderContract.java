package dev.safeops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.LockLease;
import dev.safeops.core.LockProvider;
import dev.safeops.core.testing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LockProvider} promises: one holder per scope, expiry lets the next owner
 * in, a fencing token that grows on every grant, a holder whose lease expired can neither
 * release the lock nor pass as current, a current lease can be renewed (and a lapsed one never
 * revived), and the holder of a scope can be named. Extend it and give a fresh, empty store.
 */
public abstract class LockProviderContract {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration NO_WAIT = Duration.ZERO;

  protected SettableClock clock;
  private LockProvider locks;

  /** A new provider over an empty store, judging expiry on {@code clock}. */
  protected abstract LockProvider newLockProvider(Clock clock);

  /**
   * A second provider over the same store as {@code provider}, as another process would open it.
   * Stores that live in one JVM return {@code provider} itself.
   */
  protected LockProvider anotherView(LockProvider provider, Clock clock) {
    return provider;
  }

  @BeforeEach
  void newStore() {
    clock = SettableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
    locks = newLockProvider(clock);
  }

  @Test
  void aHeldLockIsRefusedToAnotherOwner() {
    Optional<LockLease> first = locks.acquire("prod/network", "alice", LEASE, NO_WAIT);
    Optional<LockLease> second = anotherView(locks, clock).acquire("prod/network", "bob", LEASE, NO_WAIT);

    assertThat(first).isPresent();
    assertThat(first.get().owner()).isEqualTo("alice");
    assertThat(first.get().scope()).isEqualTo("prod/network");
    assertThat(first.get().expiresAt()).isEqualTo(clock.instant().plus(LEASE));
    assertThat(second).isEmpty();
    assertThat(locks.isCurrent(first.get())).isTrue();
  }

  @Test
  void scopesAreLockedIndependently() {
    assertThat(locks.acquire("prod/network", "alice", LEASE, NO_WAIT)).isPresent();
    assertThat(locks.acquire("prod/database", "bob", LEASE, NO_WAIT)).isPresent();
  }

  @Test
  void anExpiredLeaseLetsAnotherOwnerIn() {
    LockLease alice = locks.acquire("prod/network", "alice", LEASE, NO_WAIT).orElseThrow();

    clock.advance(LEASE.minusMillis(1));
    assertThat(locks.acquire("prod/network", "bob", LEASE, NO_WAIT)).isEmpty();
    clock.advance(Duration.ofMillis(1));
    Optional<LockLease> bob = anotherView(locks, clock).acquire("prod/network", "bob", LEASE, NO_WAIT);

    assertThat(bob).isPresent();
    assertThat(bob.get().fencingToken()).isGreaterThan(alice.fencingToken());
  }

  @Test
  void theFencingTokenStrictlyIncreasesOnEveryGrant() {
    List<Long> tokens = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      LockLease released = locks.acquire("prod/network", "owner-" + i, LEASE, NO_WAIT).orElseThrow();
      tokens.add(released.fencingToken());
      locks.release(released);
      LockLease expired = anotherView(locks, clock).acquire("prod/network", "other-" + i, LEASE, NO_WAIT).orElseThrow();
      tokens.add(expired.fencingToken());
      clock.advance(LEASE);
    }

    assertThat(tokens).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void anExpiredHolderIsNoLongerCurrent() {
    LockLease alice = locks.acquire("prod/network", "alice", LEASE, NO_WAIT).orElseThrow();

    clock.advance(LEASE);

    assertThat(locks.isCurrent(alice)).isFalse();
    assertThat(anotherView(locks, clock).isCurrent(alice)).isFalse();
  }

  @Test
  void anExpiredHolderCannotReleaseOrOutliveTheNextHolder() {
    LockLease alice = locks.acquire("prod/network", "alice", LEASE, NO_WAIT).orElseThrow();
    clock.advance(LEASE.plusSeconds(1));
    LockLease bob = anotherView(locks, clock).acquire("prod/network", "bob", LEASE, NO_WAIT).orElseThrow();

    locks.release(alice);

    assertThat(locks.isCurrent(bob)).isTrue();
    assertThat(locks.isCurrent(alice)).isFalse();
    assertThat(locks.acquire("prod/network", "carol", LEASE, NO_WAIT)).isEmpty();
  }

  @Test
  void aLeaseWithTheSameTokenButAnotherOwnerIsNotCurrent() {
    LockLease alice = locks.acquire("prod/network", "alice", LEASE, NO_WAIT).orElseThrow();
    LockLease forged = new LockLease(alice.scope(), "mallory", alice.fencingToken(), alice.expiresAt());

    locks.release(forged);

    assertThat(locks.isCurrent(forged)).isFalse();
    assertThat(locks.isCurrent(alice)).isTrue();
  }

  @Test
  void releaseLetsTheNextOwnerInAtOnceAndEndsTheLease() {
    LockLease alice = locks.acquire("prod/network", "alice", LEASE, NO_WAIT).orElseThrow();

    locks.release(alice);

    assertThat(locks.isCurrent(alice)).isFalse();
    assertThat(anotherView(locks, clock).acquire("prod/network", "bob", LEASE, NO_WAIT)).isPresent();
  }

  @Test
  void aCurrentLeaseIsRenewedWithTheSameTokenAndALaterExpiry() {
    LockLease alice = locks.acquire("prod/network", "alice", LEASE, NO_WAIT).orElseThrow();
    clock.advance(Duration.ofSeconds(20));

    Optional<LockLease> renewed = anotherView(locks, clock).renew(alice, LEASE);

    assertThat(renewed).isPresent();
    assertThat(renewed.get().scope()).isEqualTo("prod/network");
    assertThat(renewed.get().owner()).isEqualTo("alice");
    assertThat(renewed.get().fencingToken()).isEqualTo(alice.fencingToken());
    assertThat(renewed.get().expiresAt()).isEqualTo(clock.instant().plus(LEASE));
  }

  @Test
  void aRenewedLeaseOutlivesItsFirstExpiryAndStillReleases() {
    LockLease alice = locks.acquire("prod/network", "alice", LEASE, NO_WAIT).orElseThrow();
    clock.advance(Duration.ofSeconds(20));
    LockLease renewed = locks.renew(alice, LEASE).orElseThrow();
    clock.advance(Duration.ofSeconds(20));

    assertThat(anotherView(locks, clock).acquire("prod/network", "bob", LEASE, NO_WAIT)).isEmpty();
    assertThat(locks.isCurrent(renewed)).isTrue();
    assertThat(anotherView(locks, clock).isCurrent(alice)).as("the lease as first granted names the same grant").isTrue();

    locks.release(alice);

    assertThat(locks.isCurrent(renewed)).isFalse();
    assertThat(anotherView(locks, clock).acquire("prod/network", "bob", LEASE, NO_WAIT)).isPresent();
  }

  @Test
  void anExpiredLeaseIsNeverRevivedEvenWhenNobodyTookTheLock() {
    LockLease alice = locks.acquire("prod/network", "alice", LEASE, NO_WAIT).orElseThrow();
    clock.advance(LEASE);

    assertThat(locks.renew(alice, LEASE)).isEmpty();
    assertThat(locks.isCurrent(alice)).isFalse();
    assertThat(anotherView(locks, clock).acquire("prod/network", "bob", LEASE, NO_WAIT)).isPresent();
  }

  @Test
  void aReleasedTakenOverOrForgedLeaseIsNotRenewed() {
    LockLease alice = locks.acquire("prod/network", "alice", LEASE, NO_WAIT).orElseThrow();
    locks.release(alice);
    assertThat(locks.renew(alice, LEASE)).as("released").isEmpty();

    LockLease bob = anotherView(locks, clock).acquire("prod/network", "bob", LEASE, NO_WAIT).orElseThrow();
    assertThat(locks.renew(alice, LEASE)).as("taken over").isEmpty();
    LockLease forged = new LockLease(bob.scope(), "mallory", bob.fencingToken(), bob.expiresAt());
    assertThat(locks.renew(forged, LEASE)).as("another owner with the holder's token").isEmpty();
    assertThat(locks.isCurrent(bob)).isTrue();
  }

  @Test
  void theHolderIsNamedWhileHeldAndAfterItsLeaseLapsedUntilReleasedOrTakenOver() {
    assertThat(locks.holder("prod/network")).as("never locked").isEmpty();
    LockLease alice = locks.acquire("prod/network", "alice", LEASE, NO_WAIT).orElseThrow();

    assertThat(anotherView(locks, clock).holder("prod/network")).contains(alice);
    clock.advance(LEASE.plusSeconds(1));
    assertThat(anotherView(locks, clock).holder("prod/network")).as("a holder that died leaves its lease").contains(alice);

    LockLease bob = anotherView(locks, clock).acquire("prod/network", "bob", LEASE, NO_WAIT).orElseThrow();
    assertThat(locks.holder("prod/network")).contains(bob);
    locks.release(bob);
    assertThat(locks.holder("prod/network")).as("released").isEmpty();
    assertThat(locks.holder("prod/database")).isEmpty();
  }

  @Test
  void aWaitingAcquireGetsTheLockOnceItIsReleased() throws Exception {
    LockLease alice = locks.acquire("prod/network", "alice", LEASE, NO_WAIT).orElseThrow();
    LockProvider other = anotherView(locks, clock);
    CountDownLatch waiting = new CountDownLatch(1);

    CompletableFuture<Optional<LockLease>> bob = CompletableFuture.supplyAsync(() -> {
      waiting.countDown();
      return other.acquire("prod/network", "bob", LEASE, Duration.ofSeconds(20));
    });
    waiting.await();
    locks.release(alice);

    Optional<LockLease> granted = bob.get(30, TimeUnit.SECONDS);
    assertThat(granted).isPresent();
    assertThat(granted.get().owner()).isEqualTo("bob");
    assertThat(granted.get().fencingToken()).isGreaterThan(alice.fencingToken());
  }

  @Test
  void aWaitingAcquireGivesUpWhenTheLockStaysHeld() {
    locks.acquire("prod/network", "alice", LEASE, NO_WAIT).orElseThrow();

    assertThat(anotherView(locks, clock).acquire("prod/network", "bob", LEASE, Duration.ofMillis(150))).isEmpty();
  }

  @Test
  void concurrentAcquiresGrantTheLockExactlyOnce() throws Exception {
    List<Optional<LockLease>> grants = Race.of(8, n -> (n % 2 == 0 ? locks : anotherView(locks, clock))
        .acquire("prod/network", "owner-" + n, LEASE, NO_WAIT));

    assertThat(grants.stream().filter(Optional::isPresent).count()).isEqualTo(1);
  }

  @Test
  void concurrentHoldersTakeTurnsWithDistinctIncreasingTokens() throws Exception {
    List<List<Long>> perThread = Race.of(4, n -> {
      LockProvider mine = n % 2 == 0 ? locks : anotherView(locks, clock);
      List<Long> seen = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        LockLease lease = mine.acquire("prod/network", "owner-" + n, LEASE, Duration.ofSeconds(20)).orElseThrow();
        seen.add(lease.fencingToken());
        mine.release(lease);
      }
      return seen;
    });

    List<Long> all = perThread.stream().flatMap(List::stream).toList();
    assertThat(all).hasSize(20).doesNotHaveDuplicates();
    perThread.forEach(tokens -> assertThat(tokens).isSorted());
  }
}
