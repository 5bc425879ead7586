package dev.safeops.core;

import java.util.List;
import java.util.Map;

/** Small builders shared by the core tests. */
final class Fixtures {
  static final Environment PROD = Environment.of("prod", Tier.PRODUCTION);
  static final Environment STAGING = Environment.of("staging", Tier.STAGING);
  static final Environment DEV = Environment.of("dev", Tier.DEVELOPMENT);
  static final Principal ALICE = Principal.human("alice");
  static final Principal BOB = Principal.human("bob");
  static final Principal CAROL = Principal.human("carol");
  static final Principal AGENT = Principal.agent("claude");

  private Fixtures() {}

  static Operation op(Principal requester, Environment env) {
    return Operation.builder().name("test change").requester(requester).environment(env).reason("testing").build();
  }

  static Plan deletePlan(String address) {
    return Plan.of(List.of(ResourceChange.builder()
        .address(address).type("aws_instance").action(ChangeAction.DELETE)
        .before(Map.of("id", "i-123")).build()));
  }

  static Plan createPlan(String address) {
    return Plan.of(List.of(ResourceChange.builder()
        .address(address).type("aws_instance").action(ChangeAction.CREATE)
        .after(Map.of("ami", "ami-1")).build()));
  }

  /** An evaluator that always answers this level, whatever the plan. */
  static BlastRadiusEvaluator fixedLevel(Level level) {
    Rule rule = new Rule() {
      @Override
      public String id() {
        return "test.fixed";
      }

      @Override
      public List<Finding> evaluate(Plan plan, Operation operation) {
        return level == Level.NONE ? List.of() : List.of(new Finding("test.fixed", level, "test.resource", "fixed " + level));
      }
    };
    return BlastRadiusEvaluator.of(List.of(rule));
  }
}
