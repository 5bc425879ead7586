package dev.safeops.core.rules;

import static dev.safeops.core.rules.RuleFixtures.attrs;
import static dev.safeops.core.rules.RuleFixtures.create;
import static dev.safeops.core.rules.RuleFixtures.delete;
import static dev.safeops.core.rules.RuleFixtures.evaluate;
import static dev.safeops.core.rules.RuleFixtures.findings;
import static dev.safeops.core.rules.RuleFixtures.replace;
import static dev.safeops.core.rules.RuleFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.Environment;
import dev.safeops.core.Level;
import dev.safeops.core.Tier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** resource.unknown-deleted: a type the catalog does not know is never NONE when deleted. */
class UnknownTypeDeletedRuleTest {
  private static final String RULE = "resource.unknown-deleted";

  @ParameterizedTest
  @EnumSource(Tier.class)
  void deletingAnUnknownTypeIsAtLeastMediumInEveryTier(Tier tier) {
    Environment env = Environment.of("env", tier);

    assertThat(evaluate(env, delete("mycorp_ledger.main", "mycorp_ledger")).level()).isEqualTo(Level.MEDIUM);
    assertThat(findings(RULE, env, delete("mycorp_ledger.main", "mycorp_ledger"))).singleElement()
        .satisfies(f -> assertThat(f.message()).isEqualTo("mycorp_ledger.main would be deleted, and the resource "
            + "catalog does not know what a mycorp_ledger holds, so its loss cannot be judged harmless"));
  }

  @Test
  void replacingAnUnknownTypeCountsAsDeletingIt() {
    assertThat(findings(RULE, RuleFixtures.DEV, replace("mycorp_ledger.main", "mycorp_ledger", attrs("size", 3))))
        .singleElement().extracting(f -> f.level()).isEqualTo(Level.MEDIUM);
  }

  @Test
  void creatingOrUpdatingAnUnknownTypeIsNotThisRule() {
    assertThat(evaluate(RuleFixtures.PROD, create("mycorp_ledger.a", "mycorp_ledger"),
        update("mycorp_ledger.b", "mycorp_ledger", attrs("size", 1), attrs("size", 2))).level()).isEqualTo(Level.NONE);
  }

  @Test
  void aKnownTypeIsNotUnknown() {
    assertThat(findings(RULE, RuleFixtures.PROD, delete("aws_instance.web", "aws_instance"),
        delete("aws_db_instance.db", "aws_db_instance"))).isEmpty();
  }
}
