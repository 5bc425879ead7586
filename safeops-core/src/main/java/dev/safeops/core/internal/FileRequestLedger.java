package dev.safeops.core.internal;

import dev.safeops.core.RequestLedger;
import dev.safeops.core.RequestRecord;
import dev.safeops.core.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * One JSON file per request ({@code {id}.json}) in a directory. Every write goes through {@link
 * AtomicFiles} (temporary file, fsync, rename, directory fsync), so a reader sees a whole old
 * or a whole new record and reads need no lock; every read-modify-write (create, replace) holds
 * an OS lock on {@code .lock} in the directory, so processes on one machine take turns. A file
 * that is empty, unreadable, or holds another request's id fails closed, naming the file.
 */
public final class FileRequestLedger implements RequestLedger {
  private static final String STORE = "requests";
  private static final Pattern FILE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.json");
  // FileChannel.lock() refuses overlapping locks within one JVM, even from two ledgers over the
  // same directory: serialise every in-JVM caller of a directory first.
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

  private final Path directory;
  private final ReentrantLock inJvm;

  public FileRequestLedger(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    this.inJvm = IN_JVM.computeIfAbsent(this.directory, d -> new ReentrantLock());
  }

  @Override
  public RequestRecord create(RequestRecord request) {
    RequestRecord stored = request.toBuilder().version(1).build();
    Path file = file(stored.id());
    return locked("record request " + stored.id(), () -> {
      if (Files.exists(file)) {
        throw new StoreException(STORE, "a request with id " + stored.id() + " already exists in " + file);
      }
      AtomicFiles.write(file, RequestJson.write(stored));
      return stored;
    });
  }

  @Override
  public Optional<RequestRecord> find(String id) {
    return read(file(RequestMessages.requireId(id)));
  }

  @Override
  public List<RequestRecord> list() {
    List<RequestRecord> all = new ArrayList<>();
    if (!Files.exists(directory)) {
      return all;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path f : files) {
        if (FILE.matcher(f.getFileName().toString()).matches()) {
          read(f).ifPresent(all::add);
        }
      }
    } catch (IOException e) {
      throw new StoreException(STORE, "could not list the requests in " + directory + ": " + e.getMessage(), e);
    }
    all.sort(RequestJson.NEWEST_FIRST);
    return all;
  }

  @Override
  public Optional<RequestRecord> replace(RequestRecord current, RequestRecord next) {
    RequestJson.requireSameId(current, next);
    Path file = file(current.id());
    return locked("update request " + current.id(), () -> {
      RequestRecord stored = read(file).orElseThrow(() ->
          new StoreException(STORE, "there is no request " + current.id() + " to change (no file " + file + ")"));
      if (stored.version() != current.version()) {
        return Optional.empty();
      }
      RequestRecord written = next.toBuilder().version(current.version() + 1).build();
      AtomicFiles.write(file, RequestJson.write(written));
      return Optional.of(written);
    });
  }

  private Optional<RequestRecord> read(Path file) {
    Optional<byte[]> bytes;
    try {
      bytes = AtomicFiles.readIfExists(file);
    } catch (IOException e) {
      throw new StoreException(STORE, "the request file " + file + " cannot be read (" + e.getMessage() + "), so nothing it holds can be trusted", e);
    }
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    RequestRecord r;
    try {
      r = RequestJson.read(bytes.get());
    } catch (RequestJson.UnreadableException e) {
      throw new StoreException(STORE, "the request file " + file + " is unreadable: " + e.getMessage()
          + "; it fails closed: restore it from a backup or remove it, and propose again", e);
    }
    if (!file.getFileName().toString().equals(r.id() + ".json")) {
      throw new StoreException(STORE, "the request file " + file + " holds request " + r.id()
          + ", not the one its name says; it was moved or copied by hand, so it is not trusted");
    }
    return Optional.of(r);
  }

  private Path file(String id) {
    return directory.resolve(RequestMessages.requireId(id) + ".json");
  }

  private interface Body<T> {
    T run() throws IOException;
  }

  private <T> T locked(String what, Body<T> body) {
    inJvm.lock();
    try {
      Files.createDirectories(directory);
      try (FileChannel ch = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        return body.run();
      }
    } catch (NoSuchFileException e) {
      throw new StoreException(STORE, "could not " + what + " in " + directory + ": " + e.getMessage() + " does not exist", e);
    } catch (IOException e) {
      throw new StoreException(STORE, "could not " + what + " in " + directory + ": " + e.getMessage(), e);
    } finally {
      inJvm.unlock();
    }
  }
}
