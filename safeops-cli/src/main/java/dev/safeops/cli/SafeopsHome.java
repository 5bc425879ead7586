package dev.safeops.cli;

import dev.safeops.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The safeops home ({@code --home}, else {@code SAFEOPS_HOME}, else {@code ~/.safeops}): the
 * memory of the guard on this machine, shared by every command and every person using it.
 *
 * <pre>
 * requests/          one JSON file per approval request (RequestLedger.files)
 * plans/             the saved plans of recorded requests, applied later exactly as saved
 * locks/             one lock file per scope (LockProvider.files)
 * state-ledger.json  the lineage and serial of every Terraform workspace after each guarded apply
 * audit.jsonl        the audit trail, one JSON event a line
 * allowed_signers    the approvers' public keys, in OpenSSH's (and git's) format
 * </pre>
 *
 * What is missing is created, readable and writable by its owner only. A home, or anything in
 * it, that others may write is refused with one sentence: whoever can write there can add an
 * approver's key or reset what the guard remembers.
 */
final class SafeopsHome {
  // As sshd treats authorized_keys: writable by the group or by everyone is writable by others.
  private static final List<PosixFilePermission> WRITABLE_BY_OTHERS = List.of(
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.GROUP_WRITE);
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path dir;
  private final boolean explicit;

  private SafeopsHome(Path dir, boolean explicit) {
    this.dir = dir;
    this.explicit = explicit;
  }

  /**
   * The home named by {@code option} (may be null), else by {@code SAFEOPS_HOME} in {@code env},
   * else {@code ~/.safeops}; created if missing.
   *
   * @throws InvalidInputException when it is not a directory, cannot be created, or others may write to it
   */
  static SafeopsHome open(String option, Map<String, String> env) {
    String fromEnv = env.get("SAFEOPS_HOME");
    boolean explicit = option != null || (fromEnv != null && !fromEnv.isBlank());
    String where = option != null ? option : explicit ? fromEnv : System.getProperty("user.home") + "/.safeops";
    Path dir = Path.of(where).toAbsolutePath().normalize();
    SafeopsHome home = new SafeopsHome(dir, explicit);
    home.prepare();
    return home;
  }

  private void prepare() {
    directory(dir);
    for (Path sub : List.of(requests(), plans(), locks())) {
      directory(sub);
    }
    for (Path file : List.of(stateLedger(), audit(), allowedSigners())) {
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        notWritableByOthers(file);
      }
    }
  }

  private static void directory(Path d) {
    try {
      if (!Files.exists(d)) {
        if (POSIX) {
          Files.createDirectories(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(d);
        }
      }
    } catch (IOException e) {
      throw new InvalidInputException("The safeops home " + d + " cannot be created: " + e.getMessage() + ".", e);
    }
    if (!Files.isDirectory(d)) {
      throw new InvalidInputException("The safeops home " + d + " is not a directory.");
    }
    notWritableByOthers(d);
  }

  private static void notWritableByOthers(Path p) {
    if (!POSIX) {
      return;
    }
    Set<PosixFilePermission> perms;
    try {
      perms = Files.getPosixFilePermissions(p);
    } catch (IOException e) {
      throw new InvalidInputException("The permissions of " + p + " cannot be read: " + e.getMessage() + ".", e);
    }
    for (PosixFilePermission w : WRITABLE_BY_OTHERS) {
      if (perms.contains(w)) {
        throw new InvalidInputException("Refusing the safeops home: " + p + " is writable by "
            + (w == PosixFilePermission.OTHERS_WRITE ? "everyone" : "its group") + " ("
            + PosixFilePermissions.toString(perms) + "), so anyone could add an approver's key or erase what the guard "
            + "remembers; run chmod go-w " + p + ".");
      }
    }
  }

  /** Creates {@code file} (empty) readable and writable by its owner only, when it does not exist. */
  static void ownerOnlyFile(Path file) throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (POSIX) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
  }

  Path dir() {
    return dir;
  }

  /** True when the home was named ({@code --home} or {@code SAFEOPS_HOME}) rather than the default. */
  boolean explicit() {
    return explicit;
  }

  Path requests() {
    return dir.resolve("requests");
  }

  Path plans() {
    return dir.resolve("plans");
  }

  Path locks() {
    return dir.resolve("locks");
  }

  Path stateLedger() {
    return dir.resolve("state-ledger.json");
  }

  Path audit() {
    return dir.resolve("audit.jsonl");
  }

  Path allowedSigners() {
    return dir.resolve("allowed_signers");
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
