package dev.safeops.terraform.internal;

import dev.safeops.terraform.CliResult;
import dev.safeops.terraform.TerraformException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one process with its output in files (no pipe can fill up and block it), under a timeout. */
public final class Processes {
  static final int CAP = 1 << 20;

  private Processes() {}

  public static CliResult run(String what, List<String> command, Path cwd, Map<String, String> env, boolean inherit,
      Duration timeout, Path stdoutFile) {
    Path out = null;
    Path err = null;
    long start = System.nanoTime();
    try {
      out = stdoutFile != null ? stdoutFile : Files.createTempFile("safeops-tf-out", ".txt");
      err = Files.createTempFile("safeops-tf-err", ".txt");
      ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      if (!inherit) {
        pb.environment().clear();
      }
      pb.environment().putAll(env);
      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        throw new TerraformException("Cannot run " + what + ": the binary '" + command.get(0)
            + "' was not found on the PATH or is not executable (" + e.getMessage() + ").", e);
      }
      boolean done;
      try {
        done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        kill(process);
        Thread.currentThread().interrupt();
        throw new TerraformException(what + " was interrupted and has been killed.", e);
      }
      if (!done) {
        kill(process);
        throw new TerraformException(what + " did not finish within " + timeout + " and has been killed.");
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      String stderr = text(err);
      String stdout = stdoutFile != null ? "" : text(out);
      CliResult result = new CliResult(command, process.exitValue(), stdout, stderr, took);
      if (result.exitCode() != 0) {
        throw new TerraformException(what + " failed with exit code " + result.exitCode() + ": " + firstError(stderr, stdout));
      }
      return result;
    } catch (IOException e) {
      throw new TerraformException("Cannot run " + what + ": " + e.getMessage() + ".", e);
    } finally {
      delete(err);
      if (stdoutFile == null) {
        delete(out);
      }
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static String text(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(CAP);
      String s = new String(bytes, StandardCharsets.UTF_8);
      return in.read() >= 0 ? s + "\n...(output truncated at 1 MiB)" : s;
    }
  }

  /** Terraform's first "Error:" line, else the first non-blank line it printed. */
  static String firstError(String stderr, String stdout) {
    String first = "";
    for (String source : List.of(stderr, stdout)) {
      for (String line : source.split("\n")) {
        String l = line.replaceAll("[\u2502\u2577\u2575]", "").strip();
        if (l.startsWith("Error:")) {
          return l;
        }
        if (!l.isEmpty() && first.isEmpty()) {
          first = l;
        }
      }
    }
    return first.isEmpty() ? "it printed nothing" : first;
  }

  private static void delete(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a temp file left behind is harmless; the result is what matters
      }
    }
  }
}
