package dev.safeops.core.internal;

import dev.safeops.core.BlastRadius;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.Finding;
import dev.safeops.core.InvariantViolationException;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Runs every rule; a rule that returns null broke its promise and fails the evaluation. */
public final class RuleEvaluator implements BlastRadiusEvaluator {
  private final List<Rule> rules;

  public RuleEvaluator(List<? extends Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  @Override
  public BlastRadius evaluate(Plan plan, Operation operation) {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(operation, "operation");
    List<Finding> findings = new ArrayList<>();
    for (Rule rule : rules) {
      List<Finding> found = rule.evaluate(plan, operation);
      if (found == null) {
        throw new InvariantViolationException("rule " + rule.id() + " returned null instead of a list of findings");
      }
      findings.addAll(found);
    }
    return BlastRadius.of(plan, findings);
  }
}
