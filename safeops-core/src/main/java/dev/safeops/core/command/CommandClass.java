package dev.safeops.core.command;

/**
 * How a command affects infrastructure, from least to most dangerous. {@link #max} picks the
 * worse of two, so a line is as dangerous as its worst command.
 */
public enum CommandClass {
  /** Reads only: describes, lists, plans, shows. */
  READ_ONLY,
  /** Changes something: creates, updates, applies. */
  MUTATING,
  /** Deletes, or makes loss possible: destroy, delete, state rm, overwriting a state file. */
  DESTRUCTIVE;

  /** The more dangerous of this and {@code other}. */
  public CommandClass max(CommandClass other) {
    return other.ordinal() > ordinal() ? other : this;
  }

  /** True for {@link #MUTATING} and {@link #DESTRUCTIVE}. */
  public boolean mutates() {
    return this != READ_ONLY;
  }
}
