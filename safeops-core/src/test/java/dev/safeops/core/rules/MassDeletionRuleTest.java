package dev.safeops.core.rules;

import static dev.safeops.core.rules.RuleFixtures.DEV;
import static dev.safeops.core.rules.RuleFixtures.attrs;
import static dev.safeops.core.rules.RuleFixtures.create;
import static dev.safeops.core.rules.RuleFixtures.delete;
import static dev.safeops.core.rules.RuleFixtures.findings;
import static dev.safeops.core.rules.RuleFixtures.op;
import static dev.safeops.core.rules.RuleFixtures.replace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** mass-deletion: by count, or by share of the resources the target managed. */
class MassDeletionRuleTest {
  private static final String RULE = "mass-deletion";

  private static List<ResourceChange> deletes(int n) {
    List<ResourceChange> changes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      changes.add(delete("aws_sns_topic.t" + i, "aws_sns_topic"));
    }
    return changes;
  }

  private static List<Finding> judge(BlastRadiusEvaluator evaluator, List<ResourceChange> changes, Integer prior) {
    Plan.Builder plan = Plan.builder().changes(changes);
    if (prior != null) {
      plan.priorResourceCount(prior);
    }
    return findings(RULE, evaluator.evaluate(plan.build(), op(DEV)));
  }

  @Test
  void tenDeletionsAreMassDeletionByDefault() {
    assertThat(judge(RuleFixtures.DEFAULTS, deletes(10), null)).singleElement().satisfies(f -> {
      assertThat(f.level()).isEqualTo(Level.HIGH);
      assertThat(f.address()).isEqualTo("(plan)");
      assertThat(f.message()).isEqualTo("The plan would delete or replace 10 resources, at or above the "
          + "mass-deletion threshold of 10 resources or 25% of the managed resources");
    });
    assertThat(judge(RuleFixtures.DEFAULTS, deletes(9), null)).isEmpty();
  }

  @Test
  void aLargeShareOfTheManagedResourcesIsMassDeletion() {
    assertThat(judge(RuleFixtures.DEFAULTS, deletes(4), 16)).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("4 resources of the 16 resources it managed (25%)"));
    assertThat(judge(RuleFixtures.DEFAULTS, deletes(4), 20)).isEmpty();
  }

  @Test
  void aShareNeedsAtLeastFourDeletionsSoASmallStackIsNotMass() {
    assertThat(judge(RuleFixtures.DEFAULTS, deletes(3), 4)).isEmpty();
  }

  @Test
  void replacementsCountAndCreatesDoNot() {
    List<ResourceChange> changes = new ArrayList<>(deletes(5));
    for (int i = 0; i < 5; i++) {
      changes.add(replace("aws_sqs_queue.q" + i, "aws_sqs_queue", attrs("name", "q" + i)));
      changes.add(create("aws_sqs_queue.n" + i, "aws_sqs_queue"));
    }
    assertThat(judge(RuleFixtures.DEFAULTS, changes, null)).hasSize(1);
    assertThat(judge(RuleFixtures.DEFAULTS, changes.subList(0, 9), null)).isEmpty();
  }

  @Test
  void thresholdsAreConfigurable() {
    BlastRadiusEvaluator strict = BlastRadiusEvaluator.builder().massDeletion(3, 0.5).build();
    assertThat(judge(strict, deletes(3), null)).hasSize(1);
    assertThat(judge(strict, deletes(2), null)).isEmpty();
    assertThatThrownBy(() -> BlastRadiusEvaluator.builder().massDeletion(0, 0.5))
        .hasMessageContaining("was 0");
  }
}
