package dev.safeops.core.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The paths a {@link SimpleCommand} writes, moves or deletes, as far as its words show them:
 * redirections, the operands of {@code rm}, {@code mv}, {@code cp}, {@code tee}, {@code
 * truncate}..., {@code dd of=}, files edited in place ({@code sed -i}), downloads ({@code curl
 * -o}, {@code aws s3 cp s3://... FILE}), archives extracted into a directory, and the value
 * of an output option of any program ({@code -o}, {@code -out}, {@code --output}...).
 * Classifiers use it to protect paths whatever tool writes them: Terraform state, safeops'
 * own records.
 *
 * <p>It reads syntax, not intent: a program it does not know can still write a path it does
 * not list, and a path that still holds an expansion ({@code $DIR/x}) is listed as written,
 * so the caller sees that it cannot know where. Stateless and thread-safe.
 */
public final class WriteTargets {

  /**
   * One path a command writes.
   *
   * @param path the path as written (unquoted; {@code ~} and {@code $X} not resolved)
   * @param removes true when the command deletes or moves the path away (and so everything
   *     under it), false when it writes or changes it
   */
  public record Target(String path, boolean removes) {}

  /** Programs whose {@code -o}/{@code --output} is not a file (a format, an ssh option, a mount option). */
  private static final Set<String> OUTPUT_IS_NOT_A_FILE = Set.of("aws", "ssh", "scp", "sftp", "autossh", "mosh",
      "kubectl", "oc", "helm", "az", "gcloud", "mount", "umount", "ps", "column", "ls", "jq", "yq", "stdbuf", "wc",
      "install");
  private static final Set<String> OUTPUT_OPTIONS = Set.of("-o", "-out", "--out", "--output", "--outfile",
      "--output-file", "--output-document", "--log-file", "--logfile", "-O");
  private static final Set<String> REMOVERS = Set.of("rm", "rmdir", "unlink", "shred", "srm", "wipe", "trash",
      "trash-put", "gio");
  private static final Set<String> CHANGERS = Set.of("truncate", "touch", "chmod", "chown", "chgrp", "chattr",
      "setfacl", "mkdir", "mkfifo", "sponge", "tee");
  private static final Set<String> COPIERS = Set.of("cp", "install", "ln", "rsync", "scp", "ditto", "gcp");

  private WriteTargets() {}

  /** The paths {@code command} writes, moves or deletes; empty for an unknown command. */
  public static List<Target> of(SimpleCommand command) {
    List<Target> out = new ArrayList<>();
    for (Redirect r : command.redirects()) {
      if (r.writesFile()) {
        out.add(new Target(r.target(), false));
      }
    }
    if (command.isUnknown() || command.words().isEmpty()) {
      return out;
    }
    String name = command.name();
    List<String> args = command.arguments();
    List<String> operands = operands(args, valueOptions(name));
    if (REMOVERS.contains(name)) {
      for (String o : operands) {
        out.add(new Target(o, true));
      }
    } else if (CHANGERS.contains(name)) {
      boolean firstIsSpec = name.equals("chmod") || name.equals("chown") || name.equals("chgrp")
          || name.equals("chattr") || name.equals("setfacl");
      for (int k = firstIsSpec ? 1 : 0; k < operands.size(); k++) {
        out.add(new Target(operands.get(k), false));
      }
    } else if (name.equals("mv") || name.equals("git") && !args.isEmpty() && args.get(0).equals("mv")) {
      List<String> ops = name.equals("git") ? operands.subList(1, operands.size()) : operands;
      String target = targetDirectory(args);
      for (int k = 0; k < ops.size(); k++) {
        out.add(new Target(ops.get(k), target != null || k < ops.size() - 1));
      }
      if (target != null) {
        out.add(new Target(target, false));
      }
    } else if (COPIERS.contains(name)) {
      String target = name.equals("rsync") || name.equals("scp") ? null : targetDirectory(args);
      if (target != null) {
        out.add(new Target(target, false));
      } else if (operands.size() >= 2) {
        out.add(new Target(operands.get(operands.size() - 1), false));
      }
      if (name.equals("rsync") && args.stream().anyMatch(a -> a.startsWith("--delete") || a.startsWith("--remove"))) {
        out.add(new Target(operands.isEmpty() ? "." : operands.get(operands.size() - 1), true));
      }
    } else if (name.equals("dd")) {
      for (String a : args) {
        if (a.startsWith("of=")) {
          out.add(new Target(a.substring(3), false));
        }
      }
    } else if (name.equals("sed") || name.equals("gsed") || name.equals("perl") || name.equals("ruby")) {
      inPlace(args, name, out);
    } else if (name.equals("git")) {
      git(args, operands, out);
    } else if (name.equals("find") && args.contains("-delete")) {
      for (String a : args) {
        if (a.startsWith("-") || a.equals("!") || a.equals("(")) {
          break;
        }
        out.add(new Target(a, true));
      }
    } else if (name.equals("aws")) {
      aws(args, out);
    } else if (name.equals("tar") || name.equals("gtar") || name.equals("bsdtar")) {
      tar(args, out);
    } else if (name.equals("unzip")) {
      int d = args.indexOf("-d");
      out.add(new Target(d >= 0 && d + 1 < args.size() ? args.get(d + 1) : ".", false));
    } else if (name.equals("wget")) {
      for (int k = 0; k + 1 < args.size(); k++) {
        if (args.get(k).equals("-P") || args.get(k).equals("--directory-prefix")) {
          out.add(new Target(args.get(k + 1), false));
        }
      }
    } else if (name.equals("script") && !operands.isEmpty()) {
      out.add(new Target(operands.get(operands.size() - 1), false));
    }
    if (!OUTPUT_IS_NOT_A_FILE.contains(name)) {
      outputOptions(args, out);
    }
    if (name.equals("curl") || name.equals("wget")) {
      // curl -sSLo FILE, wget -qO FILE: the output option at the end of a cluster of short ones.
      char letter = name.equals("curl") ? 'o' : 'O';
      for (int k = 0; k + 1 < args.size(); k++) {
        String a = args.get(k);
        if (a.length() > 2 && a.charAt(0) == '-' && a.charAt(1) != '-' && a.charAt(a.length() - 1) == letter) {
          out.add(new Target(args.get(k + 1), false));
        }
      }
    }
    return out;
  }

  private static void outputOptions(List<String> args, List<Target> out) {
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if (OUTPUT_OPTIONS.contains(a) && k + 1 < args.size()) {
        out.add(new Target(args.get(k + 1), false));
        k++;
        continue;
      }
      int eq = a.indexOf('=');
      if (eq > 0 && OUTPUT_OPTIONS.contains(a.substring(0, eq))) {
        out.add(new Target(a.substring(eq + 1), false));
      }
    }
  }

  private static void inPlace(List<String> args, String name, List<Target> out) {
    boolean inPlace = false;
    for (String a : args) {
      if (a.startsWith("-i") || a.startsWith("--in-place") || a.length() > 1 && a.charAt(0) == '-'
          && a.charAt(1) != '-' && a.indexOf('i') > 0) {
        inPlace = true;
      }
    }
    if (!inPlace) {
      return;
    }
    // The first operand is the script unless -e/-f gave it.
    boolean scriptGiven = args.contains("-e") || args.contains("-f") || args.stream()
        .anyMatch(a -> a.startsWith("--expression") || a.startsWith("--file"));
    boolean skippedScript = scriptGiven;
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if (a.equals("-e") || a.equals("-f")) {
        k++;
        continue;
      }
      if (a.startsWith("-")) {
        continue;
      }
      if (!skippedScript) {
        skippedScript = true;
        continue;
      }
      out.add(new Target(a, false));
    }
  }

  private static void git(List<String> args, List<String> operands, List<Target> out) {
    if (args.isEmpty()) {
      return;
    }
    switch (args.get(0)) {
      case "checkout", "restore", "rm" -> {
        for (String o : operands.subList(Math.min(1, operands.size()), operands.size())) {
          out.add(new Target(o, args.get(0).equals("rm")));
        }
      }
      case "clean" -> out.add(new Target(".", true));
      case "reset" -> {
        if (args.contains("--hard")) {
          out.add(new Target(".", false));
        }
      }
      default -> {
        // other git commands write inside .git only
      }
    }
  }

  private static void aws(List<String> args, List<Target> out) {
    int s3 = args.indexOf("s3");
    int s3api = args.indexOf("s3api");
    if (s3 >= 0 && s3 + 1 < args.size() && Set.of("cp", "mv", "sync").contains(args.get(s3 + 1))) {
      List<String> ops = operands(args.subList(s3 + 2, args.size()));
      if (ops.size() >= 2) {
        String dest = ops.get(ops.size() - 1);
        if (!dest.startsWith("s3://") && !dest.equals("-")) {
          out.add(new Target(dest, false));
        }
        String source = ops.get(0);
        if (args.get(s3 + 1).equals("mv") && !source.startsWith("s3://")) {
          out.add(new Target(source, true));
        }
      }
    } else if (s3api >= 0 && s3api + 1 < args.size() && args.get(s3api + 1).startsWith("get-object")) {
      // get-object [options] OUTFILE: the last word that is neither an option nor an option's value.
      List<String> rest = args.subList(s3api + 2, args.size());
      String last = null;
      for (int k = 0; k < rest.size(); k++) {
        String a = rest.get(k);
        if (a.startsWith("--")) {
          if (a.indexOf('=') < 0 && k + 1 < rest.size() && !rest.get(k + 1).startsWith("--")
              && !Set.of("--no-paginate", "--debug", "--no-verify-ssl", "--no-sign-request").contains(a)) {
            k++;
          }
        } else {
          last = a;
        }
      }
      if (last != null && !last.equals("-") && !last.equals("/dev/stdout")) {
        out.add(new Target(last, false));
      }
    }
  }

  private static void tar(List<String> args, List<Target> out) {
    boolean extract = false;
    boolean create = false;
    String dir = null;
    String archive = null;
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      String next = k + 1 < args.size() ? args.get(k + 1) : null;
      if (a.equals("-C") || a.equals("--directory")) {
        dir = next;
        k++;
      } else if (a.startsWith("--directory=")) {
        dir = a.substring("--directory=".length());
      } else if (a.equals("-f") || a.equals("--file")) {
        archive = next;
        k++;
      } else if (a.startsWith("--file=")) {
        archive = a.substring("--file=".length());
      } else if (a.equals("--extract") || a.equals("--get")) {
        extract = true;
      } else if (a.equals("--create") || a.equals("--append") || a.equals("--update")) {
        create = true;
      } else if (!a.startsWith("--") && (a.startsWith("-") || k == 0)) {
        String bundle = a.startsWith("-") ? a.substring(1) : a;
        extract |= bundle.indexOf('x') >= 0;
        create |= bundle.indexOf('c') >= 0 || bundle.indexOf('r') >= 0 || bundle.indexOf('u') >= 0;
        int f = bundle.indexOf('f');
        if (f >= 0 && f + 1 < bundle.length()) {
          archive = bundle.substring(f + 1);
        } else if (f >= 0 && next != null) {
          archive = next;
          k++;
        }
      }
    }
    if (extract) {
      out.add(new Target(dir == null ? "." : dir, false));
    }
    if (create && archive != null && !archive.equals("-")) {
      out.add(new Target(archive, false));
    }
  }

  /** The value of {@code -t DIR} or {@code --target-directory=DIR}, or null. */
  private static String targetDirectory(List<String> args) {
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if ((a.equals("-t") || a.equals("--target-directory")) && k + 1 < args.size()) {
        return args.get(k + 1);
      }
      if (a.startsWith("--target-directory=")) {
        return a.substring("--target-directory=".length());
      }
    }
    return null;
  }

  /** Options that take the next word as their value, per program (the target directory for all). */
  private static Set<String> valueOptions(String name) {
    return switch (name) {
      case "truncate" -> Set.of("-s", "--size", "-r", "--reference");
      case "touch" -> Set.of("-d", "-t", "-r", "--date", "--reference");
      case "mkdir" -> Set.of("-m", "--mode");
      case "install" -> Set.of("-t", "--target-directory", "-S", "--suffix", "-m", "--mode", "-o", "--owner", "-g",
          "--group");
      case "cp", "mv", "ln" -> Set.of("-t", "--target-directory", "-S", "--suffix");
      case "rsync" -> Set.of("-e", "--rsh", "--exclude", "--include", "--filter", "-f", "--exclude-from",
          "--include-from", "--files-from", "--backup-dir", "--suffix", "--chmod", "--log-file", "--rsync-path");
      case "scp" -> Set.of("-i", "-P", "-o", "-F", "-c", "-l", "-S", "-J");
      default -> Set.of();
    };
  }

  /** The words that are neither options nor an option's value. */
  private static List<String> operands(List<String> args) {
    return operands(args, Set.of());
  }

  private static List<String> operands(List<String> args, Set<String> valueOptions) {
    List<String> ops = new ArrayList<>();
    boolean end = false;
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if (!end && a.equals("--")) {
        end = true;
      } else if (!end && valueOptions.contains(a)) {
        k++;
      } else if (end || !a.startsWith("-") || a.equals("-")) {
        ops.add(a);
      }
    }
    return ops;
  }
}
