package dev.safeops.core.rules;

import static dev.safeops.core.rules.RuleFixtures.DEV;
import static dev.safeops.core.rules.RuleFixtures.PROD;
import static dev.safeops.core.rules.RuleFixtures.delete;
import static dev.safeops.core.rules.RuleFixtures.evaluate;
import static dev.safeops.core.rules.RuleFixtures.findings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.Decision.Verdict;
import dev.safeops.core.Level;
import dev.safeops.core.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** resource.deleted: an ordinary known resource deleted is LOW, never NONE. */
class ResourceDeletedRuleTest {
  private static final String RULE = "resource.deleted";

  @ParameterizedTest
  @ValueSource(strings = {"aws_instance", "aws_ecs_cluster", "aws_iam_role", "aws_route53_record", "aws_sns_topic"})
  void deletingAnOrdinaryKnownResourceIsLow(String type) {
    assertThat(evaluate(DEV, delete("x.main", type)).level()).isEqualTo(Level.LOW);
    assertThat(findings(RULE, DEV, delete("x.main", type))).singleElement()
        .satisfies(f -> assertThat(f.message()).startsWith("x.main (" + type + ", ").contains("would be deleted"));
  }

  @Test
  void anOrdinaryDeleteInProductionNeedsASecondPerson() {
    var op = RuleFixtures.op(PROD);
    var radius = evaluate(PROD, delete("aws_instance.bastion", "aws_instance"));
    assertThat(Policy.defaults().decide(op, radius).verdict()).isEqualTo(Verdict.REQUIRE_APPROVALS);
  }

  @Test
  void storesFoundationsAndUnknownTypesAreJudgedByTheirOwnRules() {
    assertThat(findings(RULE, DEV, delete("a.b", "aws_db_instance"), delete("c.d", "aws_vpc"),
        delete("e.f", "aws_kms_key"), delete("g.h", "mycorp_thing"))).isEmpty();
  }
}
