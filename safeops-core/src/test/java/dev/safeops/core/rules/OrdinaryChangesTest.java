package dev.safeops.core.rules;

import static dev.safeops.core.rules.RuleFixtures.PROD;
import static dev.safeops.core.rules.RuleFixtures.attrs;
import static dev.safeops.core.rules.RuleFixtures.change;
import static dev.safeops.core.rules.RuleFixtures.create;
import static dev.safeops.core.rules.RuleFixtures.evaluate;
import static dev.safeops.core.rules.RuleFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.Level;
import dev.safeops.core.Plan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Everyday changes stay quiet, so that the findings that matter stand out. */
class OrdinaryChangesTest {

  @Test
  void creatingResourcesOfEveryKindIsNone() {
    assertThat(evaluate(PROD, create("aws_db_instance.new", "aws_db_instance"), create("aws_vpc.new", "aws_vpc"),
        create("aws_instance.web", "aws_instance"), create("mycorp_thing.x", "mycorp_thing")).findings()).isEmpty();
  }

  @Test
  void updatingWithoutTouchingAProtectionIsNone() {
    assertThat(evaluate(PROD,
        update("aws_db_instance.main", "aws_db_instance",
            attrs("deletion_protection", true, "instance_class", "db.t3.micro"),
            attrs("deletion_protection", true, "instance_class", "db.t3.large")),
        update("aws_instance.web", "aws_instance", attrs("instance_type", "t3.micro"), attrs("instance_type", "t3.small")),
        update("aws_lb.app", "aws_lb", attrs("idle_timeout", 60), attrs("idle_timeout", 120))).level())
        .isEqualTo(Level.NONE);
  }

  @Test
  void readsNoOpsAndForgetsAreNone() {
    assertThat(evaluate(PROD, change("aws_db_instance.a", "aws_db_instance", ChangeAction.READ),
        change("aws_vpc.b", "aws_vpc", ChangeAction.NO_OP),
        change("mycorp_thing.c", "mycorp_thing", ChangeAction.FORGET)).level()).isEqualTo(Level.NONE);
  }

  @Test
  void anEmptyPlanIsNone() {
    assertThat(RuleFixtures.DEFAULTS.evaluate(Plan.of(List.of()), RuleFixtures.op(PROD)).level()).isEqualTo(Level.NONE);
  }
}
