package dev.safeops.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.core.LockLease;
import dev.safeops.core.LockProvider;
import dev.safeops.core.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Leases kept as files, two per scope under one directory:
 *
 * <ul>
 *   <li>{@code <hash>.lease.json}: the lease ({@code scope}, {@code token} and, while held,
 *       {@code owner} and {@code expiresAt}), replaced whole with {@link AtomicFiles#write}, so a
 *       crash leaves the old lease or the new one;
 *   <li>{@code <hash>.lease.lock}: created once and never replaced. Every read and update of the
 *       lease happens under an OS lock on it (a lock on the lease file would not survive the
 *       replacement), so the lease holds across processes on one machine. It is also the fencing
 *       counter: its length in bytes is the highest token ever granted. It only grows (one byte
 *       per grant, written and synced before the grant is returned), a one-byte append cannot
 *       tear, and nothing rewrites it, so a lease file that is emptied or deleted cannot send the
 *       token back.
 * </ul>
 *
 * The OS lock is held only for an update, never for the lease's lifetime, so a killed holder
 * leaves an expiring lease rather than a stuck lock. A lease file that exists but cannot be read
 * (empty, not JSON, wrong shape) is refused with a {@link StoreException} naming it: whether the
 * scope is held is then unknown, so nobody is let in. Thread-safe.
 */
public final class FileLockProvider implements LockProvider {
  private static final String STORE = "lock";
  // FileChannel.lock() refuses overlapping locks within one JVM, even from two providers over the
  // same directory: serialise every in-JVM caller of a directory first.
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
  private final Path directory;
  private final Clock clock;
  private final ReentrantLock inJvm;

  public FileLockProvider(Path directory, Clock clock) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.inJvm = IN_JVM.computeIfAbsent(this.directory, d -> new ReentrantLock());
  }

  @Override
  public Optional<LockLease> acquire(String scope, String owner, Duration lease, Duration maxWait) {
    Objects.requireNonNull(owner, "owner");
    long deadline = System.nanoTime() + maxWait.toNanos();
    long pauseMillis = 5;
    while (true) {
      Optional<LockLease> granted = withScope(scope, s -> {
        Instant now = clock.instant();
        if (s.lease != null && now.isBefore(s.lease.expiresAt())) {
          return Optional.empty();
        }
        LockLease next = new LockLease(scope, owner, s.nextToken(), now.plus(lease));
        s.grant(next);
        return Optional.of(next);
      });
      if (granted.isPresent() || System.nanoTime() >= deadline) {
        return granted;
      }
      // Another process holds it: back off (bounded) and look again until maxWait.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pauseMillis));
      pauseMillis = Math.min(pauseMillis * 2, 100);
      if (Thread.currentThread().isInterrupted()) {
        return Optional.empty();
      }
    }
  }

  @Override
  public boolean isCurrent(LockLease lease) {
    return withScope(lease.scope(), s -> InMemoryLockProvider.sameGrant(lease, s.lease)
        && clock.instant().isBefore(s.lease.expiresAt()));
  }

  @Override
  public Optional<LockLease> renew(LockLease lease, Duration extension) {
    return withScope(lease.scope(), s -> {
      Instant now = clock.instant();
      if (!InMemoryLockProvider.sameGrant(lease, s.lease) || !now.isBefore(s.lease.expiresAt())) {
        return Optional.empty();
      }
      LockLease renewed = new LockLease(lease.scope(), lease.owner(), lease.fencingToken(), now.plus(extension));
      s.write(renewed);
      return Optional.of(renewed);
    });
  }

  @Override
  public Optional<LockLease> holder(String scope) {
    return withScope(scope, s -> Optional.ofNullable(s.lease));
  }

  @Override
  public void release(LockLease lease) {
    withScope(lease.scope(), s -> {
      if (InMemoryLockProvider.sameGrant(lease, s.lease)) {
        s.write(null);
      }
      return null;
    });
  }

  @Override
  public String toString() {
    return "FileLockProvider[" + directory + "]";
  }

  private interface Body<T> {
    T apply(Scope s) throws IOException;
  }

  /** One scope's files, read under its OS lock. */
  private final class Scope {
    final String name;
    final Path leaseFile;
    final FileChannel counter;
    final long token;
    final LockLease lease;

    Scope(String name, Path leaseFile, FileChannel counter) throws IOException {
      this.name = name;
      this.leaseFile = leaseFile;
      this.counter = counter;
      Optional<byte[]> content = AtomicFiles.readIfExists(leaseFile);
      if (content.isEmpty()) {
        this.token = 0;
        this.lease = null;
        return;
      }
      try {
        JsonNode n = StoreJson.object(content.get());
        String recorded = StoreJson.text(n, "scope", "it");
        if (!recorded.equals(name)) {
          throw new StoreJson.Unreadable("it is the lease of another scope (\"" + recorded + "\")");
        }
        this.token = StoreJson.count(n, "token", "it");
        if (!n.has("owner") && !n.has("expiresAt")) {
          this.lease = null;
          return;
        }
        Instant expiresAt;
        try {
          expiresAt = Instant.parse(StoreJson.text(n, "expiresAt", "it"));
        } catch (DateTimeParseException e) {
          throw new StoreJson.Unreadable("its \"expiresAt\" is not an instant");
        }
        this.lease = new LockLease(name, StoreJson.text(n, "owner", "it"), token, expiresAt);
      } catch (StoreJson.Unreadable damaged) {
        throw new StoreException(STORE, "lease file " + leaseFile + " of scope " + name + " cannot be read because "
            + damaged.getMessage() + ", so whether the scope is held is unknown and it is not granted; if no safeops"
            + " operation on " + name + " is running, delete that file (the fencing token is kept in "
            + leaseFile.resolveSibling(leaseFile.getFileName().toString().replace(".json", ".lock")) + ")");
      }
    }

    /** Above every token granted so far: the lease file's and the counter's. */
    long nextToken() throws IOException {
      return Math.max(token, counter.size()) + 1;
    }

    /** Records a grant: the counter first (synced), so a crash before the lease is written only skips a token. */
    void grant(LockLease granted) throws IOException {
      long size = counter.size();
      if (granted.fencingToken() > size) {
        ByteBuffer grow = ByteBuffer.allocate(Math.toIntExact(granted.fencingToken() - size));
        while (grow.hasRemaining()) {
          counter.write(grow, size + grow.position());
        }
        counter.force(true);
      }
      write(granted);
    }

    void write(LockLease held) throws IOException {
      ObjectNode n = StoreJson.MAPPER.createObjectNode();
      n.put("scope", name);
      n.put("token", held == null ? token : held.fencingToken());
      if (held != null) {
        n.put("owner", held.owner());
        n.put("expiresAt", held.expiresAt().toString());
      }
      AtomicFiles.write(leaseFile, StoreJson.MAPPER.writeValueAsBytes(n));
    }
  }

  private <T> T withScope(String scope, Body<T> body) {
    Objects.requireNonNull(scope, "scope");
    String base = fileName(scope);
    Path leaseFile = directory.resolve(base + ".lease.json");
    Path lockFile = directory.resolve(base + ".lease.lock");
    inJvm.lock();
    try {
      Files.createDirectories(directory);
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        return body.apply(new Scope(scope, leaseFile, ch));
      }
    } catch (StoreException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new StoreException(STORE, "could not use lease file " + leaseFile + " of scope " + scope + ": "
          + DefaultGuardedExecutor.message(e), e);
    } finally {
      inJvm.unlock();
    }
  }

  private static String fileName(String scope) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(scope.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
