package dev.safeops.aws.recovery;

import dev.safeops.core.InvalidInputException;
import java.util.Objects;

/**
 * The database a {@link RestoreDrill} restores: an RDS instance or an Aurora cluster, by its
 * identifier. The source does not have to exist any more: a deleted instance's retained
 * automated backups and its snapshots are found by identifier. Immutable.
 *
 * @param kind instance or cluster
 * @param identifier the DB instance or cluster identifier
 */
public record DrillSource(Kind kind, String identifier) {

  /** What the source is. */
  public enum Kind { INSTANCE, CLUSTER }

  /** The longest identifier that still leaves room for the drill copy's name (63 characters in all). */
  public static final int MAX_IDENTIFIER_LENGTH = 45;

  public DrillSource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(identifier, "identifier");
    if (!identifier.matches("[A-Za-z][A-Za-z0-9-]*") || identifier.length() > MAX_IDENTIFIER_LENGTH) {
      throw new InvalidInputException("A drill source must be an RDS identifier of at most " + MAX_IDENTIFIER_LENGTH
          + " letters, digits and hyphens starting with a letter, not '" + identifier + "'.");
    }
  }

  public static DrillSource instance(String identifier) {
    return new DrillSource(Kind.INSTANCE, identifier);
  }

  public static DrillSource cluster(String identifier) {
    return new DrillSource(Kind.CLUSTER, identifier);
  }

  @Override
  public String toString() {
    return identifier;
  }
}
