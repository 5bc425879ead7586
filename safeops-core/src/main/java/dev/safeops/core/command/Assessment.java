package dev.safeops.core.command;

import dev.safeops.core.Effect;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link CommandJudge} made of a command line: each simple command classified, and the
 * answer an agent guard should give.
 *
 * <p>The answer: {@link Answer#DENY} when a command of our domain is destructive;
 * {@link Answer#ASK} when one is otherwise mutating (an unknown part counts as mutating);
 * {@link Answer#ALLOW} only when at least one command is ours and every command is known to
 * be read-only (ours, or a neutral helper such as {@code grep}) and none writes a file
 * through a redirection; {@link Answer#NO_OPINION}
 * when nothing in the line is ours, or ours is read-only but other commands are outside our
 * domain, so the user's own rules and other guards decide. Immutable.
 */
public final class Assessment {

  /** The answer to give an agent's tool call. */
  public enum Answer { ALLOW, ASK, DENY, NO_OPINION }

  private final CommandLine line;
  private final List<ClassifiedCommand> commands;

  public Assessment(CommandLine line, List<ClassifiedCommand> commands) {
    this.line = Objects.requireNonNull(line, "line");
    this.commands = List.copyOf(commands);
  }

  public CommandLine line() {
    return line;
  }

  public List<ClassifiedCommand> commands() {
    return commands;
  }

  /** True when some command of the line is in a classifier's domain. */
  public boolean inDomain() {
    return commands.stream().anyMatch(ClassifiedCommand::inDomain);
  }

  /** The worst class among the commands of our domain; empty when none is ours. */
  public Optional<Effect> worst() {
    return commands.stream()
        .filter(ClassifiedCommand::inDomain)
        .map(v -> v.classification().orElseThrow().effect())
        .reduce(Effect::max);
  }

  public Answer answer() {
    Optional<Effect> worst = worst();
    if (worst.isEmpty()) {
      return Answer.NO_OPINION;
    }
    if (worst.get() == Effect.DESTRUCTIVE) {
      return Answer.DENY;
    }
    if (worst.get() == Effect.MUTATING) {
      return Answer.ASK;
    }
    boolean everyReadOnly = commands.stream()
        .allMatch(v -> !v.writesFile()
            && v.classification().map(c -> c.effect() == Effect.READ_ONLY).orElse(false));
    return everyReadOnly ? Answer.ALLOW : Answer.NO_OPINION;
  }

  /** The commands of our domain at the worst class, the ones an explanation should name. */
  public List<ClassifiedCommand> worstCommands() {
    Optional<Effect> worst = worst();
    if (worst.isEmpty()) {
      return List.of();
    }
    return commands.stream()
        .filter(v -> v.inDomain() && v.classification().orElseThrow().effect() == worst.get())
        .toList();
  }

  /**
   * One paragraph for the agent and the person: what was judged, and why, naming each
   * command at the worst class. Empty text for {@link Answer#NO_OPINION}.
   */
  public String explanation() {
    Answer a = answer();
    if (a == Answer.NO_OPINION) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    String head = switch (a) {
      case DENY -> "safeops refused this command line: it is destructive.";
      case ASK -> "safeops: this command line may change infrastructure and needs a person's approval.";
      default -> "safeops: read-only.";
    };
    b.append(head);
    for (ClassifiedCommand v : a == Answer.ALLOW ? commands.stream().filter(ClassifiedCommand::inDomain).toList()
        : worstCommands()) {
      Classification c = v.classification().orElseThrow();
      b.append(' ').append('`').append(v.command().display()).append("`: ").append(c.reason());
      if (!c.reason().endsWith(".")) {
        b.append('.');
      }
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return answer() + " " + commands;
  }
}
