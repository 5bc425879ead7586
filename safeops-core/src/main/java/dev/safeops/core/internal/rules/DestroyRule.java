package dev.safeops.core.internal.rules;

import dev.safeops.core.Finding;
import dev.safeops.core.Operation;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.internal.ChangeRule;
import java.util.List;
import java.util.Optional;

/**
 * A rule that judges each resource a plan destroys (deletes or replaces) on its own, with at
 * most one finding per resource. The walk over the plan is written once, here; a rule says
 * only what it finds in one destroyed resource.
 */
interface DestroyRule extends ChangeRule {

  /** The finding for one change whose action destroys its resource, or empty. */
  Optional<Finding> judgeDestroyed(ResourceChange change, Operation operation);

  @Override
  default void judge(ResourceChange change, Operation operation, List<Finding> findings) {
    if (change.action().destroys()) {
      judgeDestroyed(change, operation).ifPresent(findings::add);
    }
  }
}
