package dev.safeops.cli;

import dev.safeops.aws.LiveEvidence;
import dev.safeops.core.Principal;
import dev.safeops.core.Tier;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code check-plan}: the options of the plan check; {@link CheckPlan} judges. */
@Command(name = "check-plan", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Judge the output of `terraform show -json PLANFILE` with the default rules and policy, "
        + "and print the verdict, the changes by kind and action, the findings by level, the plan digest "
        + "and what to do next.",
        "",
        "  terraform plan -out=tf.plan && terraform show -json tf.plan > plan.json",
        "  safeops check-plan --tier production plan.json",
        "  terraform show -json tf.plan | safeops check-plan --tier production -",
        ""},
    footer = {"", "Kinds, from the resource catalog: data stores (data stores, backups, encryption keys), network "
        + "(network foundations, DNS), identity, other (compute and the rest, unknown types included).",
        "Exit 0 allow, 10 approval needed, 20 denied, 2 bad usage or input."})
final class CheckPlanCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = "--tier", required = true, paramLabel = "TIER",
      description = "the environment's tier: production, staging or development")
  Tier tier;

  @Option(names = "--requester", paramLabel = "KIND:ID", defaultValue = "human:check-plan",
      description = "who asks: human:ID or agent:ID (an agent's request needs two human approvers); default ${DEFAULT-VALUE}")
  Principal requester;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "text (for people, the default), json (one object, for CI) or markdown (a pull-request comment, "
          + "always under 65,000 characters: findings beyond that are counted, not listed)")
  ReportFormat format;

  @Option(names = "--json", description = "the same as --format json")
  boolean json;

  @Mixin LiveOption live;

  @Parameters(index = "0", paramLabel = "PLAN.json",
      description = "the plan as JSON (`terraform show -json tf.plan > plan.json`), or - to read that JSON from stdin")
  String file;

  @Override
  public Integer call() throws Main.UsageException {
    if (json && format != null && format != ReportFormat.JSON) {
      throw new Main.UsageException("--json and --format " + format.name().toLowerCase(java.util.Locale.ROOT)
          + " ask for two different outputs; give one");
    }
    ReportFormat chosen = json ? ReportFormat.JSON : format == null ? ReportFormat.TEXT : format;
    Optional<LiveEvidence> evidence = live.evidence();
    try {
      return CheckPlan.run(tier, requester, file, chosen, main.in, main.out, LiveOption.rules(evidence));
    } finally {
      evidence.ifPresent(LiveEvidence::close);
    }
  }
}
