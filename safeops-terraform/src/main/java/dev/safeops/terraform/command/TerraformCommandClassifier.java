package dev.safeops.terraform.command;

import dev.safeops.core.command.Classification;
import dev.safeops.core.command.CommandClassifier;
import dev.safeops.core.command.CommandContext;
import dev.safeops.core.command.Redirect;
import dev.safeops.core.command.SimpleCommand;
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
 * Classifies {@code terraform}, {@code tofu} and {@code terragrunt} commands, and every
 * command that writes, moves, deletes or unpacks over Terraform state ({@code *.tfstate},
 * {@code *.tfstate.backup}) or the {@code .terraform/} working directory.
 *
 * <p>Read-only: {@code plan} (any flags, {@code -destroy} included: it only plans),
 * {@code show}, {@code validate}, {@code fmt -check}, {@code output}, {@code graph},
 * {@code providers} (but not {@code lock}/{@code mirror}), {@code state list|show|pull},
 * {@code workspace list|show}, {@code version}, {@code console}, {@code state mv|rm|
 * replace-provider -dry-run}. Destructive: {@code destroy}, {@code apply -destroy}, {@code
 * apply -replace}, applying a saved plan whose name says destroy, {@code state rm|mv|push|
 * replace-provider}, {@code workspace delete}, {@code taint}, {@code force-unlock},
 * {@code init -force-copy}, and any overwrite of state. Everything else that terraform does,
 * and any subcommand this class does not know, is mutating: a saved plan file in particular
 * cannot be read here, so applying it is at least mutating. Reasons name the safe path.
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
public final class TerraformCommandClassifier implements CommandClassifier {
  private static final Set<String> BINARIES = Set.of("terraform", "tofu", "terragrunt");
  private static final Set<String> GLOBAL_FLAGS_WITH_VALUE = Set.of("-chdir");

  /**
   * True when {@code path} is Terraform state ({@code *.tfstate}, {@code *.tfstate.backup},
   * {@code terraform.tfstate.d/}) or the {@code .terraform/} working directory or inside it.
   * A file tool (an agent's Write or Edit) must not write such a path.
   */
  public static boolean isStatePath(String path) {
    return StatePaths.isState(path);
  }

  @Override
  public List<String> domainWords() {
    return List.of("terraform", "tofu", "terragrunt", "tfstate");
  }

  @Override
  public Optional<Classification> classify(SimpleCommand command, CommandContext context) {
    Optional<Classification> state = stateTouch(command, context);
    String name = command.name().toLowerCase(Locale.ROOT);
    List<String> args = command.arguments();
    if (name.equals("docker") || name.equals("podman")) {
      Optional<List<String>> inImage = terraformImageArguments(args);
      if (inImage.isEmpty()) {
        return state;
      }
      name = "terraform";
      args = inImage.get();
    } else if (!BINARIES.contains(name)) {
      return state;
    }
    Classification tf = terraform(name, withCliArgsFromEnvironment(command, args));
    if (state.isPresent() && state.get().effect().compareTo(tf.effect()) > 0) {
      return state;
    }
    return Optional.of(tf);
  }

