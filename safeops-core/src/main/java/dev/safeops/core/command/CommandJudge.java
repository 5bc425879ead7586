package dev.safeops.core.command;

import dev.safeops.core.command.internal.NeutralCommands;
import dev.safeops.core.Effect;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Judges a command line with a fixed set of {@link CommandClassifier}s: parses it with
 * {@link CommandLine#parse}, asks every classifier about every simple command, and returns
 * an {@link Assessment}.
 *
 * <p>Per command: the worst domain opinion wins; with none, safeops core's own list of
 * read-only helpers ({@code grep}, {@code jq}, {@code head}...) may call it neutral and
 * read-only. A redirection that writes an ordinary file keeps a read from being allowed
 * (see {@link ClassifiedCommand#writesFile()}). Beyond the classifiers' own opinions, in a
 * line of the domain nothing whose effect safeops cannot see is left silent:
 * <ul>
 *   <li>An unknown part (code handed to an interpreter, a script written and run, a command
 *       name computed at run time, the unread rest of a line beyond the parser's bounds) is
 *       destructive when a classifier sees a destructive word or path of its domain in its
 *       text ({@link CommandClassifier#classifyOpaque}); otherwise mutating when what it runs
 *       is computed at run time or the line mentions a domain word ({@code terraform},
 *       {@code tfstate}, {@code aws}); otherwise no opinion.
 *   <li>A program safeops does not know that gets a classifier's program name as an argument
 *       ({@code aws-okta exec prod -- terraform destroy}) may be a wrapper that runs it: at
 *       least mutating, and as bad as the command from that name on.
 *   <li>A command that writes a path still computed at run time ({@code cp x "$TARGET"}) in a
 *       line of the domain is mutating, and destructive when a destructive word or a state
 *       path is visible anywhere in the line.
 *   <li>Arguments fed by {@code xargs} from input the parser cannot see make a file-deleting
 *       command destructive when the line mentions a domain word.
 * </ul>
 * A classifier that throws counts as saying mutating.
 *
 * <p>Start-up is cheap: no reflection, no I/O, classifiers composed explicitly
 * ({@link #of}); {@link #discover()} additionally uses {@link ServiceLoader}. Immutable and
 * thread-safe when the classifiers are.
 */
public final class CommandJudge {
  private static final List<String> FILE_CLOBBERERS =
      List.of("rm", "mv", "cp", "shred", "truncate", "tee", "dd", "unlink", "rsync", "install", "ln", "tar", "unzip");
  /**
   * Programs that take a program's name as an argument without running it: package managers,
   * version switchers, documentation, and file tools (a directory may be called terraform).
   */
  private static final Set<String> NOT_RUNNERS = Set.of("which", "type", "whereis", "man", "info", "help", "apropos",
      "whatis", "command", "hash", "alias", "unalias", "brew", "apt", "apt-get", "apt-cache", "aptitude", "yum", "dnf",
      "zypper", "pacman", "apk", "snap", "flatpak", "choco", "scoop", "winget", "port", "nix-env", "pip", "pip3",
      "pipx", "uv", "npm", "yarn", "pnpm", "gem", "cargo", "go", "tfenv", "tfswitch", "tgswitch", "asdf", "mise",
      "aqua", "proto", "curl", "wget", "git", "cd", "pushd", "ls", "mkdir", "rm", "rmdir", "cp", "mv", "ln", "touch",
      "chmod", "chown", "cat", "less", "more", "head", "tail", "grep", "rg", "find", "tar", "zip", "unzip", "du",
      "tree",
      "stat", "file", "code", "vim", "vi", "nano", "emacs", "open", "echo", "printf", "test", "[", "[[", "export",
      "unset", "readlink", "realpath", "dirname", "basename", "wc", "sort", "diff", "jq", "yq", "sed", "awk", "docker",
      "podman", "kubectl", "helm", "gh", "glab", "terraform-docs", "tflint", "tfsec", "checkov", "trivy", "infracost",
      "pre-commit", "make", "tee", "sponge", "truncate", "install", "rsync", "scp", "chgrp", "shred", "unlink", "bat",
      "xdg-open", "nvim", "code-insiders", "idea", "subl");

  private final List<CommandClassifier> classifiers;
  private final List<String> domainWords;
  private final Set<String> commandNames;

  private CommandJudge(List<CommandClassifier> classifiers) {
    this.classifiers = List.copyOf(classifiers);
    List<String> words = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (CommandClassifier c : this.classifiers) {
      for (String w : c.domainWords()) {
        words.add(w.toLowerCase(Locale.ROOT));
      }
      for (String n : c.commandNames()) {
        names.add(n.toLowerCase(Locale.ROOT));
      }
    }
    this.domainWords = List.copyOf(words);
    this.commandNames = Set.copyOf(names);
  }

  /** A judge with exactly these classifiers (plus core's neutral helpers). */
  public static CommandJudge of(CommandClassifier... classifiers) {
    return new CommandJudge(List.of(classifiers));
  }

  /** A judge with exactly these classifiers (plus core's neutral helpers). */
  public static CommandJudge of(List<CommandClassifier> classifiers) {
    return new CommandJudge(classifiers);
  }

  /** A judge with every classifier published through {@link ServiceLoader} on the class path. */
  public static CommandJudge discover() {
    List<CommandClassifier> found = new ArrayList<>();
    ServiceLoader.load(CommandClassifier.class).forEach(found::add);
    return new CommandJudge(found);
  }

  public List<CommandClassifier> classifiers() {
    return classifiers;
  }

  public Assessment assess(String line) {
    return assess(CommandLine.parse(line), CommandContext.none());
  }

  public Assessment assess(String line, CommandContext context) {
    return assess(CommandLine.parse(line), context);
  }

  public Assessment assess(CommandLine line, CommandContext context) {
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(context, "context");
    String lower = line.text().toLowerCase(Locale.ROOT);
    String mentioned = null;
    for (String w : domainWords) {
      if (lower.contains(w)) {
        mentioned = w;
        break;
      }
    }
    Line l = new Line(line.text(), mentioned, context);
    List<ClassifiedCommand> commands = new ArrayList<>(line.commands().size());
    for (SimpleCommand c : line.commands()) {
      commands.add(judge(c, l));
    }
    return new Assessment(line, commands);
  }

  /** What the judge knows about the whole line while it judges one command of it. */
  private final class Line {
    final String text;
    final String mentioned;
    final CommandContext context;
    private Optional<Classification> opaque;

    Line(String text, String mentioned, CommandContext context) {
      this.text = text;
      this.mentioned = mentioned;
      this.context = context;
    }

    /** What the classifiers see in the whole line read as text; computed once, when first needed. */
    Optional<Classification> asText() {
      if (opaque == null) {
        opaque = opaque(text.length() > 1024 * 1024 ? text.substring(0, 1024 * 1024) : text);
      }
      return opaque;
    }
  }

  private ClassifiedCommand judge(SimpleCommand c, Line line) {
    if (c.isUnknown()) {
      return unknown(c, line);
    }
    Classification worst = null;
    for (CommandClassifier classifier : classifiers) {
      worst = worse(worst, ask(classifier, c, line.context));
    }
    if (worst == null && line.mentioned != null && c.readsUnseenInput() && FILE_CLOBBERERS.contains(c.name())) {
      worst = Classification.destructive(c.name() + " gets file names from input safeops cannot see, in a line that "
          + "mentions '" + line.mentioned + "': it may delete or overwrite Terraform state or infrastructure files");
    }
    Classification neutral = worst == null ? NeutralCommands.classify(c).orElse(null) : null;
    if (worst == null && neutral == null) {
      worst = unknownWrapper(c, line);
    }
    if (line.mentioned != null) {
      worst = worse(worst, computedWrite(c, line));
    }
    if (worst == null) {
      worst = neutral;
    }
    return worst == null ? ClassifiedCommand.noOpinion(c) : ClassifiedCommand.of(c, worst);
  }

  private ClassifiedCommand unknown(SimpleCommand c, Line line) {
    String why = "safeops cannot read this part of the line (" + c.unknownReason().orElse("") + ")";
    Optional<Classification> seen = c.unreadText().flatMap(this::opaque);
    if (seen.isPresent() && seen.get().effect() == Effect.DESTRUCTIVE) {
      return ClassifiedCommand.of(c, Classification.destructive(why + ", and in it " + seen.get().reason()));
    }
    if (c.hidesCommand()) {
      return ClassifiedCommand.of(c, Classification.mutating(why + ", so it could run anything, terraform destroy "
          + "included"));
    }
    if (line.mentioned != null) {
      return ClassifiedCommand.of(c, Classification.mutating(why + " and the line mentions '" + line.mentioned + "'"));
    }
    return ClassifiedCommand.noOpinion(c);
  }

  /** The worst of the classifiers' opinions on text that will run but cannot be read; empty when none sees anything. */
  private Optional<Classification> opaque(String text) {
    Classification worst = null;
    for (CommandClassifier classifier : classifiers) {
      Optional<Classification> o;
      try {
        o = classifier.classifyOpaque(text);
      } catch (RuntimeException e) {
        o = Optional.of(Classification.mutating("classifier " + classifier.getClass().getSimpleName() + " failed ("
            + e.getClass().getSimpleName() + ") on text safeops cannot read"));
      }
      if (o != null && o.isPresent()) {
        worst = worse(worst, o.get());
      }
    }
    return Optional.ofNullable(worst);
  }

  /**
   * A program safeops does not know, given one of the classifiers' program names as an
   * argument, may be a wrapper that runs it: at least mutating, as bad as what it would run.
   */
  private Classification unknownWrapper(SimpleCommand c, Line line) {
    if (commandNames.isEmpty() || c.arguments().isEmpty() || NOT_RUNNERS.contains(c.name())) {
      return null;
    }
    List<String> args = c.arguments();
    for (int k = 0; k < args.size(); k++) {
      if (!runsDomainProgram(args.get(k))) {
        continue;
      }
      SimpleCommand inner = SimpleCommand.builder().words(args.subList(k, args.size())).redirects(c.redirects())
          .depth(c.depth() + 1).via(append(c.via(), c.name())).assignments(c.assignments()).build();
      Classification ran = null;
      for (CommandClassifier classifier : classifiers) {
        ran = worse(ran, ask(classifier, inner, line.context));
      }
      String what = "`" + c.name() + "` may run `" + inner.display() + "`, and safeops does not know what "
          + c.name() + " does with it";
      if (ran != null && ran.effect() == Effect.DESTRUCTIVE) {
        return Classification.destructive(what + ": " + ran.reason());
      }
      return Classification.mutating(what + (ran == null ? "" : ": " + ran.reason()) + "; a person should confirm");
    }
    return null;
  }

  /**
   * True when {@code word} would run one of the classifiers' programs: a bare name, or the
   * base name of an explicit path ({@code ./bin/terraform}); {@code infra/terraform} is a
   * directory, not a program.
   */
  private boolean runsDomainProgram(String word) {
    int slash = word.lastIndexOf('/');
    if (slash >= 0 && !(word.startsWith("/") || word.startsWith("./") || word.startsWith("../")
        || word.startsWith("~"))) {
      return false;
    }
    int from = slash + 1;
    for (String name : commandNames) {
      if (word.length() - from == name.length() && word.regionMatches(true, from, name, 0, name.length())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A write to a path computed at run time, in a line of the domain: the path could be state.
   * Destructive when a destructive word or a state path is visible in the line.
   */
  private Classification computedWrite(SimpleCommand c, Line line) {
    if (!computedWord(c)) {
      return null;
    }
    for (WriteTargets.Target t : WriteTargets.of(c)) {
      String p = t.path();
      if (!p.contains("$") && !p.contains("`")) {
        continue;
      }
      String what = "`" + c.display() + "` writes to " + p + ", a path computed when the shell runs, in a line that "
          + "mentions '" + line.mentioned + "'";
      Optional<Classification> seen = line.asText();
      if (seen.isPresent() && seen.get().effect() == Effect.DESTRUCTIVE) {
        return Classification.destructive(what + ", and in that line " + seen.get().reason());
      }
      return Classification.mutating(what + ": it may be Terraform state; write the path out literally");
    }
    return null;
  }

  private static boolean computedWord(SimpleCommand c) {
    for (String w : c.words()) {
      if (w.indexOf('$') >= 0 || w.indexOf('`') >= 0) {
        return true;
      }
    }
    for (Redirect r : c.redirects()) {
      if (r.target().indexOf('$') >= 0 || r.target().indexOf('`') >= 0) {
        return true;
      }
    }
    return false;
  }

  private static Classification ask(CommandClassifier classifier, SimpleCommand c, CommandContext context) {
    Optional<Classification> o;
    try {
      o = classifier.classify(c, context);
    } catch (RuntimeException e) {
      o = Optional.of(Classification.mutating("classifier " + classifier.getClass().getSimpleName() + " failed ("
          + e.getClass().getSimpleName() + "), so safeops assumes the command mutates"));
    }
    return o != null && o.isPresent() && o.get().inDomain() ? o.get() : null;
  }

  private static Classification worse(Classification a, Classification b) {
    if (b == null) {
      return a;
    }
    return a == null || b.effect().compareTo(a.effect()) > 0 ? b : a;
  }

  private static List<String> append(List<String> via, String wrapper) {
    List<String> v = new ArrayList<>(via);
    v.add(wrapper);
    return v;
  }
}
