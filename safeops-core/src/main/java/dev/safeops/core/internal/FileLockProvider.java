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
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Leases kept in one small JSON file per scope ({@code owner}, {@code token}, {@code
 * expiresAt}). Every read-modify-write of a lease file happens under an OS file lock, so the
 * lease holds across processes on one machine; the file lock itself is held only for that
 * update, never for the lease's lifetime, so a killed holder leaves an expiring lease rather
 * than a stuck lock.
 */
public final class FileLockProvider implements LockProvider {
  private final Path directory;
  private final Clock clock;
  // FileChannel.lock() refuses overlapping locks within one JVM, even from two providers over the
  // same directory: serialise every in-JVM caller of a directory first.
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
  private final ReentrantLock inJvm;

  public FileLockProvider(Path directory, Clock clock) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.inJvm = IN_JVM.computeIfAbsent(this.directory, d -> new ReentrantLock());
  }

  @Override
  public Optional<LockLease> acquire(String scope, String owner, Duration lease, Duration maxWait) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    long pauseMillis = 5;
    while (true) {
      Optional<LockLease> granted = update(scope, current -> {
        Instant now = clock.instant();
        if (current.lease != null && now.isBefore(current.lease.expiresAt())) {
          return new Result(current.token, current.lease, null);
        }
        long token = current.token + 1;
        LockLease next = new LockLease(scope, owner, token, now.plus(lease));
        return new Result(token, next, next);
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
    State s = read(scope(lease.scope()));
    return s.lease != null && s.lease.equals(lease) && clock.instant().isBefore(lease.expiresAt());
  }

  @Override
  public void release(LockLease lease) {
    update(lease.scope(), current -> {
      if (current.lease != null && current.lease.equals(lease)) {
        return new Result(current.token, null, null);
      }
      return new Result(current.token, current.lease, null);
    });
  }

  private record State(long token, LockLease lease) {}

  private record Result(long token, LockLease lease, LockLease granted) {}

  private Optional<LockLease> update(String scope, Function<State, Result> change) {
    Path file = scope(scope);
    inJvm.lock();
    try {
      Files.createDirectories(directory);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        State current = parse(scope, readAll(ch));
        Result r = change.apply(current);
        ObjectNode n = AuditJson.MAPPER.createObjectNode();
        n.put("scope", scope);
        n.put("token", r.token);
        if (r.lease != null) {
          n.put("owner", r.lease.owner());
          n.put("expiresAt", r.lease.expiresAt().toString());
        }
        byte[] bytes = n.toString().getBytes(StandardCharsets.UTF_8);
        ch.truncate(0);
        ch.position(0);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
        return Optional.ofNullable(r.granted);
      }
    } catch (IOException | RuntimeException e) {
      throw new StoreException("lock", "could not update lock file " + file + ": " + e, e);
    } finally {
      inJvm.unlock();
    }
  }

  private State read(Path file) {
    inJvm.lock();
    try {
      if (!Files.exists(file)) {
        return new State(0, null);
      }
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        return parse(null, readAll(ch));
      }
    } catch (IOException | RuntimeException e) {
      throw new StoreException("lock", "could not read lock file " + file + ": " + e, e);
    } finally {
      inJvm.unlock();
    }
  }

  private static String readAll(FileChannel ch) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.max(ch.size(), 0));
    ch.position(0);
    while (buf.hasRemaining() && ch.read(buf) > 0) {
      // keep reading
    }
    return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
  }

  private static State parse(String scope, String text) throws IOException {
    if (text.isBlank()) {
      return new State(0, null);
    }
    JsonNode n = AuditJson.MAPPER.readTree(text);
    long token = n.path("token").asLong(0);
    if (!n.hasNonNull("owner")) {
      return new State(token, null);
    }
    String s = scope != null ? scope : n.path("scope").asText();
    return new State(token, new LockLease(s, n.get("owner").asText(), token, Instant.parse(n.get("expiresAt").asText())));
  }

  private Path scope(String scope) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(scope.getBytes(StandardCharsets.UTF_8));
      return directory.resolve(HexFormat.of().formatHex(h, 0, 16) + ".lease.json");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
