package dev.safeops.aws.internal.recovery;

import dev.safeops.core.BlastRadius;
import dev.safeops.core.Decision;
import dev.safeops.core.Finding;
import dev.safeops.core.Operation;
import dev.safeops.core.Policy;
import java.util.List;

/**
 * The restore drill's policy: denies whenever {@link DrillCopyRule} found a target that is not
 * the drill's own copy, and allows the rest without approvals, because what remains are
 * copies of data that still exists elsewhere, made by the drill itself.
 */
public final class DrillPolicy implements Policy {
  private final DrillNaming naming;

  public DrillPolicy(DrillNaming naming) {
    this.naming = naming;
  }

  @Override
  public Decision decide(Operation operation, BlastRadius blastRadius) {
    List<String> refusals = blastRadius.findings().stream()
        .filter(f -> f.ruleId().equals(DrillCopyRule.ID))
        .map(Finding::message)
        .toList();
    if (!refusals.isEmpty()) {
      return new Decision(Decision.Verdict.DENY, 0, refusals, false);
    }
    return Decision.allow("every change targets a copy that the restore drill of " + naming.source()
        + " created (name and " + DrillNaming.TAG_DRILL + " tag both match)");
  }
}
