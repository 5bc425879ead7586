package dev.safeops.cli;

import dev.safeops.core.BlastRadius;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.Decision;
import dev.safeops.core.Environment;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.Policy;
import dev.safeops.core.Principal;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.Rule;
import dev.safeops.core.Tier;
import dev.safeops.terraform.PlanChecker;
import dev.safeops.terraform.PlanReader;
import dev.safeops.terraform.PlanReport;
import dev.safeops.terraform.TerraformRules;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code check-plan}: judges the output of {@code terraform show -json PLANFILE} with the
 * default rules, the {@link TerraformRules} and the default policy, and prints the verdict in
 * the asked {@link ReportFormat}. Exit 0 ALLOW, 10 REQUIRE_APPROVAL, 20 DENY, 2 bad usage or
 * input. {@code -} reads the plan from stdin. The judging happens here; what is printed is a
 * {@link PlanReport} and its renderers' business.
 *
 * <p>Without {@code extraRules} the plan is judged as it is read by a {@link PlanChecker}, in
 * the same memory whatever its size. {@code extraRules} (the live evidence of {@code --live})
 * run after the others; one that needs the whole plan ({@link Rule#scope()}) makes the plan
 * read whole first. Both ways give the same report for the same plan and rules.
 */
final class CheckPlan {
  static final int ALLOW = 0;
  static final int REQUIRE_APPROVAL = 10;
  static final int DENY = 20;

  private CheckPlan() {}

  static int run(Tier tier, Principal requester, String file, ReportFormat format, InputStream in, PrintStream out,
      List<? extends Rule> extraRules) {
    boolean stdin = file.equals("-");
    if (!stdin && Files.exists(Path.of(file)) && !Files.isRegularFile(Path.of(file))) {
      throw new InvalidInputException("'" + file + "' is not a regular file; to read a plan from a pipe, give - and send the plan"
          + " to standard input.");
    }
    Operation operation = Operation.builder()
        .name("terraform apply " + (stdin ? "stdin" : Path.of(file).getFileName()))
        .requester(requester)
        .environment(Environment.of(tier.name().toLowerCase(Locale.ROOT), tier))
        .build();
    PlanReport report;
    if (extraRules.isEmpty()) {
      // The default rules, made by the checker on its judging thread while the plan's reading starts.
      PlanChecker checker = PlanChecker.ofDefaults();
      report = stdin ? checker.check(in, "stdin", operation) : checker.check(Path.of(file), operation);
    } else {
      report = withExtraRules(file, stdin, in, operation, extraRules);
    }
    out.print(format.render(report));
    out.flush();
    return switch (report.verdict()) {
      case ALLOW -> ALLOW;
      case REQUIRE_APPROVALS -> REQUIRE_APPROVAL;
      case DENY -> DENY;
    };
  }

  /** The default rules and {@code extraRules}: read as it is judged when every rule can, else read whole first. */
  private static PlanReport withExtraRules(String file, boolean stdin, InputStream in, Operation operation,
      List<? extends Rule> extraRules) {
    List<Rule> rules = new ArrayList<>(BlastRadiusEvaluator.builder().rules());
    rules.addAll(TerraformRules.all());
    rules.addAll(extraRules);
    if (rules.stream().allMatch(r -> r.scope() != Rule.Scope.WHOLE_PLAN)) {
      PlanChecker checker = PlanChecker.builder().rules(rules).build();
      return stdin ? checker.check(in, "stdin", operation) : checker.check(Path.of(file), operation);
    }
    Plan plan = stdin ? PlanReader.create().read(in, "stdin") : PlanReader.create().read(Path.of(file));
    BlastRadiusEvaluator.Builder evaluator = BlastRadiusEvaluator.builder();
    TerraformRules.all().forEach(evaluator::addRule);
    extraRules.forEach(evaluator::addRule);
    BlastRadius radius = evaluator.build().evaluate(plan, operation);
    Decision decision = Policy.defaults().decide(operation, radius);
    return PlanReport.of(file, operation, plan, radius, decision, ResourceCatalog.defaults());
  }
}
