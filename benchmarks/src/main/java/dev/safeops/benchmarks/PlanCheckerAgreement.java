package dev.safeops.benchmarks;

import dev.safeops.core.BlastRadius;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.Decision;
import dev.safeops.core.Environment;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges one plan file both ways, whole ({@link PlanReader}, the rules, {@link Plan#digest()})
 * and as it is read ({@link PlanChecker}), and says whether they agree on the digest, every
 * part of the {@link PlanReport} (totals, first findings of each level, decision). For the generated plans too big
 * for a unit test: the whole-plan side needs a heap several times the plan ({@code -Xmx6g}
 * for a million changes).
 *
 * <pre>{@code java -Xmx6g -cp benchmarks.jar dev.safeops.benchmarks.PlanCheckerAgreement PLAN.json}</pre>
 *
 * Exit 0 when they agree, 1 when they do not.
 */
public final class PlanCheckerAgreement {
  private PlanCheckerAgreement() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    Operation op = Operation.builder().name("terraform apply").requester(Principal.agent("ci"))
        .environment(Environment.of("production", Tier.PRODUCTION)).build();
    System.exit(agree(file, op) ? 0 : 1);
  }

  /** Judges {@code file} both ways for {@code op}, printing what it compared. */
  public static boolean agree(Path file, Operation op) {
    long t0 = System.nanoTime();
    PlanReport report = PlanChecker.ofDefaults().check(file, op);
    long t1 = System.nanoTime();

    Plan plan = PlanReader.create().read(file);
    List<Rule> rules = new ArrayList<>(BlastRadiusEvaluator.builder().rules());
    rules.addAll(TerraformRules.all());
    BlastRadius whole = BlastRadiusEvaluator.of(rules).evaluate(plan, op);
    Decision decision = Policy.defaults().decide(op, whole);
    String digest = plan.digest();
    long t2 = System.nanoTime();

    boolean same = report.digest().equals(digest)
        && report.equals(PlanReport.of(file.toString(), op, plan, whole, decision, ResourceCatalog.defaults()));
    System.out.printf("%s: %,d changes, %,d findings%n", file.getFileName(), plan.changes().size(), whole.findings().size());
    System.out.printf("  whole plan:  digest %s, level %s, %s (%,d ms)%n", digest, whole.level(), decision.verdict(), (t2 - t1) / 1_000_000);
    System.out.printf("  as it reads: digest %s, level %s, %s (%,d ms)%n", report.digest(), report.level(),
        report.verdict(), (t1 - t0) / 1_000_000);
    System.out.println(same ? "  AGREE: digest, level, verdict, reasons, counts by action and kind, findings per level and rule,"
        + " the first findings of each level in order" : "  DIFFER");
    return same;
  }
}
