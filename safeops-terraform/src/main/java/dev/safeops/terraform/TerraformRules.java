package dev.safeops.terraform;

import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Rule;
import dev.safeops.core.internal.ChangeRule;
import dev.safeops.terraform.internal.PlanJson;
import java.util.List;

/**
 * Rules only Terraform plans need, added to the core's defaults with {@code
 * BlastRadiusEvaluator.builder().addRule(...)}. The attribute knowledge (which types hold
 * data, which attributes protect them) lives in the core catalog, not here.
 *
 * <ul>
 *   <li>{@code terraform.unrecognised-action} (HIGH): a change whose Terraform actions this
 *       version of safeops does not know. The {@link PlanReader} already judges it as a
 *       replacement; this rule makes sure a person looks at it.
 * </ul>
 * Stateless and thread-safe.
 */
public final class TerraformRules {
  private TerraformRules() {}

  /** Every Terraform-specific rule. */
  public static List<Rule> all() {
    return List.of(unrecognisedAction());
  }

  /** {@code terraform.unrecognised-action}, HIGH. */
  public static Rule unrecognisedAction() {
    return new ChangeRule() {
      @Override
      public String id() {
        return "terraform.unrecognised-action";
      }

      @Override
      public void judge(ResourceChange c, Operation operation, List<Finding> findings) {
        String reason = c.actionReason().orElse(null);
        if (reason != null && reason.startsWith(PlanJson.UNRECOGNISED)) {
          findings.add(new Finding(id(), Level.HIGH, c.address(), c.address() + " has " + reason
              + ", which safeops does not know; it is judged as a replacement, and a person must look at it"));
        }
      }
    };
  }
}
