package dev.safeops.terraform;

import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Operation;
import dev.safeops.core.Policy;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.Rule;
import dev.safeops.core.SafeOpsException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Judges the output of {@code terraform show -json PLANFILE} as it is read, and reports
 * everything a person, a pull-request comment or a CI job needs to know about it: the level,
 * the policy's decision, counts by action and by kind, findings with exact totals and a
 * bounded number of examples, and the digest approvals bind to.
 *
 * <p>Memory does not grow with the plan: each change is judged by the per-change rules as
 * it is read and then dropped; whole-plan rules run once at the end, the default ones on the
 * counts of each action, any other on the plan's skeleton (no attributes); the digest is
 * hashed as the changes come in address order, or computed from sorted runs of canonical
 * changes when they do not. What must
 * wait until the end waits in temporary files under {@code java.io.tmpdir}, unlinked as soon
 * as they are open. A million changes fit in the same memory as a thousand.
 *
 * <p>It finds what {@link BlastRadiusEvaluator#evaluate} finds on the whole {@link
 * PlanReader} plan with the same rules, in the same order, and {@link PlanReport#digest()}
 * is that plan's {@link dev.safeops.core.Plan#digest()}: its report is the one {@link
 * PlanReport#of} makes from the whole plan. The plan is read as strictly as
 * {@link PlanReader} reads it. Only rules that say they need less than the whole plan ({@link
 * Rule#scope()} {@code EACH_CHANGE} or {@code SKELETON}) can run this way; {@link
 * Builder#build()} refuses any other.
 *
 * <p>Thread-safe; each call reads its own input.
 */
public interface PlanChecker {

  /**
   * Reads and judges a plan JSON file.
   *
   * @throws InvalidInputException when the file is missing, not a regular file or not a valid plan
   * @throws SafeOpsException when the temporary space a big plan needs cannot be used, or a
   *     rule or the policy broke its promise
   */
  PlanReport check(Path planJson, Operation operation);

  /**
   * Reads and judges plan JSON from a stream, which is not closed; {@code name} names it in
   * messages and in {@link PlanReport#plan()}.
   *
   * @throws InvalidInputException when the input is not a valid plan
   * @throws SafeOpsException as for {@link #check(Path, Operation)}
   */
  PlanReport check(InputStream planJson, String name, Operation operation);

  /**
   * The default rules with the {@link TerraformRules}, the default catalog and the default
   * policy; the rules are made, and the catalog loaded, by the first check.
   */
  static PlanChecker ofDefaults() {
    return builder().build();
  }

  static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link PlanChecker}. Not thread-safe; the checker it builds is. */
  final class Builder {
    /** Null for the default catalog, loaded when a check first needs it. */
    private ResourceCatalog catalog;
    private List<Rule> rules;
    private Policy policy = Policy.defaults();
    private int examplesPerLevel = PlanReport.EXAMPLES_PER_LEVEL;

    private Builder() {}

    /**
     * The catalog that sorts changes into kinds, and that the default rules consult;
     * default {@link ResourceCatalog#defaults()}.
     */
    public Builder catalog(ResourceCatalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /**
     * Exactly these rules, in this order, instead of the defaults (the core's default rules
     * over the catalog, then {@link TerraformRules#all()}). For the defaults with other
     * thresholds, pass {@code BlastRadiusEvaluator.builder()...rules()} and the Terraform rules.
     */
    public Builder rules(List<? extends Rule> rules) {
      this.rules = List.copyOf(rules);
      return this;
    }

    /** The policy that decides on the blast radius; default {@link Policy#defaults()}. */
    public Builder policy(Policy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * How many findings of each level the report keeps as examples, the first ones in rule
     * order (default {@link PlanReport#EXAMPLES_PER_LEVEL}).
     */
    public Builder examplesPerLevel(int examples) {
      if (examples < 1) {
        throw new IllegalArgumentException("examplesPerLevel must be >= 1, was " + examples);
      }
      this.examplesPerLevel = examples;
      return this;
    }

    /** @throws IllegalArgumentException naming a rule whose {@link Rule#scope()} is {@code WHOLE_PLAN} */
    public PlanChecker build() {
      ResourceCatalog given = catalog;
      Supplier<ResourceCatalog> chosenCatalog = given != null ? () -> given : ResourceCatalog::defaults;
      if (rules != null) {
        return new PlanCheck(rules, chosenCatalog, policy, examplesPerLevel);
      }
      // The default rules (all narrow) are made by the first check that needs them, on its
      // judging thread, while the plan's first bytes are already being read.
      return new PlanCheck(() -> {
        List<Rule> chosen = new ArrayList<>(BlastRadiusEvaluator.builder().catalog(chosenCatalog.get()).rules());
        chosen.addAll(TerraformRules.all());
        return chosen;
      }, chosenCatalog, policy, examplesPerLevel);
    }
  }
}
