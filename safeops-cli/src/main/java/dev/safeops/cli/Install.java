package dev.safeops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.core.internal.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code safeops install}: copies the safeops folder it runs from to a prefix outside the build
 * tree (so {@code mvn clean} cannot delete a live guard), remakes the hook's class-data archive
 * there, optionally links {@code bin/safeops} into a bin directory, and prints the
 * {@code .claude/settings.json} snippet with the installed absolute path.
 *
 * <p>All or nothing: the copy is made and fsynced in a hidden sibling of the prefix, renamed into
 * place, then prepared there (the archive is tied to its folder on JDK 17, so it can only be made
 * in place) and the installed launcher must answer a destroy with a deny. If any step fails, the
 * previous installation is renamed back (or, on a first install, nothing is left) and the command
 * says which step failed. A prefix that exists but is not a safeops folder is never touched.
 * Between the two renames of a reinstall the prefix is missing for an instant; a crash exactly
 * there leaves the previous installation in the hidden {@code .NAME.previous-*} sibling.
 */
final class Install {
  /** Exit code when a step failed after the checks; whatever was there before is in place again. */
  static final int FAILED = 1;
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./+:,@%=-]+");
  private static final String EVENT = "{\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\",\"cwd\":\"/tmp\","
      + "\"tool_input\":{\"command\":\"terraform destroy -auto-approve\"}}";

  /** Makes an installed folder ready to serve; production runs JVMs, tests replace it. */
  interface Preparation {
    /**
     * Prepares the folder at its final path and proves it answers.
     *
     * @throws IOException naming what failed
     */
    void prepare(Path installed) throws IOException;
  }

  private Install() {}

  /** The production preparation: the archive for this JVM, then the installed launcher's answer to a destroy. */
  static Preparation archiveAndCheck(Path javaHome) {
    return installed -> {
      ClassDataArchive.make(installed.resolve("lib"), javaHome);
      checkLauncher(installed.resolve("bin").resolve("safeops"));
    };
  }

  /**
   * Installs {@code source} (a safeops folder) as {@code prefix}, and links it from {@code bin}.
   *
   * @return 0 installed; {@link #FAILED} a step failed and nothing changed (or, for the link, the
   *     folder is installed but not linked, as the message says)
   * @throws Main.UsageException when the request is refused before anything is changed
   */
  static int run(Path source, Path prefix, Optional<Path> bin, Preparation preparation, PrintStream out, PrintStream err)
      throws Main.UsageException, IOException {
    Path from = source.toAbsolutePath().normalize();
    Path to = prefix.toAbsolutePath().normalize();
    refuseUnlessInstallable(from, to, bin);
    Path parent = to.getParent();
    Files.createDirectories(parent);
    Path lockFile = parent.resolve("." + to.getFileName() + ".install-lock");
    try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockChannel.tryLock()) {
      if (lock == null) {
        throw new Main.UsageException("another `safeops install` into " + to + " is running; wait for it to finish");
      }
      return install(from, to, bin, preparation, out, err);
    }
  }

  private static int install(Path from, Path to, Optional<Path> bin, Preparation preparation, PrintStream out,
      PrintStream err) throws IOException {
    Path parent = to.getParent();
    String id = UUID.randomUUID().toString().substring(0, 8);
    Path staging = parent.resolve("." + to.getFileName() + ".installing-" + id);
    Path previous = parent.resolve("." + to.getFileName() + ".previous-" + id);
    try {
      copy(from, staging);
    } catch (IOException | RuntimeException e) {
      deleteTree(staging);
      err.println("safeops install: could not copy " + from + " to " + parent + ": " + message(e)
          + "; nothing was changed.");
      return FAILED;
    }
    boolean replacing = Files.exists(to, LinkOption.NOFOLLOW_LINKS);
    try {
      if (replacing) {
        Files.move(to, previous, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(staging, to, StandardCopyOption.ATOMIC_MOVE);
      AtomicFiles.syncDirectory(parent);
    } catch (IOException | RuntimeException e) {
      if (replacing && !Files.exists(to, LinkOption.NOFOLLOW_LINKS) && Files.exists(previous, LinkOption.NOFOLLOW_LINKS)) {
        Files.move(previous, to, StandardCopyOption.ATOMIC_MOVE);
      }
      deleteTree(staging);
      err.println("safeops install: could not move the new folder into " + to + ": " + message(e)
          + "; nothing was changed.");
      return FAILED;
    }
    try {
      preparation.prepare(to);
    } catch (IOException | RuntimeException e) {
      String why = "safeops install: the installed folder did not come up: " + message(e) + "; ";
      Path failed = parent.resolve("." + to.getFileName() + ".failed-" + id);
      try {
        Files.move(to, failed, StandardCopyOption.ATOMIC_MOVE);
        if (replacing) {
          Files.move(previous, to, StandardCopyOption.ATOMIC_MOVE);
        }
        AtomicFiles.syncDirectory(parent);
        deleteTree(failed);
      } catch (IOException | RuntimeException r) {
        err.println(why + "putting things back failed too (" + message(r) + "): "
            + (replacing ? "the previous installation is in " + previous + ", " : "") + "move it back by hand.");
        return FAILED;
      }
      err.println(why + (replacing ? "the previous installation in " + to + " is back in place." : "nothing was installed."));
      return FAILED;
    }
    if (replacing) {
      try {
        deleteTree(previous);
      } catch (IOException e) {
        err.println("safeops install: note: could not remove the previous installation, kept in " + previous + ": "
            + message(e));
      }
    }
    Path launcher = to.resolve("bin").resolve("safeops");
    out.println("installed safeops " + Main.Version.version() + " in " + to);
    if (bin.isPresent()) {
      Path link = bin.get().toAbsolutePath().normalize().resolve("safeops");
      try {
        link(link, launcher);
      } catch (IOException | RuntimeException e) {
        err.println("safeops install: installed in " + to + ", but could not link " + link + ": " + message(e)
            + "; link it yourself: ln -sf " + launcher + " " + link);
        return FAILED;
      }
      out.println("linked " + link + " -> " + launcher);
      if (!onPath(link.getParent())) {
        out.println("note: " + link.getParent() + " is not on your PATH");
      }
    }
    out.println();
    out.println("Add the hook to .claude/settings.json (a project's, or ~/.claude/settings.json for all of them):");
    out.println(settingsSnippet(launcher));
    return 0;
  }

  private static void refuseUnlessInstallable(Path from, Path to, Optional<Path> bin) throws Main.UsageException {
    if (!isSafeopsFolder(from)) {
      throw new Main.UsageException("safeops install copies the safeops folder it runs from, but " + from
          + " has no bin/safeops and lib/safeops.jar; run it as bin/safeops from a built or unpacked safeops folder");
    }
    if (to.getParent() == null) {
      throw new Main.UsageException("cannot install into the root directory; give --prefix a folder of its own");
    }
    if (to.equals(from)) {
      throw new Main.UsageException(to + " is the folder safeops runs from: it is installed there already");
    }
    if (to.startsWith(from) || from.startsWith(to)) {
      throw new Main.UsageException("cannot install " + from + " into " + to + ": one holds the other");
    }
    if (Files.isSymbolicLink(to)) {
      throw new Main.UsageException(to + " is a symbolic link; give --prefix the folder it points to");
    }
    if (Files.exists(to, LinkOption.NOFOLLOW_LINKS) && !isSafeopsFolder(to) && !isEmptyDirectory(to)) {
      throw new Main.UsageException(to + " exists and is not a safeops folder (no bin/safeops and lib/safeops.jar); "
          + "choose another --prefix, or remove it first");
    }
    if (bin.isPresent()) {
      Path dir = bin.get().toAbsolutePath().normalize();
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        throw new Main.UsageException("--bin " + dir + " is not a directory");
      }
      Path link = dir.resolve("safeops");
      if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link)) {
        throw new Main.UsageException(link + " exists and is not a link; remove it or choose another --bin");
      }
    }
  }

  static boolean isSafeopsFolder(Path dir) {
    return Files.isRegularFile(dir.resolve("bin").resolve("safeops"))
        && Files.isRegularFile(dir.resolve("lib").resolve(ClassDataArchive.JAR));
  }

  private static boolean isEmptyDirectory(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /** The folder without its archive files (they belong to the folder they were made in), fsynced. */
  private static void copy(Path from, Path to) throws IOException {
    List<Path> skip = List.of(Path.of("lib", ClassDataArchive.ARCHIVE), Path.of("lib", ClassDataArchive.CHECK_PLAN_ARCHIVE),
        Path.of("lib", ClassDataArchive.JDK), Path.of("lib", ClassDataArchive.MADE_IN));
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path rel = from.relativize(p);
        if (skip.contains(rel) || rel.getFileName().toString().startsWith(".")) {
          continue;
        }
        Path target = to.resolve(rel.toString());
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(target);
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
          try (FileChannel ch = FileChannel.open(target, StandardOpenOption.READ)) { // a read-only file is fsynced all the same
            ch.force(true);
          }
        } else {
          throw new IOException(p + " is neither a file nor a folder");
        }
      }
    }
    try (Stream<Path> dirs = Files.walk(to)) {
      for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
        AtomicFiles.syncDirectory(d);
      }
    }
  }

  /** Replaces {@code link} with a symbolic link to {@code target} in one rename. */
  private static void link(Path link, Path target) throws IOException {
    Files.createDirectories(link.getParent());
    if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link)) {
      throw new IOException(link + " exists and is not a link");
    }
    Path tmp = link.resolveSibling(".safeops.link-" + UUID.randomUUID().toString().substring(0, 8));
    Files.createSymbolicLink(tmp, target);
    try {
      Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    AtomicFiles.syncDirectory(link.getParent());
  }

  private static boolean onPath(Path dir) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String entry : path.split(java.io.File.pathSeparator)) {
      if (!entry.isEmpty() && Path.of(entry).toAbsolutePath().normalize().equals(dir)) {
        return true;
      }
    }
    return false;
  }

  /** The PreToolUse entry for Claude Code, with the launcher's absolute path quoted for the shell. */
  static String settingsSnippet(Path launcher) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ObjectNode entry = root.putObject("hooks").putArray("PreToolUse").addObject();
    entry.put("matcher", "Bash|Write|Edit|MultiEdit|NotebookEdit");
    entry.putArray("hooks").addObject().put("type", "command").put("command", shellWord(launcher.toString()) + " hook claude-code")
        .put("timeout", 10);
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the settings snippet", e);
    }
  }

  static String shellWord(String s) {
    return SHELL_SAFE.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
  }

  /** Runs the installed launcher on a destroy event: it must deny. */
  private static void checkLauncher(Path launcher) throws IOException {
    Path work = Files.createTempDirectory("safeops-install-check");
    try {
      String answer = Subprocess.run("the installed launcher", List.of(launcher.toString(), "hook", "claude-code"),
          EVENT.getBytes(StandardCharsets.UTF_8), work, Duration.ofMinutes(2));
      if (!answer.contains("\"permissionDecision\":\"deny\"")) {
        throw new IOException("the installed launcher did not deny `terraform destroy`: " + Subprocess.firstLine(answer));
      }
    } finally {
      deleteTree(work);
    }
  }

  /** Deletes a folder and everything in it, without following links out of it; nothing when it is not there. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String message(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
