package dev.safeops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.LockLease;
import dev.safeops.core.LockProvider;
import dev.safeops.core.StoreException;
import dev.safeops.core.internal.FileLockProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileLockProviderTest extends LockProviderContract {
  private static final Duration LEASE = Duration.ofMinutes(5);

  @TempDir Path dir;

  @Override
  protected LockProvider newLockProvider(Clock clock) {
    return new FileLockProvider(dir.resolve("locks"), clock);
  }

  @Override
  protected LockProvider anotherView(LockProvider provider, Clock clock) {
    return new FileLockProvider(dir.resolve("locks"), clock);
  }

  private Path leaseFile() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("locks"))) {
      List<Path> leases = files.filter(f -> f.getFileName().toString().endsWith(".lease.json")).toList();
      assertThat(leases).hasSize(1);
      return leases.get(0);
    }
  }

  @Test
  void emptyingTheLeaseFileOfALiveHolderLetsNobodyIn() throws IOException {
    LockProvider locks = newLockProvider(clock);
    LockLease alice = locks.acquire("prod/network", "alice", LEASE, Duration.ZERO).orElseThrow();
    Files.write(leaseFile(), new byte[0]);

    assertThatThrownBy(() -> anotherView(locks, clock).acquire("prod/network", "bob", LEASE, Duration.ZERO))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(leaseFile().toString())
        .hasMessageContaining("is empty")
        .hasMessageContaining("not granted");
    assertThatThrownBy(() -> locks.isCurrent(alice)).isInstanceOf(StoreException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"   \n", "{\"scope\":\"prod/network\",\"token\":", "[]",
      "{\"scope\":\"prod/network\",\"token\":2,\"token\":1}",
      "{\"scope\":\"prod/network\",\"token\":\"2\"}",
      "{\"scope\":\"prod/network\",\"token\":2,\"owner\":\"alice\"}",
      "{\"scope\":\"prod/network\",\"token\":2,\"owner\":\"alice\",\"expiresAt\":\"tomorrow\"}",
      "{\"scope\":\"prod/other\",\"token\":2}"})
  void anUnreadableLeaseFileFailsClosedNamingIt(String content) throws IOException {
    LockProvider locks = newLockProvider(clock);
    locks.release(locks.acquire("prod/network", "alice", LEASE, Duration.ZERO).orElseThrow());
    Files.writeString(leaseFile(), content);

    assertThatThrownBy(() -> locks.acquire("prod/network", "bob", LEASE, Duration.ZERO))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(leaseFile().toString())
        .hasMessageContaining("delete that file");
  }

  @Test
  void deletingTheLeaseFileNeverSendsTheFencingTokenBack() throws IOException {
    LockProvider locks = newLockProvider(clock);
    locks.release(locks.acquire("prod/network", "alice", LEASE, Duration.ZERO).orElseThrow());
    LockLease carol = locks.acquire("prod/network", "carol", LEASE, Duration.ZERO).orElseThrow();
    locks.release(carol);

    Files.delete(leaseFile());
    LockLease dave = anotherView(locks, clock).acquire("prod/network", "dave", LEASE, Duration.ZERO).orElseThrow();
    Files.write(leaseFile(), "{\"scope\":\"prod/network\",\"token\":0}".getBytes());
    locks.release(dave);
    LockLease erin = locks.acquire("prod/network", "erin", LEASE, Duration.ZERO).orElseThrow();

    assertThat(dave.fencingToken()).isGreaterThan(carol.fencingToken());
    assertThat(erin.fencingToken()).isGreaterThan(dave.fencingToken());
  }

  @Test
  void aLeaseFileOfAnEarlierVersionKeepsItsToken() throws IOException {
    Path locksDir = Files.createDirectories(dir.resolve("locks"));
    LockProvider locks = newLockProvider(clock);
    locks.release(locks.acquire("prod/network", "alice", LEASE, Duration.ZERO).orElseThrow());
    Path lease = leaseFile();
    // Earlier versions kept only the lease file.
    try (Stream<Path> files = Files.list(locksDir)) {
      for (Path f : files.filter(f -> !f.equals(lease)).toList()) {
        Files.delete(f);
      }
    }
    Files.writeString(lease, "{\"scope\":\"prod/network\",\"token\":57}");

    assertThat(locks.acquire("prod/network", "bob", LEASE, Duration.ZERO).orElseThrow().fencingToken()).isEqualTo(58);
  }

  @Test
  void everyWriteReplacesTheLeaseFileWholeAndLeavesNoTemporaryFile() throws IOException {
    LockProvider locks = newLockProvider(clock);
    LockLease alice = locks.acquire("prod/network", "alice", LEASE, Duration.ZERO).orElseThrow();
    byte[] granted = Files.readAllBytes(leaseFile());
    try (InputStream reader = Files.newInputStream(leaseFile())) {
      clock.advance(Duration.ofSeconds(1));
      locks.renew(alice, LEASE).orElseThrow();

      assertThat(reader.readAllBytes()).as("a reader of the old file still sees it whole: it was replaced, not rewritten")
          .isEqualTo(granted);
    }
    assertThat(Files.readAllBytes(leaseFile())).isNotEqualTo(granted);
    try (Stream<Path> files = Files.list(dir.resolve("locks"))) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }
}
