package dev.safeops.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.BlastRadius;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Environment;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Rule;
import dev.safeops.core.Tier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same rules judge a plan change by change exactly as they judge it whole. */
class StreamingEvaluationTest {

  private static Operation op(Tier tier) {
    return Operation.builder().name("terraform apply").requester(Principal.agent("claude"))
        .environment(Environment.of(tier.name().toLowerCase(), tier)).build();
  }

  private static List<Finding> all(StreamingEvaluation.Result result) {
    List<Finding> findings = new ArrayList<>();
    result.byRule().forEach(log -> log.forEach(findings::add));
    return findings;
  }

  private static StreamingEvaluation.Result stream(List<Rule> rules, Plan plan, Operation op, long spillMemory) {
    try (StreamingEvaluation e = new StreamingEvaluation(rules, op, 3, spillMemory)) {
      plan.changes().forEach(e::accept);
      return e.finish(plan.bindings(), plan.priorResourceCount().orElse(null), plan.knownToExist(), plan.source(), plan.digest());
    }
  }

  @Test
  void theDefaultRulesFindTheSameChangeByChangeAsOnTheWholePlan() {
    List<Rule> rules = BlastRadiusEvaluator.builder().rules();
    int compared = 0;
    for (long seed = 1; seed <= 30; seed++) {
      for (Tier tier : Tier.values()) {
        Plan plan = Plan.builder().changes(new RandomPlans(seed).changes((int) seed * 7))
            .priorResourceCount((int) (seed % 4 == 0 ? 0 : seed * 3)).knownToExist(seed % 3 == 0).build();
        Operation op = op(tier);
        BlastRadius whole = BlastRadiusEvaluator.of(rules).evaluate(plan, op);

        StreamingEvaluation.Result streamed = stream(rules, plan, op, seed % 2 == 0 ? 0 : 1 << 20);

        assertThat(all(streamed)).as("seed %d %s", seed, tier).isEqualTo(whole.findings());
        assertThat(streamed.level()).isEqualTo(whole.level());
        assertThat(streamed.counts()).isEqualTo(whole.counts());
        assertThat(streamed.blastRadius()).isEqualTo(whole);
        compared += whole.findings().size();
      }
    }
    assertThat(compared).as("findings compared").isGreaterThan(500);
  }

  @Test
  void manyFindingsAreKeptExactlyWhileThePolicySeesTheExamplesOfEachRuleAndLevel() {
    List<ResourceChange> deletes = new ArrayList<>();
    for (int i = 0; i < 12_000; i++) {
      deletes.add(ResourceChange.builder().address("aws_instance.w[" + i + "]").type("aws_instance").action(ChangeAction.DELETE).build());
    }
    Plan plan = Plan.builder().changes(deletes).priorResourceCount(12_000).build();
    List<Rule> rules = BlastRadiusEvaluator.builder().rules();
    BlastRadius whole = BlastRadiusEvaluator.of(rules).evaluate(plan, op(Tier.PRODUCTION));

    StreamingEvaluation.Result streamed = stream(rules, plan, op(Tier.PRODUCTION), 0);

    assertThat(all(streamed)).isEqualTo(whole.findings());
    assertThat(streamed.level()).isEqualTo(Level.HIGH);
    assertThat(streamed.blastRadius().level()).isEqualTo(whole.level());
    assertThat(streamed.blastRadius().counts()).isEqualTo(whole.counts());
    assertThat(streamed.blastRadius().findings()).extracting(Finding::ruleId).containsExactly(
        "mass-deletion", "resource.deleted", "resource.deleted", "resource.deleted");
    FindingLog deleted = streamed.byRule().stream().filter(l -> l.ruleId().equals("resource.deleted")).findFirst().orElseThrow();
    assertThat(deleted.count(Level.LOW)).isEqualTo(12_000);
    assertThat(deleted.examples(Level.LOW)).hasSize(3);
  }

  @Test
  void aRuleThatReadsTheWholePlanIsRefusedNamingIt() {
    Rule whole = new Rule() {
      @Override
      public String id() {
        return "team.whole";
      }

      @Override
      public List<Finding> evaluate(Plan plan, Operation operation) {
        return List.of();
      }
    };

    assertThatThrownBy(() -> new StreamingEvaluation(List.of(whole), op(Tier.PRODUCTION), 3, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("team.whole")
        .hasMessageContaining("WHOLE_PLAN");
  }

  @Test
  void skeletonRulesSeeThePlansFactsAndDigestButNoAttributes() {
    List<Object> seen = new ArrayList<>();
    Rule spy = new Rule() {
      @Override
      public String id() {
        return "spy";
      }

      @Override
      public List<Finding> evaluate(Plan plan, Operation operation) {
        // What a skeleton rule sees, read while it runs: the plan is gone once the evaluation ends.
        seen.addAll(List.of(plan.digest(), plan.priorResourceCount(), plan.knownToExist(), plan.bindings(), plan.source(),
            plan.changes().stream().map(ResourceChange::address).toList(),
            plan.changes().stream().allMatch(c -> c.before().isEmpty() && c.after().isEmpty())));
        return List.of();
      }

      @Override
      public Scope scope() {
        return Scope.SKELETON;
      }
    };
    Plan plan = Plan.builder().changes(new RandomPlans(9).changes(40)).priorResourceCount(12).knownToExist(true)
        .binding("terraform.serial", "4").source("terraform plan x").build();

    stream(List.of(spy), plan, op(Tier.STAGING), 0);

    assertThat(seen).containsExactly(plan.digest(), java.util.Optional.of(12), true, plan.bindings(), "terraform plan x",
        plan.changes().stream().map(ResourceChange::address).toList(), true);
  }

  @Test
  void rulesJudgedByChangeOrByCountKeepTheEvaluateThatCallsTheirJudge() throws NoSuchMethodException {
    // StreamingEvaluation calls judge directly; a rule's own evaluate could then find otherwise.
    int shortcuts = 0;
    for (Rule rule : BlastRadiusEvaluator.builder().rules()) {
      Class<?> declaring = rule.getClass().getMethod("evaluate", Plan.class, Operation.class).getDeclaringClass();
      if (rule instanceof ChangeRule) {
        assertThat(declaring).as(rule.id()).isEqualTo(ChangeRule.class);
        shortcuts++;
      } else if (rule instanceof ActionCountRule) {
        assertThat(declaring).as(rule.id()).isEqualTo(ActionCountRule.class);
        shortcuts++;
      }
    }
    assertThat(shortcuts).as("default rules that take a shortcut").isGreaterThanOrEqualTo(8);
  }
}
