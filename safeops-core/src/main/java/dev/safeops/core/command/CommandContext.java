package dev.safeops.core.command;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a command line runs, as far as the caller knows: the directory the shell starts in
 * (a Claude Code hook gets it as {@code cwd}). Classifiers use it to resolve the directory a
 * command works in, for instance to see whether an archive is unpacked into a directory that
 * holds Terraform state. Immutable and thread-safe.
 */
public final class CommandContext {
  private static final CommandContext NONE = new CommandContext(null);
  private final Path directory;

  private CommandContext(Path directory) {
    this.directory = directory;
  }

  /** Nothing known about where the line runs. */
  public static CommandContext none() {
    return NONE;
  }

  /** The line runs in {@code directory}. */
  public static CommandContext in(Path directory) {
    return new CommandContext(Objects.requireNonNull(directory, "directory"));
  }

  /** The directory the shell starts in, when known. */
  public Optional<Path> directory() {
    return Optional.ofNullable(directory);
  }

  /**
   * The directory {@code command} runs in: its {@code cd} target resolved against the start
   * directory. Empty when unknown (no start directory and a relative or no {@code cd}, or a
   * {@code cd} target computed at run time).
   */
  public Optional<Path> directoryOf(SimpleCommand command) {
    Optional<String> cd = command.workingDirectory();
    try {
      if (cd.isEmpty()) {
        return Optional.ofNullable(directory);
      }
      String d = cd.get();
      if (d.contains("$") || d.contains("`") || d.startsWith("~")) {
        return Optional.empty();
      }
      Path p = Path.of(d);
      if (p.isAbsolute()) {
        return Optional.of(p.normalize());
      }
      return directory == null ? Optional.empty() : Optional.of(directory.resolve(p).normalize());
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }
}
