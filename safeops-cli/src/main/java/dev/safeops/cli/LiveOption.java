package dev.safeops.cli;

import dev.safeops.aws.LiveEvidence;
import dev.safeops.core.Rule;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --live [--live-budget SECONDS]}: the live evidence rule ({@code live.in-use}) for a
 * command that judges a plan (check-plan, propose, apply). Evidence that cannot be read within
 * the budget is a {@code live.check-failed} finding, never a clean bill.
 */
final class LiveOption {
  @Option(names = "--live",
      description = {"also ask the AWS account whether anything uses what the plan deletes (CloudWatch activity,"
          + " dependents, age; rule live.in-use): the default credential chain and region,"
          + " and AWS_ENDPOINT_URL when set"})
  boolean live;

  @Option(names = "--live-budget", paramLabel = "SECONDS", defaultValue = "5",
      description = "how long --live may take for the whole plan; what is not read by then is a live.check-failed finding;"
          + " default ${DEFAULT-VALUE}")
  int liveBudgetSeconds;

  /** The rule, when {@code --live} was given; the caller closes it. */
  Optional<LiveEvidence> evidence() throws Main.UsageException {
    if (!live) {
      return Optional.empty();
    }
    if (liveBudgetSeconds < 1) {
      throw new Main.UsageException("--live-budget must be at least 1 second, was " + liveBudgetSeconds);
    }
    return Optional.of(LiveEvidence.builder().budget(Duration.ofSeconds(liveBudgetSeconds)).defaultClients().build());
  }

  static List<Rule> rules(Optional<LiveEvidence> evidence) {
    return evidence.<List<Rule>>map(List::of).orElse(List.of());
  }
}
