package dev.safeops.terraform.command;

import dev.safeops.core.Effect;
import dev.safeops.core.command.Classification;
import dev.safeops.core.command.CodeWords;
import dev.safeops.core.command.CommandClassifier;
import dev.safeops.core.command.CommandContext;
import dev.safeops.core.command.SimpleCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Classifies {@code terraform}, {@code tofu} and {@code terragrunt} commands, and every
 * command that writes, moves, deletes or unpacks over Terraform state ({@code *.tfstate},
 * {@code *.tfstate.backup}) or the {@code .terraform/} working directory (that second part is
 * {@link StateFileClassifier}'s; the worse of the two opinions wins).
 *
 * <p>Read-only: {@code plan} (any flags, {@code -destroy} included: it only plans),
 * {@code show}, {@code validate}, {@code fmt -check}, {@code output}, {@code graph},
 * {@code providers} (but not {@code lock}/{@code mirror}), {@code state list|show|pull},
 * {@code workspace list|show}, {@code version}, {@code console}, {@code state mv|rm|
 * replace-provider -dry-run}. Destructive: {@code destroy}; every {@code apply} (with
 * {@code -auto-approve}, without a saved plan, or of a saved plan file, whose content cannot
 * be read here and whose name decides nothing: none of them shows people what changes before
 * it changes); {@code state rm|mv|push|replace-provider}, {@code workspace delete},
 * {@code taint}, {@code force-unlock}, {@code init -force-copy}, {@code -state-out} or
 * {@code -backup} onto a state path, and any overwrite of state ({@code plan -out=} a state
 * file included). Everything else that terraform does, and any subcommand this class does not
 * know, is mutating. Reasons name the safe path: plan, have the plan approved, apply exactly
 * that plan.
 *
 * <p>Stateless and thread-safe; the only I/O is {@link StateFileClassifier}'s listing of the
 * directory an archive is unpacked or synced into, when the context knows it.
 */
public final class TerraformCommandClassifier implements CommandClassifier {
  private static final Set<String> BINARIES = Set.of("terraform", "tofu", "terragrunt");
  private static final Set<String> GLOBAL_FLAGS_WITH_VALUE = Set.of("-chdir");
  private static final StateFileClassifier STATE_FILES = new StateFileClassifier();

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
  public List<String> commandNames() {
    return List.copyOf(BINARIES);
  }

  /**
   * Destructive when text safeops cannot read names a state path ({@code terraform.tfstate},
   * {@code .terraform/}) or a terraform command this class calls destructive ({@code
   * os.system("terraform destroy")}, {@code ["tofu", "apply", "-auto-approve"]}); a program
   * name written as a pattern ({@code terrafor[m]}) counts as the program it matches.
   */
  @Override
  public Optional<Classification> classifyOpaque(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (!lower.contains("tf") && !lower.contains("terra") && !lower.contains("tofu") && !lower.contains("[")
        && !lower.contains("*") && !lower.contains("?")) {
      return Optional.empty();
    }
    List<String> words = CodeWords.of(text);
    for (int k = 0; k < words.size(); k++) {
      String w = words.get(k);
      if (StatePaths.isState(w) && (w.toLowerCase(Locale.ROOT).contains("tfstate") || w.contains(".terraform"))) {
        return Optional.of(Classification.destructive("the Terraform state path " + w + " is visible, and the state "
            + "is only ever written by an approved apply"));
      }
      String bin = binaryNamed(w);
      if (bin == null) {
        continue;
      }
      List<String> after = words.subList(k + 1, Math.min(words.size(), k + 13));
      Classification c = terraform(bin, after);
      if (c.effect() == Effect.DESTRUCTIVE) {
        return Optional.of(Classification.destructive("`" + bin + " " + String.join(" ", after) + "` is visible: "
            + c.reason()));
      }
    }
    return Optional.empty();
  }

  /** The binary a word runs as ({@code /usr/bin/Terraform}, {@code terrafor[m]}), or null. */
  private static String binaryNamed(String word) {
    for (String b : BINARIES) {
      if (CodeWords.couldRun(word, b)) {
        return b;
      }
    }
    return null;
  }

  @Override
  public Optional<Classification> classify(SimpleCommand command, CommandContext context) {
    Optional<Classification> state = STATE_FILES.classify(command, context);
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
    Optional<Classification> stateFile = writesStateFile(cmd, opts);
    if (stateFile.isPresent()) {
      return stateFile.get();
    }
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

  /**
   * Every apply is destructive here, because none of them shows anyone what it changes before
   * it changes it: {@code -auto-approve} applies without asking, a plain {@code apply} asks
   * only the shell that runs it, and a saved plan file is applied without asking anyone while
   * its content (binary, possibly a destroy) cannot be read here, whatever its file name says.
   * The safe path is always the same: plan, have the plan approved, apply exactly that plan.
   */
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
      return Classification.destructive(cmd + " " + planFile + " applies a saved plan without asking anyone, and "
          + "safeops cannot see what the file changes (whatever its name says, it may destroy); have the change "
          + "planned and approved instead, so people see exactly what it does before it runs");
    }
    String how = has(opts, "-auto-approve") ? " -auto-approve applies without showing anyone the plan"
        : " applies a plan no one has approved";
    return Classification.destructive(cmd + how + ": it changes infrastructure" + targets(opts) + " and may destroy "
        + "some; " + planFirst);
  }

  /** Where terraform writes a state file itself: {@code -state-out=PATH} and {@code -backup=PATH}. */
  private static Optional<Classification> writesStateFile(String cmd, List<String> opts) {
    for (String o : opts) {
      String f = flagName(o);
      if ((f.equals("-state-out") || f.equals("-backup")) && o.contains("=")) {
        String path = o.substring(o.indexOf('=') + 1);
        if (StatePaths.isState(path)) {
          return Optional.of(Classification.destructive(cmd + " " + o + " writes Terraform state to " + path
              + " outside the configured backend; the state is only ever written by an approved apply"));
        }
      }
    }
    return Optional.empty();
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
}
