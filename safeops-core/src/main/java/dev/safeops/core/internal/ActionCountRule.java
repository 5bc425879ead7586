package dev.safeops.core.internal;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.Finding;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Rule;
import java.util.List;

/**
 * A {@link Rule.Scope#SKELETON} rule that needs of the changes only how many there are of
 * each action, besides the plan's facts. Its {@link #evaluate} is, by construction, {@link
 * #judge} on the plan's counts, so {@link StreamingEvaluation} gives it the counts it keeps
 * anyway and keeps no skeleton for it: a big plan's changes need not be written to a
 * temporary file and read back only to be counted again.
 */
public interface ActionCountRule extends Rule {

  /**
   * What this rule finds, given the number of changes of each action ({@code counts}, indexed
   * by {@link ChangeAction#ordinal()}) and the plan's facts; {@code facts.changes()} is not to
   * be read.
   */
  List<Finding> judge(long[] counts, Plan facts, Operation operation);

  @Override
  default Scope scope() {
    return Scope.SKELETON;
  }

  @Override
  default List<Finding> evaluate(Plan plan, Operation operation) {
    long[] counts = new long[ChangeAction.values().length];
    for (ResourceChange change : plan.changes()) {
      counts[change.action().ordinal()]++;
    }
    return judge(counts, plan, operation);
  }
}
