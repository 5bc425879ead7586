package dev.safeops.core.internal.rules;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.internal.ActionCountRule;
import java.util.List;
import java.util.Locale;

/**
 * {@code mass-deletion}, HIGH: at least {@code count} deletions or replacements, or at least
 * {@code share} of the resources the target managed before the plan (when the plan knows
 * that number and at least {@link #MIN_FOR_SHARE} resources go), so that deleting three of
 * a four-resource stack is not "mass".
 */
public final class MassDeletionRule implements ActionCountRule {
  public static final String ID = "mass-deletion";
  static final int MIN_FOR_SHARE = 4;

  private final int count;
  private final double share;

  public MassDeletionRule(int count, double share) {
    if (count < 1) {
      throw new IllegalArgumentException("mass-deletion count must be >= 1, was " + count);
    }
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("mass-deletion share must be in (0, 1], was " + share);
    }
    this.count = count;
    this.share = share;
  }

  @Override
  public String id() {
    return ID;
  }

  /** Counts actions against the prior resource count; never reads attributes. */
  @Override
  public List<Finding> judge(long[] counts, Plan facts, Operation operation) {
    long deletions = 0;
    for (ChangeAction action : ChangeAction.values()) {
      if (action.destroys()) {
        deletions += counts[action.ordinal()];
      }
    }
    if (deletions == 0) {
      return List.of();
    }
    Integer prior = facts.priorResourceCount().orElse(null);
    boolean byShare = prior != null && prior > 0 && deletions >= MIN_FOR_SHARE && deletions >= share * prior;
    if (deletions < count && !byShare) {
      return List.of();
    }
    String of = prior != null && prior > 0
        ? " of the " + prior + " resources it managed (" + percent((double) deletions / prior) + ")"
        : "";
    return List.of(new Finding(ID, Level.HIGH, Addresses.PLAN, "The plan would delete or replace " + deletions
        + " resources" + of + ", at or above the mass-deletion threshold of " + count + " resources or "
        + percent(share) + " of the managed resources"));
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f%%", Math.min(fraction, 1.0) * 100);
  }
}
