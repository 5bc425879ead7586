package dev.safeops.core.rules;

import dev.safeops.core.BlastRadius;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Environment;
import dev.safeops.core.Finding;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Tier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Plans, operations and a default evaluator for the rule tests. */
final class RuleFixtures {
  static final Environment PROD = Environment.of("prod", Tier.PRODUCTION);
  static final Environment STAGING = Environment.of("staging", Tier.STAGING);
  static final Environment DEV = Environment.of("dev", Tier.DEVELOPMENT);
  static final BlastRadiusEvaluator DEFAULTS = BlastRadiusEvaluator.ofDefaults();

  private RuleFixtures() {}

  static Operation op(Environment env) {
    return Operation.builder().name("terraform apply").requester(Principal.agent("claude")).environment(env).build();
  }

  /** Attributes from key/value pairs; values may be null. */
  static Map<String, Object> attrs(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  static ResourceChange delete(String address, String type, Map<String, Object> before) {
    return ResourceChange.builder().address(address).type(type).action(ChangeAction.DELETE).before(before).build();
  }

  static ResourceChange delete(String address, String type) {
    return delete(address, type, attrs("id", address));
  }

  static ResourceChange replace(String address, String type, Map<String, Object> before) {
    return ResourceChange.builder().address(address).type(type).action(ChangeAction.REPLACE)
        .before(before).after(before).build();
  }

  static ResourceChange update(String address, String type, Map<String, Object> before, Map<String, Object> after) {
    return ResourceChange.builder().address(address).type(type).action(ChangeAction.UPDATE)
        .before(before).after(after).build();
  }

  static ResourceChange updateUnknown(String address, String type, Map<String, Object> before,
      Map<String, Object> after, Set<String> unknownAfter) {
    return ResourceChange.builder().address(address).type(type).action(ChangeAction.UPDATE)
        .before(before).after(after).unknownAfter(unknownAfter).build();
  }

  static ResourceChange create(String address, String type) {
    return ResourceChange.builder().address(address).type(type).action(ChangeAction.CREATE)
        .after(attrs("name", address)).build();
  }

  static ResourceChange change(String address, String type, ChangeAction action) {
    return ResourceChange.builder().address(address).type(type).action(action)
        .before(attrs("id", address)).after(attrs("id", address)).build();
  }

  static BlastRadius evaluate(Environment env, ResourceChange... changes) {
    return DEFAULTS.evaluate(Plan.of(List.of(changes)), op(env));
  }

  /** The findings of one rule when the default evaluator judges these changes. */
  static List<Finding> findings(String ruleId, Environment env, ResourceChange... changes) {
    return findings(ruleId, DEFAULTS.evaluate(Plan.of(List.of(changes)), op(env)));
  }

  static List<Finding> findings(String ruleId, BlastRadius radius) {
    return radius.findings().stream().filter(f -> f.ruleId().equals(ruleId)).toList();
  }
}
