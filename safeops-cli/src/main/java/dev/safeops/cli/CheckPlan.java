package dev.safeops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.core.BlastRadius;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Decision;
import dev.safeops.core.Environment;
import dev.safeops.core.Finding;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.Policy;
import dev.safeops.core.Principal;
import dev.safeops.core.Tier;
import dev.safeops.terraform.PlanReader;
import dev.safeops.terraform.TerraformRules;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code check-plan --tier production|staging|development [--requester human:ID|agent:ID]
 * PLAN.json}: judges the output of {@code terraform show -json PLANFILE} with the default
 * rules, the {@link TerraformRules} and the default policy, and prints one JSON object: {@code level}, {@code verdict} ({@code ALLOW},
 * {@code REQUIRE_APPROVAL}, {@code DENY}), {@code approvalsRequired} (after the two-person
 * rule: an agent's request needs two), {@code counts} per action, {@code findings}, and the
 * plan's {@code digest} and the policy's {@code reasons}. Exit 0 ALLOW, 10 REQUIRE_APPROVAL,
 * 20 DENY, 2 bad usage or input. {@code -} reads the plan from stdin. The requester defaults
 * to {@code human:check-plan}.
 */
final class CheckPlan {
  static final int ALLOW = 0;
  static final int REQUIRE_APPROVAL = 10;
  static final int DENY = 20;

  private CheckPlan() {}

  static int run(Tier tier, Principal requester, String file, InputStream in, PrintStream out) {
    Plan plan = file.equals("-") ? PlanReader.create().read(in, "stdin") : PlanReader.create().read(Path.of(file));
    Operation operation = Operation.builder()
        .name("terraform apply " + (file.equals("-") ? "stdin" : Path.of(file).getFileName()))
        .requester(requester)
        .environment(Environment.of(tier.name().toLowerCase(Locale.ROOT), tier))
        .build();
    BlastRadiusEvaluator.Builder rules = BlastRadiusEvaluator.builder();
    TerraformRules.all().forEach(rules::addRule);
    BlastRadius radius = rules.build().evaluate(plan, operation);
    Decision decision = Policy.defaults().decide(operation, radius);
    out.println(json(plan, radius, decision, requester));
    return switch (decision.verdict()) {
      case ALLOW -> ALLOW;
      case REQUIRE_APPROVALS -> REQUIRE_APPROVAL;
      case DENY -> DENY;
    };
  }

  private static String json(Plan plan, BlastRadius radius, Decision decision, Principal requester) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("level", radius.level().name());
    root.put("verdict", switch (decision.verdict()) {
      case ALLOW -> "ALLOW";
      case REQUIRE_APPROVALS -> "REQUIRE_APPROVAL";
      case DENY -> "DENY";
    });
    // The two-person rule: a human requester counts as one person, an agent as none.
    int approvals = decision.verdict() == Decision.Verdict.REQUIRE_APPROVALS
        ? Math.max(decision.approvalsRequired(), requester.isHuman() ? 1 : 2) : 0;
    root.put("approvalsRequired", approvals);
    ObjectNode counts = root.putObject("counts");
    for (ChangeAction a : ChangeAction.values()) {
      counts.put(a.name(), radius.count(a));
    }
    ArrayNode findings = root.putArray("findings");
    for (Finding f : radius.findings()) {
      findings.addObject().put("rule", f.ruleId()).put("level", f.level().name()).put("address", f.address()).put("message", f.message());
    }
    ArrayNode reasons = root.putArray("reasons");
    decision.reasons().forEach(reasons::add);
    root.put("digest", plan.digest());
    return root.toString();
  }
}
