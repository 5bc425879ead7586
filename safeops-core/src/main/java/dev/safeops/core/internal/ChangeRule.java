package dev.safeops.core.internal;

import dev.safeops.core.Finding;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Rule.Scope#EACH_CHANGE} rule that can judge one change without a plan around it.
 * Its {@link #evaluate} is, by construction, {@link #judge} on each change of the plan in
 * order, so {@link StreamingEvaluation} calls {@link #judge} directly and finds the same: no
 * one-change plan and no list per change and rule, on a path taken a hundred thousand times
 * for a big plan.
 */
public interface ChangeRule extends Rule {

  /** Adds what this rule finds in {@code change} to {@code findings}. */
  void judge(ResourceChange change, Operation operation, List<Finding> findings);

  @Override
  default Scope scope() {
    return Scope.EACH_CHANGE;
  }

  @Override
  default List<Finding> evaluate(Plan plan, Operation operation) {
    List<Finding> findings = new ArrayList<>();
    for (ResourceChange change : plan.changes()) {
      judge(change, operation, findings);
    }
    return findings;
  }
}
