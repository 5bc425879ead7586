package dev.safeops.terraform.command;

import dev.safeops.core.command.Classification;
import dev.safeops.core.command.CommandClassifier;
import dev.safeops.core.command.CommandContext;
import dev.safeops.core.command.Redirect;
import dev.safeops.core.command.SimpleCommand;
import dev.safeops.core.command.WriteTargets;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Classifies every command that writes, moves, deletes or unpacks over Terraform state
 * ({@code *.tfstate}, {@code *.tfstate.backup}, {@code terraform.tfstate.d/}) or the
 * {@code .terraform/} working directory: redirections, {@code rm}, {@code mv}, {@code cp},
 * {@code tee}, {@code dd}, {@code sed -i}, {@code curl -o}, {@code git checkout}, downloads
 * from S3, {@code find -delete}, unpacking and syncing. The {@link TerraformCommandClassifier}
 * asks it about every command, so the worse of the two opinions wins.
 *
 * <p>Unpacking ({@code tar -x}, {@code unzip}, {@code 7z x}, {@code unrar x}, {@code cpio -i})
 * and {@code rsync} into a local directory: destructive when a named member is state, the
 * target holds state, {@code .terraform/} or any {@code *.tf} file, or the archive's or
 * source's name says state, terraform or backup and the target cannot be inspected; mutating
 * when such a name goes into an inspected directory without Terraform files, or when nothing
 * names the members and the target cannot be inspected; no opinion in an unrelated directory.
 * {@code gunzip} and the other single-file decompressors are judged by the file they write.
 *
 * <p>Stateless and thread-safe; the only I/O is listing the directory an archive is unpacked
 * or synced into (or a glob's directory), when the context knows it.
 */
final class StateFileClassifier implements CommandClassifier {

  @Override
  public List<String> domainWords() {
    return List.of("tfstate");
  }

  @Override
  public Optional<Classification> classify(SimpleCommand c, CommandContext context) {
    for (Redirect r : c.redirects()) {
      if (r.writesFile() && StatePaths.isState(r.target())) {
        return Optional.of(Classification.destructive("the redirection " + r.operator() + " " + r.target()
            + " overwrites Terraform state; the state is only ever written by an approved apply"));
      }
    }
    String name = c.name();
    // Any tool, however it is spelled: an output option (-o, -out, --output), a copy's target, a file edited in place.
    if (namesTerraform(c)) {
      for (WriteTargets.Target t : WriteTargets.of(c)) {
        if (StatePaths.isState(t.path()) || t.removes() && StatePaths.globNamesState(t.path())) {
          return destructive(name, t.path(), t.removes() ? "deletes or moves" : "writes over");
        }
      }
      Optional<String> copied = copiedTo(c);
      if (copied.isPresent() && StatePaths.isState(copied.get())) {
        return destructive(name, copied.get(), "copies over");
      }
    }
    List<String> args = c.arguments();
    List<String> operands = operands(args);
    switch (name) {
      case "rm", "shred", "unlink", "truncate", "rmdir" -> {
        for (String o : operands) {
          if (StatePaths.isState(o) || StatePaths.globNamesState(o) || globHitsState(context, c, o)) {
            return destructive(name, o, "deletes");
          }
        }
        if ((name.equals("rm") && recursive(args)) && !operands.isEmpty()) {
          for (String o : operands) {
            if (holdsState(context, c, o)) {
              return destructive(name, o, "deletes a directory holding");
            }
          }
        }
        return Optional.empty();
      }
      case "mv" -> {
        for (String o : operands) {
          if (StatePaths.isState(o) || StatePaths.globNamesState(o) || globHitsState(context, c, o)) {
            return destructive(name, o, "moves over or away");
          }
        }
        return Optional.empty();
      }
      case "cp", "install", "ln", "rsync", "scp" -> {
        // rsync and scp have no target-directory option (rsync -t preserves times).
        Optional<String> explicit = name.equals("rsync") || name.equals("scp") ? Optional.empty() : explicitTarget(args);
        List<String> sources = new ArrayList<>(operands);
        if (explicit.isPresent()) {
          sources.remove(explicit.get().substring(0, explicit.get().length() - 1));
        } else if (!sources.isEmpty()) {
          sources.remove(sources.size() - 1);
        }
        if (operands.isEmpty()) {
          return Optional.empty();
        }
        String target = explicit.orElse(operands.get(operands.size() - 1));
        if (StatePaths.isState(target)) {
          return destructive(name, target, "overwrites");
        }
        boolean intoDirectory = explicit.isPresent() || StatePaths.isDirectoryLike(target) || sources.size() > 1;
        if (intoDirectory) {
          for (String o : sources) {
            if (StatePaths.isStateFileName(o) || StatePaths.globNamesState(o)) {
              return destructive(name, o, "copies a state file over the one in " + target + ":");
            }
          }
        }
        for (String o : operands) {
          if (StatePaths.isState(o)) {
            return Optional.of(Classification.mutating(name + " copies Terraform state (" + o + ") without replacing it"));
          }
        }
        if (name.equals("rsync")) {
          return sync(c, context, operands, target);
        }
        if (name.equals("cp") && recursive(args) && !sources.isEmpty()) {
          // A tree copied over a directory can bring state or .terraform/ with it, as an unpacked archive can.
          return unpackVerdict(c, context, "cp -r", sources, List.of(), target);
        }
        return Optional.empty();
      }
      case "tee" -> {
        for (String o : operands) {
          if (StatePaths.isState(o)) {
            return destructive(name, o, "overwrites");
          }
        }
        return Optional.empty();
      }
      case "dd" -> {
        for (String a : args) {
          if (a.startsWith("of=") && StatePaths.isState(a.substring(3))) {
            return destructive(name, a.substring(3), "overwrites");
          }
        }
        return Optional.empty();
      }
      case "sed", "perl" -> {
        if (args.stream().anyMatch(a -> a.startsWith("-i") || a.startsWith("--in-place") || a.matches("-[a-zA-Z]*i.*"))) {
          for (String o : operands) {
            if (StatePaths.isState(o)) {
              return destructive(name, o, "edits in place");
            }
          }
        }
        return Optional.empty();
      }
      case "tar", "bsdtar", "gtar" -> {
        return tar(c, context, args);
      }
      case "unzip", "7z", "7za", "unrar", "cpio" -> {
        return unpack(c, context, name, args);
      }
      case "gunzip", "bunzip2", "unxz", "unzstd", "zstd", "gzip", "xz", "bzip2" -> {
        return decompress(c, name, args);
      }
      case "curl", "wget" -> {
        for (int k = 0; k < args.size(); k++) {
          String a = args.get(k);
          if ((a.equals("-o") || a.equals("-O") || a.equals("--output") || a.equals("--output-document"))
              && k + 1 < args.size() && StatePaths.isState(args.get(k + 1))) {
            return destructive(name, args.get(k + 1), "downloads over");
          }
          if (a.startsWith("--output=") || a.startsWith("--output-document=")) {
            String f = a.substring(a.indexOf('=') + 1);
            if (StatePaths.isState(f)) {
              return destructive(name, f, "downloads over");
            }
          }
        }
        return Optional.empty();
      }
      case "git" -> {
        if (!args.isEmpty() && (args.get(0).equals("checkout") || args.get(0).equals("restore")
            || args.get(0).equals("reset") || args.get(0).equals("clean") || args.get(0).equals("rm")
            || args.get(0).equals("mv") || args.get(0).equals("stash"))) {
          for (String o : operands.subList(Math.min(1, operands.size()), operands.size())) {
            if (StatePaths.isState(o)) {
              return destructive("git " + args.get(0), o, "overwrites or deletes");
            }
          }
        }
        return Optional.empty();
      }
      case "aws" -> {
        // aws s3 cp|mv|sync s3://.../terraform.tfstate LOCAL: a download over the local state.
        if (args.size() >= 3 && args.contains("s3")) {
          int s3 = args.indexOf("s3");
          if (s3 + 1 < args.size() && Set.of("cp", "mv", "sync").contains(args.get(s3 + 1))) {
            List<String> ops = operands(args.subList(s3 + 2, args.size()));
            if (!ops.isEmpty()) {
              String dest = ops.get(ops.size() - 1);
              if (!dest.startsWith("s3://") && (StatePaths.isState(dest)
                  || StatePaths.isDirectoryLike(dest) && ops.stream().anyMatch(StatePaths::isStateFileName))) {
                return destructive("aws s3 " + args.get(s3 + 1), dest, "downloads over");
              }
            }
          }
        }
        return Optional.empty();
      }
      case "find" -> {
        boolean deletes = args.contains("-delete");
        for (int k = 0; k + 1 < args.size(); k++) {
          if (Set.of("-exec", "-execdir", "-ok", "-okdir").contains(args.get(k))
              && Set.of("rm", "mv", "cp", "shred", "unlink", "truncate", "dd", "tee", "sed").contains(args.get(k + 1))) {
            deletes = true;
          }
        }
        boolean mentions = args.stream().anyMatch(a -> StatePaths.isState(a) || a.contains("tfstate"));
        if (deletes && mentions) {
          return destructive(name, "Terraform state", "deletes or overwrites every match of");
        }
        return Optional.empty();
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  /** Subcommands that copy or download to the last operand in cloud and remote-copy tools ({@code gsutil cp}). */
  /**
   * True when some argument could name state ({@code tfstate}, {@code .terraform}, a pattern
   * with {@code tf} or {@code terra}): without one, no path the command writes is state, and
   * the cost of listing them is saved for the many commands that never touch it.
   */
  private static boolean namesTerraform(SimpleCommand c) {
    for (String w : c.arguments()) {
      // One pass: "tf" or "terra" in any case.
      for (int k = 0; k + 1 < w.length(); k++) {
        char t = w.charAt(k);
        if (t == 't' || t == 'T') {
          char n = w.charAt(k + 1);
          if (n == 'f' || n == 'F' || (n == 'e' || n == 'E') && w.regionMatches(true, k, "terra", 0, 5)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Programs whose copies this class reads by their own rules. */
  private static final Set<String> OWN_RULES = Set.of("cp", "mv", "rsync", "scp", "install", "ln", "git", "aws");
  private static final Set<String> COPY_SUBCOMMANDS = Set.of("cp", "mv", "copy", "copyto", "move", "moveto", "sync",
      "rsync", "get", "download", "pull", "fetch");

  /**
   * The local file a tool of the {@code TOOL [group] cp SOURCE TARGET} shape ({@code gsutil
   * cp}, {@code gcloud storage cp}, {@code rclone copyto}, {@code s3cmd get}, {@code mc cp},
   * {@code docker cp}) copies to; empty for other shapes and for remote targets.
   */
  private static Optional<String> copiedTo(SimpleCommand c) {
    List<String> ops = operands(c.arguments());
    if (OWN_RULES.contains(c.name()) || ops.size() < 3) {
      return Optional.empty();
    }
    int sub = COPY_SUBCOMMANDS.contains(ops.get(0)) ? 0 : COPY_SUBCOMMANDS.contains(ops.get(1)) ? 1 : -1;
    if (sub < 0 || ops.size() - sub < 3) {
      return Optional.empty();
    }
    String target = ops.get(ops.size() - 1);
    return target.contains("://") ? Optional.empty() : Optional.of(target);
  }

  /** GNU tar long options that take their value as the next word. */
  private static final Set<String> TAR_LONG_WITH_VALUE = Set.of("--exclude", "--transform", "--xform",
      "--strip-components", "--owner", "--group", "--mode", "--use-compress-program", "--files-from", "--newer",
      "--after-date", "--exclude-from", "--label", "--format", "--blocking-factor", "--record-size");

  private static Optional<Classification> tar(SimpleCommand c, CommandContext context, List<String> args) {
    boolean extract = false;
    String dir = null;
    List<String> archives = new ArrayList<>();
    List<String> members = new ArrayList<>();
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      String next = k + 1 < args.size() ? args.get(k + 1) : null;
      if (a.equals("-C") || a.equals("--directory")) {
        dir = next;
        k++;
      } else if (a.startsWith("--directory=")) {
        dir = a.substring("--directory=".length());
      } else if (a.equals("-f") || a.equals("--file")) {
        addIfPresent(archives, next);
        k++;
      } else if (a.startsWith("--file=")) {
        archives.add(a.substring("--file=".length()));
      } else if (a.equals("-x") || a.equals("--extract") || a.equals("--get")) {
        extract = true;
      } else if (a.startsWith("--")) {
        if (TAR_LONG_WITH_VALUE.contains(a)) {
          k++;
        }
      } else if (a.startsWith("-") && a.length() > 1 || k == 0 && a.matches("[a-zA-Z]+")) {
        // A bundle of short options (-xzf, or the old style xzf): f takes the rest of the bundle or the next word.
        String bundle = a.startsWith("-") ? a.substring(1) : a;
        extract |= bundle.indexOf('x') >= 0;
        int f = bundle.indexOf('f');
        if (f >= 0 && f + 1 < bundle.length()) {
          archives.add(bundle.substring(f + 1));
        } else if (f >= 0) {
          addIfPresent(archives, next);
          k++;
        } else if (bundle.endsWith("C")) {
          dir = next;
          k++;
        }
      } else {
        members.add(a);
      }
    }
    if (!extract) {
      return Optional.empty();
    }
    return unpackVerdict(c, context, "tar", archives, members, dir);
  }

  private static void addIfPresent(List<String> list, String value) {
    if (value != null) {
      list.add(value);
    }
  }

  /**
   * unzip, 7z, unrar and cpio: multi-file extractors. unzip's first operand is the archive and
   * the rest are members; 7z's are after its command letter; cpio reads its archive from stdin.
   */
  private static Optional<Classification> unpack(SimpleCommand c, CommandContext context, String name,
      List<String> args) {
    List<String> archives = new ArrayList<>();
    List<String> members = new ArrayList<>();
    String dir = null;
    switch (name) {
      case "unzip" -> {
        for (int k = 0; k < args.size(); k++) {
          String a = args.get(k);
          if ((a.equals("-d") || a.equals("-x")) && k + 1 < args.size()) {
            if (a.equals("-d")) {
              dir = args.get(k + 1);
            }
            k++;
          } else if (a.equals("-l") || a.equals("-t") || a.equals("-v") || a.equals("-Z") || a.equals("-p")
              || a.equals("-c")) {
            return Optional.empty(); // lists, tests or prints: writes no file
          } else if (!a.startsWith("-")) {
            (archives.isEmpty() ? archives : members).add(a);
          }
        }
      }
      case "7z", "7za" -> {
        List<String> ops = operands(args);
        if (ops.isEmpty() || !(ops.get(0).equals("x") || ops.get(0).equals("e"))) {
          return Optional.empty();
        }
        for (String a : args) {
          if (a.startsWith("-o") && a.length() > 2) {
            dir = a.substring(2);
          }
        }
        if (ops.size() > 1) {
          archives.add(ops.get(1));
          members.addAll(ops.subList(2, ops.size()));
        }
      }
      case "unrar" -> {
        List<String> ops = operands(args);
        if (ops.isEmpty() || !(ops.get(0).equals("x") || ops.get(0).equals("e"))) {
          return Optional.empty();
        }
        if (ops.size() > 1) {
          archives.add(ops.get(1));
          for (String m : ops.subList(2, ops.size())) {
            if (m.endsWith("/") && m.equals(ops.get(ops.size() - 1))) {
              dir = m;
            } else {
              members.add(m);
            }
          }
        }
      }
      default -> { // cpio
        boolean in = args.stream().anyMatch(a -> a.equals("--extract")
            || a.startsWith("-") && !a.startsWith("--") && a.indexOf('i') > 0);
        if (!in) {
          return Optional.empty();
        }
        for (int k = 0; k < args.size(); k++) {
          if ((args.get(k).equals("-D") || args.get(k).equals("--directory")) && k + 1 < args.size()) {
            dir = args.get(++k);
          } else if (args.get(k).startsWith("--directory=")) {
            dir = args.get(k).substring("--directory=".length());
          }
        }
        members.addAll(operands(args));
      }
    }
    return unpackVerdict(c, context, name, archives, members, dir);
  }

  /**
   * gunzip and friends write one file: the archive's name without its suffix, next to it (or
   * stdout with -c). Only that name can be overwritten, so the directory's content does not matter.
   */
  private static Optional<Classification> decompress(SimpleCommand c, String name, List<String> args) {
    boolean decompress = name.startsWith("gun") || name.startsWith("bun") || name.startsWith("unx")
        || name.equals("unzstd")
        || args.stream().anyMatch(a -> a.equals("-d") || a.equals("--decompress") || a.equals("--uncompress")
            || a.matches("-[a-zA-Z]*d[a-zA-Z]*"));
    boolean toStdout = args.stream().anyMatch(a -> a.equals("-c") || a.equals("--stdout") || a.equals("--to-stdout")
        || a.matches("-[a-zA-Z]*c[a-zA-Z]*"));
    if (!decompress || toStdout) {
      return Optional.empty();
    }
    for (String a : operands(args)) {
      String out = a.replaceFirst("\\.(gz|z|bz2|xz|zst|tgz|lzma)$", "");
      if (StatePaths.isState(out) || namesStateOrBackup(a)) {
        return Optional.of(Classification.destructive(name + " unpacks " + a + " over Terraform state or a file "
            + "beside it; the state is only ever written by an approved apply: restore state through the state guard"));
      }
    }
    return Optional.empty();
  }

  /**
   * rsync into a local directory: destructive when the source's name says state or backup or
   * the target directory is a Terraform working directory; mutating when the target cannot be
   * inspected. A remote target changes nothing here.
   */
  private static Optional<Classification> sync(SimpleCommand c, CommandContext context, List<String> operands,
      String target) {
    if (operands.size() < 2 || isRemote(target)) {
      return Optional.empty();
    }
    return unpackVerdict(c, context, "rsync", operands.subList(0, operands.size() - 1), List.of(), target);
  }

  private static boolean isRemote(String path) {
    int colon = path.indexOf(':');
    int slash = path.indexOf('/');
    return path.startsWith("rsync://") || colon > 0 && (slash < 0 || colon < slash);
  }

  /**
   * The rule for extracting or syncing into a directory: destructive when a named member is
   * state, the directory is (or holds) state, {@code .terraform/} or any {@code *.tf} file, or
   * an archive's or source's name says state, terraform or backup and the directory cannot be
   * inspected; mutating when such a name goes into an inspected directory with no Terraform
   * files (unpacking a backup elsewhere to compare is the safe path, so it is asked, not
   * refused), or when nothing names the members and the directory cannot be inspected (no
   * start directory, a computed path, a start directory that does not exist); no opinion
   * otherwise, so an ordinary archive unpacked in an unrelated directory stays the user's
   * business.
   */
  private static Optional<Classification> unpackVerdict(SimpleCommand c, CommandContext context, String name,
      List<String> archives, List<String> members, String dir) {
    String verb = name.equals("rsync") ? "syncs" : name.equals("cp -r") ? "copies a tree" : "unpacks";
    for (String m : members) {
      if (StatePaths.isState(m) || StatePaths.globNamesState(m)) {
        return Optional.of(Classification.destructive(name + " " + verb + " " + m + " over Terraform state or "
            + ".terraform/; the state is only ever written by an approved apply: restore state through the state guard"));
      }
    }
    String where = dir == null ? "the working directory" : dir;
    if (dir != null && StatePaths.isState(dir)) {
      return Optional.of(Classification.destructive(name + " " + verb + " into " + dir + ", which is Terraform state "
          + "or .terraform/; the state is only ever written by an approved apply: restore state through the state guard"));
    }
    Inspection site = inspect(context, c, dir == null ? "." : dir);
    if (site.kind() == Site.STATE) {
      return Optional.of(Classification.destructive(name + " " + verb + " into " + where + ", which holds Terraform "
          + "state (" + site.detail() + "): it may overwrite it; unpack elsewhere and compare"));
    }
    if (site.kind() == Site.CONFIGURATION) {
      return Optional.of(Classification.destructive(name + " " + verb + " into " + where + ", a Terraform "
          + "configuration (" + site.detail() + "): it may bring in a state file or .terraform/ that the next apply "
          + "acts on; unpack elsewhere, compare, and change the state only through an approved apply"));
    }
    List<String> named = new ArrayList<>(archives);
    for (Redirect r : c.redirects()) {
      if (r.operator().endsWith("<") && !r.isHereDocument()) {
        named.add(r.target());
      }
    }
    for (String a : named) {
      if ((StatePaths.isState(a) || namesStateOrBackup(a)) && site.kind() == Site.UNRELATED) {
        // Unpacking a backup into a directory with no Terraform files is the safe path itself: ask, do not refuse.
        return Optional.of(Classification.mutating(name + " " + verb + " " + a + ", whose name says it holds "
            + "Terraform state or a backup, into " + where + ", which holds no Terraform files now; a person "
            + "should confirm it is not restoring state by hand"));
      }
      if (StatePaths.isState(a) || namesStateOrBackup(a)) {
        return Optional.of(Classification.destructive(name + " " + verb + " " + a + ", whose name says it holds "
            + "Terraform state or a backup, into " + where + ": it may overwrite the current state; unpack it "
            + "elsewhere and restore state only through the state guard"));
      }
    }
    if (site.kind() == Site.UNKNOWN && members.isEmpty()) {
      return Optional.of(Classification.mutating(name + " " + verb + " into " + where + ", which safeops cannot "
          + "inspect here: it may overwrite Terraform state; name the target directory literally, or unpack into an "
          + "empty directory"));
    }
    return Optional.empty();
  }

  private static final java.util.regex.Pattern STATE_OR_BACKUP =
      java.util.regex.Pattern.compile("(?<![a-z])state|tfstate|terraform|backup");

  /** True when a name says Terraform state, terraform, or a backup ({@code old-state.tar.gz}, {@code backup/}). */
  private static boolean namesStateOrBackup(String name) {
    return STATE_OR_BACKUP.matcher(name.toLowerCase(Locale.ROOT)).find();
  }

  private enum Site { STATE, CONFIGURATION, UNRELATED, UNKNOWN }

  private record Inspection(Site kind, String detail) {}

  /**
   * What {@code dir}, resolved where the command runs, holds. UNKNOWN when the directory the
   * command runs in is not known or does not exist, the path is computed at run time, or it
   * cannot be listed; a target that does not exist yet holds nothing.
   */
  private static Inspection inspect(CommandContext context, SimpleCommand c, String dir) {
    Optional<Path> base = context.directoryOf(c);
    if (base.isEmpty() || dir.contains("$") || dir.contains("`") || dir.startsWith("~")) {
      return new Inspection(Site.UNKNOWN, "");
    }
    try {
      if (!Files.isDirectory(base.get())) {
        return new Inspection(Site.UNKNOWN, "");
      }
      Path d = base.get().resolve(dir).normalize();
      if (!Files.isDirectory(d)) {
        return new Inspection(Site.UNRELATED, "");
      }
      if (Files.isDirectory(d.resolve(".terraform"))) {
        return new Inspection(Site.STATE, ".terraform/");
      }
      String config = null;
      int seen = 0;
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(d)) {
        for (Path p : entries) {
          String n = p.getFileName().toString();
          if (StatePaths.isStateFileName(n) || n.equals("terraform.tfstate.d")) {
            return new Inspection(Site.STATE, n);
          }
          String lower = n.toLowerCase(Locale.ROOT);
          if (config == null && (lower.endsWith(".tf") || lower.endsWith(".tf.json"))) {
            config = n;
          }
          if (++seen > 2000) {
            return config == null ? new Inspection(Site.UNKNOWN, "") : new Inspection(Site.CONFIGURATION, config);
          }
        }
      }
      return config == null ? new Inspection(Site.UNRELATED, "") : new Inspection(Site.CONFIGURATION, config);
    } catch (IOException | RuntimeException e) {
      return new Inspection(Site.UNKNOWN, "");
    }
  }

  private static Optional<Classification> destructive(String name, String path, String verb) {
    return Optional.of(Classification.destructive(name + " " + verb + " Terraform state or its working files (" + path
        + "); the state is only ever written by an approved apply, so keep a copy and let terraform change it"));
  }

  /** {@code -r}, {@code -R}, {@code --recursive}, and {@code cp}'s {@code -a}/{@code --archive}, which copies trees too. */
  private static boolean recursive(List<String> args) {
    for (String a : args) {
      if (a.equals("--recursive") || a.equals("--archive") || (a.startsWith("-") && !a.startsWith("--")
          && (a.indexOf('r') > 0 || a.indexOf('R') > 0 || a.indexOf('a') > 0))) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> explicitTarget(List<String> args) {
    for (int k = 0; k < args.size(); k++) {
      if ((args.get(k).equals("-t") || args.get(k).equals("--target-directory")) && k + 1 < args.size()) {
        return Optional.of(args.get(k + 1) + "/");
      }
      if (args.get(k).startsWith("--target-directory=")) {
        return Optional.of(args.get(k).substring("--target-directory=".length()) + "/");
      }
    }
    return Optional.empty();
  }

  private static List<String> operands(List<String> args) {
    List<String> ops = new ArrayList<>();
    boolean end = false;
    for (String a : args) {
      if (!end && a.equals("--")) {
        end = true;
      } else if (end || !a.startsWith("-") || a.equals("-")) {
        ops.add(a);
      }
    }
    return ops;
  }

  /** Whether a glob such as {@code *} matches a state file that really is in its directory; false when unknown. */
  private static boolean globHitsState(CommandContext context, SimpleCommand c, String glob) {
    if (!StatePaths.isGlob(glob)) {
      return false;
    }
    Optional<Path> base = context.directoryOf(c);
    String parent = StatePaths.parent(glob);
    if (base.isEmpty() || parent.contains("$") || parent.startsWith("~") || StatePaths.isGlob(parent)) {
      return false;
    }
    try {
      Path d = base.get().resolve(parent).normalize();
      int seen = 0;
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(d)) {
        for (Path p : entries) {
          String n = p.getFileName().toString();
          if (StatePaths.isStateFileName(n) && StatePaths.globMatches(glob, n)) {
            return true;
          }
          if (++seen > 2000) {
            return false;
          }
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Whether {@code dir}, resolved where the command runs, holds Terraform state; false when unknown. */
  private static boolean holdsState(CommandContext context, SimpleCommand c, String dir) {
    Optional<Path> base = context.directoryOf(c);
    if (base.isEmpty() || dir.contains("$") || dir.startsWith("~")) {
      return false;
    }
    try {
      Path d = base.get().resolve(dir.equals("*") ? "." : dir).normalize();
      if (!Files.isDirectory(d)) {
        return false;
      }
      if (Files.isDirectory(d.resolve(".terraform"))) {
        return true;
      }
      int seen = 0;
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(d)) {
        for (Path p : entries) {
          if (StatePaths.isStateFileName(p.getFileName().toString())) {
            return true;
          }
          if (++seen > 2000) {
            return false;
          }
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
