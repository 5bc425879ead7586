package dev.safeops.core.command.internal;

import dev.safeops.core.Effect;
import dev.safeops.core.command.Classification;
import dev.safeops.core.command.SimpleCommand;
import java.util.Optional;
import java.util.Set;

/**
 * Helpers that only read and print, which agents chain after infrastructure reads
 * ({@code aws ... | jq}, {@code terraform output | grep}). They never make a line ours; they
 * only keep a line of reads read-only. Anything that can write a file or run a program
 * ({@code sed}, {@code awk}, {@code tee}, {@code sort -o}) is deliberately absent.
 */
public final class NeutralCommands {
  private static final Set<String> READERS = Set.of("grep", "egrep", "fgrep", "rg", "head", "tail", "wc", "cut", "tr",
      "jq", "column", "cat", "echo", "printf", "true", "false", "pwd", "ls", "basename", "dirname", "realpath", "which",
      "type", "test", "[", "[[", "cd", "pushd", "popd", "diff", "stat", "file", "nl", "less", "more", "fold", "rev",
      "base64", "sleep", ":", "whoami", "id", "uname", "hostname", "tac", "comm", "md5sum", "sha256sum", "sha1sum");

  private NeutralCommands() {}

  public static Optional<Classification> classify(SimpleCommand c) {
    String name = c.name();
    if (READERS.contains(name)) {
      return Optional.of(neutral(name + " only reads and prints"));
    }
    if (name.equals("sort") && c.arguments().stream().noneMatch(a -> a.startsWith("-o") || a.startsWith("--output"))) {
      return Optional.of(neutral("sort only reads and prints"));
    }
    if (name.equals("find") && c.arguments().stream().noneMatch(a -> a.equals("-delete") || a.startsWith("-exec")
        || a.startsWith("-ok") || a.startsWith("-fprint") || a.equals("-fls"))) {
      return Optional.of(neutral("find without -delete, -exec or -fprint only lists"));
    }
    return Optional.empty();
  }

  private static Classification neutral(String reason) {
    return new Classification(Effect.READ_ONLY, reason, Classification.Scope.NEUTRAL);
  }
}
