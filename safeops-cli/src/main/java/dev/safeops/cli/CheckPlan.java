package dev.safeops.cli;

import dev.safeops.core.BlastRadius;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.Decision;
import dev.safeops.core.Environment;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.Policy;
import dev.safeops.core.Principal;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.Tier;
import dev.safeops.terraform.PlanReader;
import dev.safeops.terraform.TerraformRules;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code check-plan}: judges the output of {@code terraform show -json PLANFILE} with the
 * default rules, the {@link TerraformRules} and the default policy, and prints the verdict in
 * the asked {@link ReportFormat}. Exit 0 ALLOW, 10 REQUIRE_APPROVAL, 20 DENY, 2 bad usage or
 * input. {@code -} reads the plan from stdin. The judging happens here; what is printed is a
 * {@link PlanReport} and its renderers' business.
 */
final class CheckPlan {
  static final int ALLOW = 0;
  static final int REQUIRE_APPROVAL = 10;
  static final int DENY = 20;

  private CheckPlan() {}

  static int run(Tier tier, Principal requester, String file, ReportFormat format, InputStream in, PrintStream out) {
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
    // The two-person rule: a human requester counts as one person, an agent as none.
    int approvals = decision.verdict() == Decision.Verdict.REQUIRE_APPROVALS
        ? Math.max(decision.approvalsRequired(), requester.isHuman() ? 1 : 2) : 0;
    PlanReport report = PlanReport.of(file, tier, requester, plan, radius, decision, approvals, ResourceCatalog.defaults());
    out.print(format.render(report));
    out.flush();
    return switch (decision.verdict()) {
      case ALLOW -> ALLOW;
      case REQUIRE_APPROVALS -> REQUIRE_APPROVAL;
      case DENY -> DENY;
    };
  }
}
