package dev.safeops.core.internal.rules;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.Tier;
import dev.safeops.core.internal.ActionCountRule;
import java.util.List;

/**
 * {@code state.empty-mass-create}: a plan against an empty prior state that creates at least
 * {@code count} resources. HIGH where the target is known to exist already (the state was
 * lost or swapped, and applying would build a duplicate: the first step of the incident) and
 * in production on its own (a whole new production stack is rare enough to need two
 * people); LOW elsewhere. Silent when the plan does not know its prior resource count.
 */
public final class EmptyStateMassCreateRule implements ActionCountRule {
  public static final String ID = "state.empty-mass-create";

  private final int count;

  public EmptyStateMassCreateRule(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("mass-create count must be >= 1, was " + count);
    }
    this.count = count;
  }

  @Override
  public String id() {
    return ID;
  }

  /** Counts creates against the prior state; never reads attributes. */
  @Override
  public List<Finding> judge(long[] counts, Plan facts, Operation operation) {
    if (facts.priorResourceCount().orElse(-1) != 0) {
      return List.of();
    }
    long creates = counts[ChangeAction.CREATE.ordinal()];
    if (creates < count) {
      return List.of();
    }
    String what = "The prior state is empty and the plan would create " + creates + " resources";
    if (facts.knownToExist()) {
      return List.of(new Finding(ID, Level.HIGH, Addresses.PLAN, what
          + ", yet this target is known to exist already: the state was probably lost or replaced, and applying would build a duplicate"));
    }
    if (operation.environment().tier() == Tier.PRODUCTION) {
      return List.of(new Finding(ID, Level.HIGH, Addresses.PLAN, what
          + " in production: a whole new production stack is rare enough to need two people"));
    }
    return List.of(new Finding(ID, Level.LOW, Addresses.PLAN, what
        + ": fine for a new stack, but check the state was not simply missing"));
  }
}
