package dev.safeops.cli;

import dev.safeops.core.Principal;
import dev.safeops.core.Tier;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code check-plan}: the options of the plan check; {@link CheckPlan} judges. */
@Command(name = "check-plan", mixinStandardHelpOptions = true,
    description = {"Judge the output of `terraform show -json PLANFILE` with the default rules and policy.",
        "Exit 0 allow, 10 approval needed, 20 denied, 2 bad usage or input."})
final class CheckPlanCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = "--tier", required = true, paramLabel = "TIER",
      description = "the environment's tier: production, staging or development")
  Tier tier;

  @Option(names = "--requester", paramLabel = "KIND:ID", defaultValue = "human:check-plan",
      description = "who asks: human:ID or agent:ID (an agent's request needs two human approvers); default ${DEFAULT-VALUE}")
  Principal requester;

  @Parameters(index = "0", paramLabel = "PLAN.json",
      description = "the plan as JSON (`terraform show -json tf.plan > plan.json`), or - to read it from stdin")
  String file;

  @Override
  public Integer call() throws Exception {
    return CheckPlan.run(tier, requester, file, main.in, main.out);
  }
}
