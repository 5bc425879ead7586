package dev.safeops.core.rules;

import static dev.safeops.core.rules.RuleFixtures.DEV;
import static dev.safeops.core.rules.RuleFixtures.PROD;
import static dev.safeops.core.rules.RuleFixtures.STAGING;
import static dev.safeops.core.rules.RuleFixtures.create;
import static dev.safeops.core.rules.RuleFixtures.findings;
import static dev.safeops.core.rules.RuleFixtures.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.Environment;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** state.empty-mass-create: an empty prior state that plans a whole stack. */
class EmptyStateMassCreateRuleTest {
  private static final String RULE = "state.empty-mass-create";

  private static Plan.Builder creates(int n) {
    List<ResourceChange> changes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      changes.add(create("aws_instance.web" + i, "aws_instance"));
    }
    return Plan.builder().changes(changes);
  }

  private static List<Finding> judge(Plan plan, Environment env) {
    return findings(RULE, RuleFixtures.DEFAULTS.evaluate(plan, op(env)));
  }

  @Test
  void aWholeNewProductionStackIsHighOnItsOwn() {
    assertThat(judge(creates(10).priorResourceCount(0).build(), PROD)).singleElement().satisfies(f -> {
      assertThat(f.level()).isEqualTo(Level.HIGH);
      assertThat(f.message()).isEqualTo("The prior state is empty and the plan would create 10 resources in "
          + "production: a whole new production stack is rare enough to need two people");
    });
  }

  @Test
  void anEmptyStateWhereTheTargetIsKnownToExistIsHighInAnyTier() {
    Plan plan = creates(12).priorResourceCount(0).knownToExist(true).build();

    assertThat(judge(plan, DEV)).singleElement().satisfies(f -> {
      assertThat(f.level()).isEqualTo(Level.HIGH);
      assertThat(f.message()).contains("12 resources").contains("known to exist").contains("probably lost or replaced");
    });
    assertThat(RuleFixtures.DEFAULTS.evaluate(plan, op(STAGING)).level()).isEqualTo(Level.HIGH);
  }

  @Test
  void aNewStackOutsideProductionThatNobodyKnowsIsAtMostLow() {
    assertThat(judge(creates(30).priorResourceCount(0).build(), STAGING))
        .singleElement().extracting(Finding::level).isEqualTo(Level.LOW);
    assertThat(RuleFixtures.DEFAULTS.evaluate(creates(30).priorResourceCount(0).build(), op(DEV)).level())
        .isEqualTo(Level.LOW);
  }

  @Test
  void fewCreatesAStateWithResourcesOrAnUnknownPriorCountAreNotThisRule() {
    assertThat(judge(creates(9).priorResourceCount(0).knownToExist(true).build(), PROD)).isEmpty();
    assertThat(judge(creates(40).priorResourceCount(3).knownToExist(true).build(), PROD)).isEmpty();
    assertThat(judge(creates(40).knownToExist(true).build(), PROD)).isEmpty();
  }

  @Test
  void theCreateThresholdIsConfigurable() {
    BlastRadiusEvaluator evaluator = BlastRadiusEvaluator.builder().massCreate(3).build();
    assertThat(findings(RULE, evaluator.evaluate(creates(3).priorResourceCount(0).build(), op(PROD)))).hasSize(1);
  }
}
