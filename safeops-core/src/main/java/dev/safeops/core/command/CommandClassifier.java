package dev.safeops.core.command;

import dev.safeops.core.Effect;
import java.util.List;
import java.util.Optional;

/**
 * The classifier SPI: each module contributes the commands it understands. Given one simple
 * command (already unwrapped from {@code sudo}, {@code env}, {@code xargs}, {@code bash -c},
 * {@code eval}, loops and substitutions by the parser), a classifier answers with a {@link
 * Classification}, or empty for "no opinion" when the command is outside its domain.
 *
 * <p>Implementations must be thread-safe, fast (no network, no process start) and must not
 * throw: a classifier that throws is treated by {@link CommandJudge} as saying "mutating",
 * naming the classifier. A classifier that knows a command but not the subcommand must
 * answer {@link Effect#MUTATING}, never read-only. Modules may also publish
 * implementations through {@link java.util.ServiceLoader}; {@link CommandJudge#discover()}
 * loads them.
 */
public interface CommandClassifier {

  /** The opinion on {@code command}, or empty when it is outside this classifier's domain. */
  Optional<Classification> classify(SimpleCommand command, CommandContext context);

  /**
   * Words (lower case) whose mere presence in a command line means the line may touch this
   * domain, e.g. {@code terraform}, {@code tfstate}. Used for the parts of a line the parser
   * could not read: such a part counts as ours, and mutating, when the line mentions one.
   */
  default List<String> domainWords() {
    return List.of();
  }

  /**
   * The program names this classifier speaks for, lower case ({@code terraform}, {@code aws}).
   * A program safeops does not know that gets one of them as an argument ({@code aws-okta exec
   * prod -- terraform destroy}) may be a wrapper that runs it, so the judge asks this
   * classifier about the words from that name on.
   */
  default List<String> commandNames() {
    return List.of();
  }

  /**
   * Judges text that will run but that safeops cannot read as commands: code handed to another
   * interpreter ({@code python3 -c}, an awk program), a script written and run in the same
   * line, the unread rest of a line beyond the parser's bounds. Answer {@link
   * Effect#DESTRUCTIVE} when a destructive word or path of this domain is visible in it
   * ({@code os.system('terraform destroy')}, a state file's name); otherwise empty, because the
   * judge already treats such text as mutating when it could hide a command or the line
   * mentions the domain. {@link CodeWords#of} splits the text into words. Must be linear in
   * the text; like {@link #classify}, it must not throw.
   */
  default Optional<Classification> classifyOpaque(String text) {
    return Optional.empty();
  }
}
