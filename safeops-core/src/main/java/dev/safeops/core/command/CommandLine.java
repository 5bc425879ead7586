package dev.safeops.core.command;

import dev.safeops.core.command.internal.ShellParser;
import java.util.List;
import java.util.Objects;

/**
 * A shell command line as an agent sends it, and every simple command in it.
 *
 * <p>{@link #parse} understands lists ({@code &&}, {@code ||}, {@code ;}, {@code &}),
 * pipelines, subshells and groups, {@code for}/{@code while}/{@code until}/{@code if}/
 * {@code case}, {@code $(...)} and backquotes, process substitution, here-documents and
 * here-strings, quoting and escapes (including {@code $'...'}), brace expansion and the
 * variables the line itself sets, assignments before a command, redirections, {@code cd DIR
 * &&}, scripts written and run in the same line, and the wrappers that run another command:
 * {@code sudo}, {@code env}, {@code nohup}, {@code time}, {@code nice}, {@code timeout},
 * {@code xargs}, {@code bash|sh|zsh -c}, {@code eval}, {@code echo ... | bash}, {@code bash
 * <<EOF}, {@code find -exec}, {@code watch}, {@code su -c}, {@code ssh host cmd}, secrets
 * injectors ({@code aws-vault exec}, {@code op run}...), {@code docker}/{@code kubectl exec},
 * {@code trap}, {@code at}, {@code crontab}. Wrappers are unwrapped, so {@code sudo env X=1
 * bash -c 'terraform destroy'} yields {@code terraform destroy} reached through
 * {@code [sudo, env, bash -c]}.
 *
 * <p>It never throws and never hangs: input is bounded (64 KiB, nesting depth 8, 512
 * commands). Whatever cannot be read becomes an {@linkplain SimpleCommand#isUnknown()
 * unknown} command that carries the text it could not read (code for another interpreter,
 * the rest of a line beyond a bound); what was read before it stands. Immutable and
 * thread-safe.
 */
public final class CommandLine {
  private final String text;
  private final List<SimpleCommand> commands;

  private CommandLine(String text, List<SimpleCommand> commands) {
    this.text = text;
    this.commands = commands;
  }

  /** Parses {@code text}; null is read as an unknown command. */
  public static CommandLine parse(String text) {
    return new CommandLine(Objects.toString(text, ""), ShellParser.parse(text));
  }

  /** The line as given. */
  public String text() {
    return text;
  }

  /** Every simple command found, in the order they appear, innermost substitutions first. */
  public List<SimpleCommand> commands() {
    return commands;
  }

  /** True when some part of the line could not be read. */
  public boolean hasUnknown() {
    return commands.stream().anyMatch(SimpleCommand::isUnknown);
  }

  @Override
  public String toString() {
    return text;
  }
}