  private static Classification terraform(String bin, List<String> args) {
    List<String> rest = new ArrayList<>();
    String chdir = null;
    boolean sub = false;
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if (!sub && a.startsWith("-")) {
        String flag = flagName(a);
        if (flag.equals("-chdir")) {
          chdir = a.contains("=") ? a.substring(a.indexOf('=') + 1) : (k + 1 < args.size() ? args.get(++k) : "");
        } else if (flag.equals("-version") || flag.equals("-v") || flag.equals("-help") || flag.equals("-h")) {
          return Classification.readOnly(bin + " " + a + " only prints");
        } else if (GLOBAL_FLAGS_WITH_VALUE.contains(flag) && !a.contains("=")) {
          k++;
        }
        continue;
      }
      sub = true;
      rest.add(a);
    }
    String where = chdir == null ? "" : " in " + chdir;
    if (rest.isEmpty()) {
      return Classification.readOnly(bin + " without a subcommand only prints its help");
    }
    String subcommand = rest.get(0);
    List<String> opts = rest.subList(1, rest.size());
    if (bin.equals("terragrunt")) {
      if (subcommand.equals("run-all") || subcommand.equals("run")) {
        List<String> inner = new ArrayList<>(opts);
        inner.removeIf(o -> o.equals("--all") || o.equals("--") || o.startsWith("--terragrunt") || o.equals("-a"));
        Classification c = inner.isEmpty()
            ? Classification.mutating("terragrunt " + subcommand + " without a command")
            : terraform("terraform", inner);
        return new Classification(c.effect(), "terragrunt " + subcommand + ", across every module: " + c.reason(),
            c.scope());
      }
    }
    String cmd = bin + " " + subcommand + where;
    String planFirst = "run `" + bin + (chdir == null ? "" : " -chdir=" + chdir)
        + " plan -out=tfplan`, submit the plan for approval, then apply exactly that plan";
    switch (subcommand) {
      case "plan":
        return Classification.readOnly(cmd + " only plans" + (has(opts, "-destroy") ? " (a destroy plan)" : ""));
      case "show":
      case "validate":
      case "output":
      case "graph":
      case "version":
      case "console":
      case "modules":
      case "metadata":
      case "help":
        return Classification.readOnly(cmd + " only reads");
      case "fmt":
        if (has(opts, "-check") || hasValue(opts, "-write", "false")) {
          return Classification.readOnly(cmd + " -check only reads");
        }
        return Classification.mutating(cmd + " rewrites .tf files in place; use `" + bin + " fmt -check -diff` to read");
      case "providers":
        if (!opts.isEmpty() && (opts.get(0).equals("lock") || opts.get(0).equals("mirror"))) {
          return Classification.mutating(cmd + " " + opts.get(0) + " writes the lock file or a provider mirror");
        }
        return Classification.readOnly(cmd + " only reads");
      case "state":
        return state(bin, cmd, opts);
      case "workspace":
      case "env":
        return workspace(cmd, opts);
      case "destroy":
        return Classification.destructive(cmd + " deletes " + scope(opts) + "; "
            + "run `" + bin + (chdir == null ? "" : " -chdir=" + chdir)
            + " plan -destroy -out=destroy.tfplan` and submit the plan for approval instead");
      case "apply":
        return apply(bin, cmd, opts, planFirst);
      case "refresh":
        return Classification.mutating(cmd + " rewrites the state from the real infrastructure; use `" + bin
            + " plan -refresh-only` to see what would change");
      case "import":
        return Classification.mutating(cmd + " writes a resource into the state; declare an import block and plan it");
      case "untaint":
        return Classification.mutating(cmd + " changes the state");
      case "taint":
        return Classification.destructive(cmd + " marks a resource to be destroyed and re-created by the next apply; "
            + "use `" + bin + " plan -replace=ADDRESS -out=tfplan` and submit the plan for approval");
      case "force-unlock":
        return Classification.destructive(cmd + " removes another run's state lock, so two runs can write the state "
            + "at once; find and stop the run that holds the lock instead");
      case "init":
        if (has(opts, "-force-copy")) {
          return Classification.destructive(cmd + " -force-copy overwrites the state in the new backend without asking");
        }
        return Classification.mutating(cmd + " downloads providers and modules and may migrate the state");
      case "get":
        return Classification.mutating(cmd + " downloads modules into .terraform/");
      case "test":
        return Classification.mutating(cmd + " creates and destroys real infrastructure");
      case "login":
      case "logout":
        return Classification.mutating(cmd + " changes stored credentials");
      default:
        return Classification.mutating(cmd + ": safeops does not know this subcommand, so it assumes it mutates");
    }
  }

  /**
   * Terraform inserts {@code TF_CLI_ARGS} and {@code TF_CLI_ARGS_<subcommand>} after the
   * subcommand: {@code TF_CLI_ARGS_apply=-destroy terraform apply} is a destroy.
   */
  private static List<String> withCliArgsFromEnvironment(SimpleCommand command, List<String> args) {
    if (command.assignments().stream().noneMatch(a -> a.startsWith("TF_CLI_ARGS"))) {
      return args;
    }
    List<String> out = new ArrayList<>();
    boolean inserted = false;
    for (String a : args) {
      out.add(a);
      if (!inserted && !a.startsWith("-")) {
        inserted = true;
        for (String v : new String[] {command.variable("TF_CLI_ARGS").orElse(""),
            command.variable("TF_CLI_ARGS_" + a.replace('-', '_')).orElse("")}) {
          for (String w : v.trim().split("\\s+")) {
            if (!w.isEmpty()) {
              out.add(w);
            }
          }
        }
      }
    }
    return out;
  }

  private static final Set<String> DOCKER_RUN_VALUE_OPTIONS = Set.of("-v", "--volume", "-w", "--workdir", "-e", "--env",
      "--env-file", "-u", "--user", "--name", "--network", "--net", "-p", "--publish", "--mount", "--platform",
      "--entrypoint", "-h", "--hostname", "--label", "-l", "--pull", "--cpus", "-m", "--memory", "--add-host");

  /**
   * {@code docker run [options] hashicorp/terraform:1.9 destroy}: the arguments after an
   * image whose name says terraform or tofu are terraform's (the official images' entry
   * point is the binary). Empty for any other container.
   */
  private static Optional<List<String>> terraformImageArguments(List<String> args) {
    if (args.isEmpty() || !args.get(0).equals("run")) {
      return Optional.empty();
    }
    for (int k = 1; k < args.size(); k++) {
      String a = args.get(k);
      if (a.startsWith("-")) {
        if (DOCKER_RUN_VALUE_OPTIONS.contains(a)) {
          k++;
        }
        continue;
      }
      String image = a.toLowerCase(Locale.ROOT);
      if (!image.contains("terraform") && !image.contains("tofu")) {
        return Optional.empty();
      }
      List<String> rest = args.subList(k + 1, args.size());
      if (!rest.isEmpty() && BINARIES.contains(rest.get(0))) {
        rest = rest.subList(1, rest.size());
      }
      return Optional.of(rest);
    }
    return Optional.empty();
  }

  private static Classification apply(String bin, String cmd, List<String> opts, String planFirst) {
    if (has(opts, "-destroy")) {
      return Classification.destructive(cmd + " -destroy deletes " + scope(opts) + "; "
          + "run `" + bin + " plan -destroy -out=destroy.tfplan` and submit the plan for approval instead");
    }
    for (String o : opts) {
      if (flagName(o).equals("-replace")) {
        return Classification.destructive(cmd + " " + o + " destroys and re-creates a resource; run `" + bin
            + " plan " + o + " -out=tfplan` and submit the plan for approval");
      }
    }
    String planFile = null;
    for (String o : opts) {
      if (!o.startsWith("-")) {
        planFile = o;
      }
    }
    if (planFile != null) {
      String lower = planFile.toLowerCase(Locale.ROOT);
      if (lower.contains("destroy") || lower.contains("delete") || lower.contains("teardown")) {
        return Classification.destructive(cmd + " " + planFile + " applies a saved plan whose name says it destroys; "
            + "submit the plan for approval (`" + bin + " show -json " + planFile + "`) instead of applying it");
      }
      return Classification.mutating(cmd + " " + planFile + " applies a saved plan whose content safeops cannot see "
          + "here (it may destroy); submit it for approval with `" + bin + " show -json " + planFile + "` first");
    }
    String auto = has(opts, "-auto-approve") ? " -auto-approve applies without showing anyone the plan" : "";
    return Classification.mutating(cmd + auto + " changes infrastructure" + targets(opts) + " and may destroy some; "
        + planFirst);
  }

  private static Classification state(String bin, String cmd, List<String> opts) {
    if (opts.isEmpty()) {
      return Classification.readOnly(cmd + " without a subcommand only prints its help");
    }
    String op = opts.get(0);
    String full = cmd + " " + op;
    boolean dryRun = has(opts, "-dry-run");
    switch (op) {
      case "list":
      case "show":
      case "pull":
      case "identities":
        return Classification.readOnly(full + " only reads the state");
      case "rm":
      case "mv":
      case "replace-provider":
        if (dryRun) {
          return Classification.readOnly(full + " -dry-run only prints what it would change");
        }
        return Classification.destructive(full + " rewrites the state outside any plan: resources can be orphaned or "
            + "destroyed by the next apply; use a " + (op.equals("rm") ? "removed" : "moved")
            + " block and submit the plan (`" + bin + " plan -out=tfplan`) for approval, or run `" + full
            + " -dry-run` to see what it would do");
      case "push":
        return Classification.destructive(full + " overwrites the remote state with a local file; the state guard "
            + "refuses state whose lineage or serial goes backwards: plan against the current state instead");
      default:
        return Classification.mutating(full + ": safeops does not know this state subcommand, so it assumes it mutates");
    }
  }

  private static Classification workspace(String cmd, List<String> opts) {
    String op = opts.isEmpty() ? "" : opts.get(0);
    switch (op) {
      case "":
      case "list":
      case "show":
        return Classification.readOnly(cmd + " " + op + " only reads");
      case "delete":
        return Classification.destructive(cmd + " delete deletes a workspace and its state; destroy its resources "
            + "through an approved plan first");
      case "select":
        return Classification.mutating(cmd + " select switches the workspace every later command acts on");
      default:
        return Classification.mutating(cmd + " " + op + " changes the workspaces");
    }
  }

  private static String flagName(String a) {
    String f = a.startsWith("--") ? a.substring(1) : a;
    int eq = f.indexOf('=');
    return eq > 0 ? f.substring(0, eq) : f;
  }

  private static boolean has(List<String> opts, String flag) {
    for (String o : opts) {
      String f = flagName(o);
      if (f.equals(flag) && (!o.contains("=") || !o.endsWith("=false"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasValue(List<String> opts, String flag, String value) {
    return opts.contains(flag + "=" + value) || opts.contains("-" + flag + "=" + value);
  }

  private static String scope(List<String> opts) {
    String t = targets(opts);
    return t.isEmpty() ? "every resource of the workspace" : "the targeted resources" + t + " and what depends on them";
  }

  private static String targets(List<String> opts) {
    List<String> t = new ArrayList<>();
    for (String o : opts) {
      if (flagName(o).equals("-target") && o.contains("=")) {
        t.add(o.substring(o.indexOf('=') + 1));
      }
    }
    return t.isEmpty() ? "" : " (targets " + String.join(", ", t) + ")";
  }

  // ---- state files and .terraform/ -----------------------------------------------------

  private static Optional<Classification> stateTouch(SimpleCommand c, CommandContext context) {
    for (Redirect r : c.redirects()) {
      if (r.writesFile() && StatePaths.isState(r.target())) {
        return Optional.of(Classification.destructive("the redirection " + r.operator() + " " + r.target()
            + " overwrites Terraform state; the state is only ever written by an approved apply"));
      }
    }
    String name = c.name();
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
        if (operands.isEmpty()) {
          return Optional.empty();
        }
        // rsync and scp have no target-directory option (rsync -t preserves times).
        String last = operands.get(operands.size() - 1);
        String target = name.equals("rsync") || name.equals("scp") ? last : explicitTarget(args).orElse(last);
        if (StatePaths.isState(target)) {
          return destructive(name, target, "overwrites");
        }
        if (operands.size() >= 2 && StatePaths.isDirectoryLike(target)) {
          for (String o : operands.subList(0, operands.size() - 1)) {
            if (StatePaths.isStateFileName(o)) {
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
    String verb = name.equals("rsync") ? "syncs" : "unpacks";
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

  private static boolean recursive(List<String> args) {
    for (String a : args) {
      if (a.equals("--recursive") || (a.startsWith("-") && !a.startsWith("--") && (a.indexOf('r') > 0
          || a.indexOf('R') > 0))) {
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
