package dev.safeops.terraform;

import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Rule;
import dev.safeops.terraform.internal.PlanJson;
import java.util.ArrayList;
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
    return new Rule() {
      @Override
      public String id() {
        return "terraform.unrecognised-action";
      }

      @Override
      public Scope scope() {
        return Scope.EACH_CHANGE;
      }

      @Override
      public List<Finding> evaluate(Plan plan, Operation operation) {
        List<Finding> findings = new ArrayList<>();
        for (ResourceChange c : plan.changes()) {
          c.actionReason().filter(r -> r.startsWith(PlanJson.UNRECOGNISED)).ifPresent(r -> findings.add(new Finding(id(), Level.HIGH,
              c.address(), c.address() + " has " + r + ", which safeops does not know; it is judged as a replacement, and a person must look at it")));
        }
        return findings;
      }
    };
  }
}
