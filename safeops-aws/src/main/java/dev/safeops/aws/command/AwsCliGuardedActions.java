package dev.safeops.aws.command;

import dev.safeops.core.GuardedAction;
import dev.safeops.core.command.CommandContext;
import dev.safeops.core.command.GuardedActionFactory;
import dev.safeops.core.command.SimpleCommand;
import dev.safeops.core.command.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns an agent's AWS CLI call ({@code aws [global options] SERVICE OPERATION args}) into a
 * guarded action whose dry run is the matching SDK dry run from an {@link AwsCliDryRun}, and
 * whose execution performs exactly that call through it (not the raw CLI). The high-level
 * {@code aws s3} commands and calls without a dry run get no action and are refused by the
 * {@link dev.safeops.core.command.ToolGuard}. Thread-safe when the dry run is.
 */
public final class AwsCliGuardedActions implements GuardedActionFactory {
  private final AwsCliDryRun dryRun;

  public AwsCliGuardedActions(AwsCliDryRun dryRun) {
    this.dryRun = Objects.requireNonNull(dryRun, "dryRun");
  }

  @Override
  public Optional<GuardedAction<String>> actionFor(SimpleCommand command, ToolCall call, CommandContext context) {
    if (!command.name().equals("aws")) {
      return Optional.empty();
    }
    List<String> args = command.arguments();
    Optional<CliNames.Call> cli = CliNames.call(args);
    if (cli.isEmpty() || cli.get().service().equals("s3")) {
      return Optional.empty();
    }
    int service = cli.get().serviceIndex();
    // Global options before the service (--region, --profile...) go to the dry run too: they
    // change where the call runs, and a dry run that cannot honour them must refuse.
    List<String> global = new ArrayList<>(args.subList(0, service));
    String sdkService = cli.get().sdkService();
    String sdkOperation = cli.get().sdkOperation();
    List<String> words = new ArrayList<>(args.subList(service + 2, args.size()));
    words.addAll(global);
    List<String> rest = List.copyOf(words);
    if (!dryRun.supports(sdkService, sdkOperation)) {
      return Optional.empty();
    }
    String scope = sdkService + ":" + sdkOperation;
    return Optional.of(GuardedAction.of(scope,
        () -> dryRun.dryRun(sdkService, sdkOperation, rest),
        approved -> dryRun.execute(sdkService, sdkOperation, rest, approved)));
  }
}
