package dev.safeops.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.BlastRadius;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.Environment;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.Tier;
import dev.safeops.terraform.testing.ScriptedPlan;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerraformRulesTest {
  private static final Operation OP = Operation.builder().name("terraform apply").requester(Principal.human("carol"))
      .environment(Environment.of("dev", Tier.DEVELOPMENT)).build();

  private static Plan read(String json) {
    return PlanReader.create().read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "plan.json");
  }

  private static BlastRadius evaluate(Plan plan) {
    BlastRadiusEvaluator.Builder b = BlastRadiusEvaluator.builder();
    TerraformRules.all().forEach(b::addRule);
    return b.build().evaluate(plan, OP);
  }

  @Test
  void aFutureTerraformActionIsAHighFindingAPersonMustLookAt() {
    Plan plan = read(ScriptedPlan.builder().priorResources(3)
        .change("aws_sqs_queue.jobs", List.of("archive"), Map.of("name", "jobs"), Map.of("name", "jobs")).build());

    BlastRadius radius = evaluate(plan);

    assertThat(radius.level()).isEqualTo(Level.HIGH);
    assertThat(radius.findings()).anySatisfy(f -> {
      assertThat(f.ruleId()).isEqualTo("terraform.unrecognised-action");
      assertThat(f.address()).isEqualTo("aws_sqs_queue.jobs");
      assertThat(f.message()).contains("[archive]");
    });
  }

  @Test
  void knownActionsGiveNoTerraformFinding() {
    Plan plan = read(ScriptedPlan.builder().priorResources(3)
        .change("aws_sqs_queue.jobs", List.of("delete", "create"), Map.of("name", "a"), Map.of("name", "b")).build());

    assertThat(TerraformRules.unrecognisedAction().evaluate(plan, OP)).isEmpty();
  }
}
