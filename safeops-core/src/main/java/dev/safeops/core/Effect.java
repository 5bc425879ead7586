package dev.safeops.core;

/**
 * What an operation or a command does to infrastructure, from least to most dangerous: the
 * one scale on which the AWS operation catalog judges SDK calls and the command classifiers
 * judge shell commands. {@link #max} picks the worse of two, so a line is as dangerous as its
 * worst command. Something whose effect is not known is {@link #MUTATING}, never
 * {@link #READ_ONLY}.
 */
public enum Effect {
  /** Reads only: describes, lists, plans, shows. Passes the SDK guard unguarded. */
  READ_ONLY,
  /** Changes something: creates, updates, applies. Runs only inside an approved guarded execution. */
  MUTATING,
  /**
   * Deletes, or makes loss possible: destroy, delete, state rm, overwriting a state file,
   * switching deletion protection off. Runs only inside an approved guarded execution.
   */
  DESTRUCTIVE;

  /** The more dangerous of this and {@code other}. */
  public Effect max(Effect other) {
    return other.ordinal() > ordinal() ? other : this;
  }

  /** True for {@link #MUTATING} and {@link #DESTRUCTIVE}. */
  public boolean mutates() {
    return this != READ_ONLY;
  }
}
