package dev.safeops.cli;

import dev.safeops.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The directory an MCP client's tools are confined to ({@code safeops mcp --root}). A directory or
 * file a client names is resolved against the root (or taken as written when absolute), then to
 * its real path, every symlink followed, and must be the root or lie beneath it; otherwise it is
 * refused with one sentence. The caller uses the real path returned, never the name as written,
 * so that what was checked is what runs.
 *
 * <p>Immutable and thread-safe. What it cannot prevent: a directory inside the root replaced by a
 * symlink after the check by someone who can write there; the apply re-checks the recorded
 * directory for that reason.
 */
final class RootDirectory {
  private final Path root;

  private RootDirectory(Path root) {
    this.root = root;
  }

  /**
   * The root at {@code written}, as its real path.
   *
   * @throws InvalidInputException when it does not exist or is not a directory
   */
  static RootDirectory of(String written) {
    Path p;
    try {
      p = Path.of(written).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new InvalidInputException("--root '" + written + "' is not a path.", e);
    }
    if (!Files.isDirectory(p)) {
      throw new InvalidInputException("--root " + p + " is not a directory.");
    }
    try {
      return new RootDirectory(p.toRealPath());
    } catch (IOException e) {
      throw new InvalidInputException("--root " + p + " cannot be resolved: " + e.getMessage() + ".", e);
    }
  }

  /** The root's real path. */
  Path path() {
    return root;
  }

  /**
   * The real path of the directory named {@code written} (relative to the root, or absolute).
   *
   * @throws InvalidInputException when it is not an existing directory inside the root
   */
  Path directory(String written) {
    Path real = inside(written, root, "directory");
    if (!Files.isDirectory(real)) {
      throw new InvalidInputException("'" + written + "' is not a directory.");
    }
    return real;
  }

  /**
   * The real path of the file named {@code written}, relative to {@code base} (itself inside the root).
   *
   * @throws InvalidInputException when it does not exist or is not inside the root
   */
  Path file(String written, Path base) {
    return inside(written, base, "file");
  }

  /** True when {@code path}, resolved to its real path now, is inside the root. */
  boolean contains(Path path) {
    try {
      return path.toRealPath().startsWith(root);
    } catch (IOException e) {
      return false;
    }
  }

  private Path inside(String written, Path base, String what) {
    if (written == null || written.isBlank()) {
      throw new InvalidInputException("An empty " + what + " name was given; name a " + what + " inside " + root + ".");
    }
    if (written.contains("$") || written.contains("`") || written.startsWith("~")) {
      throw new InvalidInputException("The " + what + " '" + written + "' would be computed by a shell; write it out, inside " + root + ".");
    }
    Path resolved;
    try {
      resolved = base.resolve(written);
    } catch (InvalidPathException e) {
      throw new InvalidInputException("The " + what + " '" + written + "' is not a path.", e);
    }
    Path real;
    try {
      real = resolved.toRealPath();
    } catch (IOException e) {
      // Say "outside" rather than "missing" when the name already leaves the root as written.
      if (!resolved.normalize().startsWith(root)) {
        throw outside(written, what);
      }
      throw new InvalidInputException("The " + what + " '" + written + "' does not exist inside " + root + ".", e);
    }
    if (!real.startsWith(root)) {
      throw outside(written, what);
    }
    return real;
  }

  private InvalidInputException outside(String written, String what) {
    return new InvalidInputException("The " + what + " '" + written + "' is outside the root " + root
        + " (symlinks followed); this server only works inside it.");
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
