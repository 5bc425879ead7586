package dev.safeops.core.command;

import dev.safeops.core.command.internal.NeutralCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Judges a command line with a fixed set of {@link CommandClassifier}s: parses it with
 * {@link CommandLine#parse}, asks every classifier about every simple command, and returns
 * an {@link Assessment}.
 *
 * <p>Per command: the worst domain opinion wins; with none, safeops core's own list of
 * read-only helpers ({@code grep}, {@code jq}, {@code head}...) may call it neutral and
 * read-only. A redirection that writes an ordinary file keeps a read from being allowed
 * (see {@link ClassifiedCommand#writesFile()}). An unknown command is mutating, and counts as ours when what it runs is computed
 * at run time (it could be {@code terraform destroy}) or when the line mentions a domain word
 * of some classifier ({@code terraform}, {@code tfstate}, {@code aws}). Arguments fed by
 * {@code xargs} from input the parser cannot see make a file-deleting command destructive
 * when the line mentions a domain word. A classifier that throws counts as saying mutating.
 *
 * <p>Start-up is cheap: no reflection, no I/O, classifiers composed explicitly
 * ({@link #of}); {@link #discover()} additionally uses {@link ServiceLoader}. Immutable and
 * thread-safe when the classifiers are.
 */
public final class CommandJudge {
  private static final List<String> FILE_CLOBBERERS =
      List.of("rm", "mv", "cp", "shred", "truncate", "tee", "dd", "unlink", "rsync", "install", "ln", "tar", "unzip");

  private final List<CommandClassifier> classifiers;
  private final List<String> domainWords;

  private CommandJudge(List<CommandClassifier> classifiers) {
    this.classifiers = List.copyOf(classifiers);
    List<String> words = new ArrayList<>();
    for (CommandClassifier c : this.classifiers) {
      for (String w : c.domainWords()) {
        words.add(w.toLowerCase(Locale.ROOT));
      }
    }
    this.domainWords = List.copyOf(words);
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
    List<ClassifiedCommand> commands = new ArrayList<>(line.commands().size());
    for (SimpleCommand c : line.commands()) {
      commands.add(judge(c, context, mentioned));
    }
    return new Assessment(line, commands);
  }

  private ClassifiedCommand judge(SimpleCommand c, CommandContext context, String mentioned) {
    if (c.isUnknown()) {
      String why = "safeops cannot read this part of the line (" + c.unknownReason().orElse("") + ")";
      if (c.hidesCommand()) {
        return ClassifiedCommand.of(c, Classification.mutating(why + ", so it could run anything, terraform destroy included"));
      }
      if (mentioned != null) {
        return ClassifiedCommand.of(c, Classification.mutating(why + " and the line mentions '" + mentioned + "'"));
      }
      return ClassifiedCommand.noOpinion(c);
    }
    Classification worst = null;
    for (CommandClassifier classifier : classifiers) {
      Optional<Classification> o;
      try {
        o = classifier.classify(c, context);
      } catch (RuntimeException e) {
        o = Optional.of(Classification.mutating("classifier " + classifier.getClass().getSimpleName() + " failed ("
            + e.getClass().getSimpleName() + "), so safeops assumes the command mutates"));
      }
      if (o != null && o.isPresent() && o.get().inDomain()
          && (worst == null || o.get().effect().compareTo(worst.effect()) > 0)) {
        worst = o.get();
      }
    }
    if (worst == null && c.readsUnseenInput() && mentioned != null && FILE_CLOBBERERS.contains(c.name())) {
      worst = Classification.destructive(c.name() + " gets file names from input safeops cannot see, in a line that "
          + "mentions '" + mentioned + "': it may delete or overwrite Terraform state or infrastructure files");
    }
    if (worst == null) {
      worst = NeutralCommands.classify(c).orElse(null);
    }
    return worst == null ? ClassifiedCommand.noOpinion(c) : ClassifiedCommand.of(c, worst);
  }
}
