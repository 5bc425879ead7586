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
    int service = -1;
    // Global options before the service (--region, --profile...) go to the dry run too: they
    // change where the call runs, and a dry run that cannot honour them must refuse.
    List<String> global = new ArrayList<>();
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if (a.startsWith("--")) {
        global.add(a);
        if (CliNames.GLOBAL_WITH_VALUE.contains(a) && k + 1 < args.size()) {
          global.add(args.get(++k));
        }
        continue;
      }
      service = k;
      break;
    }
    if (service < 0 || service + 1 >= args.size() || args.get(service).equals("s3")) {
      return Optional.empty();
    }
    String sdkService = CliNames.service(args.get(service));
    String sdkOperation = CliNames.operation(args.get(service + 1));
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
