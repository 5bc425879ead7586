package dev.safeops.core;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The real {@code ssh-keygen}, to make keys and signatures the way approvers will; tests skip when it is absent. */
final class SshKeygen {
  private final Path executable;
  private final Path dir;

  private SshKeygen(Path executable, Path dir) {
    this.executable = executable;
    this.dir = dir;
  }

  /** ssh-keygen working in {@code dir}; aborts (skips) the test when it is not on the PATH. */
  static SshKeygen in(Path dir) {
    Optional<Path> exe = find();
    Assumptions.assumeTrue(exe.isPresent(), "ssh-keygen is not on the PATH, so signatures made by the real tool cannot be tested");
    return new SshKeygen(exe.get(), dir);
  }

  static Optional<Path> find() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(d, "ssh-keygen");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** A key pair of this type ("ed25519", "ecdsa", "rsa"), optionally with bits; returns the private key file. */
  Path generate(String name, String type, int bits) throws IOException, InterruptedException {
    Path key = dir.resolve(name);
    List<String> cmd = new ArrayList<>(List.of(executable.toString(), "-q", "-t", type, "-N", "", "-C", name, "-f", key.toString()));
    if (bits > 0) {
      cmd.add("-b");
      cmd.add(Integer.toString(bits));
    }
    run(cmd);
    return key;
  }

  /** The .pub line of a key: "type base64 comment". */
  String publicKey(Path key) throws IOException {
    return Files.readString(Path.of(key + ".pub"), StandardCharsets.UTF_8).strip();
  }

  /** "principal type base64", an allowed_signers line for the key. */
  String allowedSignersLine(String principal, Path key) throws IOException {
    String[] f = publicKey(key).split(" ");
    return principal + " " + f[0] + " " + f[1];
  }

  /** The key's fingerprint as ssh-keygen -l prints it. */
  String fingerprint(Path key) throws IOException, InterruptedException {
    run(List.of(executable.toString(), "-l", "-E", "sha256", "-f", key + ".pub"));
    return Files.readString(dir.resolve("ssh-keygen.out"), StandardCharsets.UTF_8).split(" ")[1];
  }

  /** ssh-keygen -Y sign -n namespace over message; returns the armored signature. */
  String sign(Path key, String namespace, String message) throws IOException, InterruptedException {
    Path file = Files.createTempFile(dir, "message", ".txt");
    Files.writeString(file, message, StandardCharsets.UTF_8);
    run(List.of(executable.toString(), "-Y", "sign", "-f", key.toString(), "-n", namespace, file.toString()));
    return Files.readString(Path.of(file + ".sig"), StandardCharsets.UTF_8);
  }

  /** ssh-keygen -Y verify: true when OpenSSH itself accepts the signature (used to check hand-built test vectors). */
  boolean opensshAccepts(Path allowedSigners, String principal, String namespace, String message, String armored)
      throws IOException, InterruptedException {
    Path msg = Files.createTempFile(dir, "verify", ".txt");
    Files.writeString(msg, message, StandardCharsets.UTF_8);
    Path sig = Files.createTempFile(dir, "verify", ".sig");
    Files.writeString(sig, armored, StandardCharsets.UTF_8);
    Process p = new ProcessBuilder(executable.toString(), "-Y", "verify", "-f", allowedSigners.toString(), "-I", principal,
        "-n", namespace, "-s", sig.toString()).redirectInput(msg.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("verify.out").toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("ssh-keygen -Y verify did not finish");
    }
    return p.exitValue() == 0;
  }

  private void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("ssh-keygen.out").toFile()).start();
    // Nothing to say to it: an empty input, so a prompt can never wait.
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("ssh-keygen did not finish: " + cmd);
    }
    if (p.exitValue() != 0) {
      throw new IOException("ssh-keygen failed (" + p.exitValue() + "): " + cmd + ": " + Files.readString(dir.resolve("ssh-keygen.out")));
    }
  }
}
