package dev.safeops.cli;

import dev.safeops.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Signs a message with a person's own SSH key by running {@code ssh-keygen -Y sign -n safeops
 * -f KEY FILE}, the SSHSIG signature git uses for signed commits. {@code KEY} is a private key,
 * or a public key whose private half is in the person's ssh-agent (or on a FIDO token, which
 * asks for a touch). Only signing runs here: every signature is verified in Java, against
 * {@code allowed_signers}, by the approval desk.
 *
 * <p>When a terminal is attached, ssh-keygen talks to the person directly (a passphrase, "confirm
 * user presence"); otherwise its messages are kept for the sentence that reports a failure.
 */
final class SshKeygen {
  static final String NAMESPACE = "safeops";
  private static final long TIMEOUT_SECONDS = 300;

  private final String binary;

  SshKeygen(String binary) {
    this.binary = binary;
  }

  static SshKeygen onPath() {
    return new SshKeygen("ssh-keygen");
  }

  /**
   * The armored signature of {@code message} (UTF-8) by {@code key}.
   *
   * @throws InvalidInputException with one sentence when there is no such key or ssh-keygen cannot sign with it
   */
  String sign(Path key, String message) {
    if (!Files.isRegularFile(key)) {
      throw new InvalidInputException("There is no SSH key at " + key + "; give --key the path of your private key, "
          + "or of its .pub when the key is in your ssh-agent.");
    }
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("safeops-sign");
      Path file = tmp.resolve("message.txt");
      Files.writeString(file, message, StandardCharsets.UTF_8);
      boolean terminal = System.console() != null;
      ProcessBuilder pb = new ProcessBuilder(List.of(binary, "-Y", "sign", "-n", NAMESPACE, "-f", key.toString(), file.toString()))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.redirectInput(terminal ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE);
      pb.redirectError(terminal ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE);
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        throw new InvalidInputException("ssh-keygen cannot be run (" + e.getMessage() + "); install OpenSSH 8.2 or newer to sign.", e);
      }
      if (!terminal) {
        p.getOutputStream().close();
      }
      CompletableFuture<String> errors = terminal ? CompletableFuture.completedFuture("") : drain(p.getErrorStream());
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new InvalidInputException("ssh-keygen did not sign with " + key + " within " + TIMEOUT_SECONDS + " seconds.");
      }
      Path sig = tmp.resolve("message.txt.sig");
      if (p.exitValue() != 0 || !Files.isRegularFile(sig)) {
        String why = lastLine(errors.join());
        throw new InvalidInputException("ssh-keygen could not sign with " + key + " (exit " + p.exitValue() + ")"
            + (why.isEmpty() ? "" : ": " + why) + ".");
      }
      return Files.readString(sig, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("could not sign with ssh-keygen: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidInputException("Interrupted while ssh-keygen was signing.", e);
    } finally {
      delete(tmp);
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    });
  }

  private static String lastLine(String text) {
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    return last.endsWith(".") ? last.substring(0, last.length() - 1) : last;
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A temporary copy of a message that is public anyway: nothing secret is left behind.
    }
  }
}
