package dev.safeops.core.command;

import java.util.Objects;
import java.util.Optional;

/**
 * One simple command with the classification a {@link CommandJudge} gave it, or none when no
 * classifier speaks for it (outside every domain). Immutable.
 */
public final class ClassifiedCommand {
  private final SimpleCommand command;
  private final Classification classification;

  private ClassifiedCommand(SimpleCommand command, Classification classification) {
    this.command = Objects.requireNonNull(command, "command");
    this.classification = classification;
  }

  public static ClassifiedCommand of(SimpleCommand command, Classification classification) {
    return new ClassifiedCommand(command, Objects.requireNonNull(classification, "classification"));
  }

  public static ClassifiedCommand noOpinion(SimpleCommand command) {
    return new ClassifiedCommand(command, null);
  }

  /**
   * True when the command also writes an ordinary file through a redirection ({@code >
   * plan.json}): a read of our domain that writes a file is not a read-only line to allow.
   */
  public boolean writesFile() {
    return command.redirects().stream().anyMatch(Redirect::writesFile);
  }

  public SimpleCommand command() {
    return command;
  }

  /** The classification, or empty when the command is outside every domain. */
  public Optional<Classification> classification() {
    return Optional.ofNullable(classification);
  }

  /** True when a domain classifier (not a neutral helper) spoke for the command. */
  public boolean inDomain() {
    return classification != null && classification.inDomain();
  }

  @Override
  public String toString() {
    return command.display() + " -> " + (classification == null ? "no opinion" : classification.effect() + " ("
        + classification.reason() + ")");
  }
}
