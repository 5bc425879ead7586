package dev.safeops.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A child process run to completion with files for its streams, for the archive and the install checks. */
final class Subprocess {
  private Subprocess() {}

  /**
   * Runs {@code command} in {@code work} with {@code stdin}; returns its stdout.
   *
   * @throws IOException naming {@code what}: it could not start, outlived {@code timeout} (it is
   *     then killed), or exited non-zero (with the first line of its stderr)
   */
  static String run(String what, List<String> command, byte[] stdin, Path work, Duration timeout) throws IOException {
    return run(what, command, stdin, work, timeout, Set.of(0));
  }

  /** As {@link #run(String, List, byte[], Path, Duration)}, taking any of {@code exits} as success. */
  static String run(String what, List<String> command, byte[] stdin, Path work, Duration timeout, Set<Integer> exits)
      throws IOException {
    Path in = Files.write(work.resolve("stdin"), stdin);
    Path out = work.resolve("stdout");
    Path err = work.resolve("stderr");
    Process p = new ProcessBuilder(command).directory(work.toFile())
        .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(what + " did not finish within " + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(what + " was interrupted", e);
    }
    if (!exits.contains(p.exitValue())) {
      throw new IOException(what + " exited with " + p.exitValue() + ": " + firstLine(Files.readString(err)));
    }
    return Files.readString(out);
  }

  /** The first line of a process's output, cut to 300 characters, for a one-sentence error. */
  static String firstLine(String s) {
    String line = s.strip().lines().findFirst().orElse("(no output)");
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
