package dev.safeops.terraform.command;

import dev.safeops.core.GuardedAction;
import dev.safeops.core.command.CommandContext;
import dev.safeops.core.command.GuardedActionFactory;
import dev.safeops.core.command.SimpleCommand;
import dev.safeops.core.command.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an agent's {@code terraform apply} and {@code terraform destroy} (and {@code tofu}'s)
 * into guarded actions: the dry run is {@code terraform plan} with the same variables and
 * targets ({@code plan -destroy} for a destroy), and the execution applies exactly the
 * approved saved plan, never the agent's raw command. {@code -auto-approve} and
 * {@code -input} are dropped: the approval is safeops'.
 *
 * <p>Other commands get no action and are refused by the {@link dev.safeops.core.command.ToolGuard}:
 * applying a saved plan file made elsewhere (its plan cannot be re-made here: submit the plan
 * itself), {@code state rm|mv|push}, {@code taint}, {@code import}, {@code force-unlock},
 * {@code workspace delete} (use {@code removed}, {@code moved} and {@code import} blocks,
 * which plans show). Thread-safe when the planner is.
 */
public final class TerraformGuardedActions implements GuardedActionFactory {
  private static final Set<String> PASSED_TO_PLAN = Set.of("-target", "-var", "-var-file", "-replace", "-refresh",
      "-parallelism", "-lock", "-lock-timeout", "-compact-warnings", "-no-color", "-refresh-only");

  private final TerraformPlanner planner;

  public TerraformGuardedActions(TerraformPlanner planner) {
    this.planner = Objects.requireNonNull(planner, "planner");
  }

  @Override
  public Optional<GuardedAction<String>> actionFor(SimpleCommand command, ToolCall call, CommandContext context) {
    String bin = command.name();
    if (!bin.equals("terraform") && !bin.equals("tofu")) {
      return Optional.empty();
    }
    String chdir = null;
    String sub = null;
    List<String> planArgs = new ArrayList<>();
    List<String> args = command.arguments();
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if (sub == null && a.startsWith("-")) {
        if (a.startsWith("-chdir=")) {
          chdir = a.substring("-chdir=".length());
        } else if (a.equals("-chdir") && k + 1 < args.size()) {
          chdir = args.get(++k);
        } else {
          return Optional.empty();
        }
      } else if (sub == null) {
        sub = a;
      } else if (a.startsWith("-")) {
        String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
        if (name.equals("-auto-approve") || name.equals("-input")) {
          continue;
        }
        if (name.equals("-destroy")) {
          planArgs.add("-destroy");
        } else if (PASSED_TO_PLAN.contains(name) && a.contains("=")) {
          planArgs.add(a);
        } else if ((name.equals("-var") || name.equals("-var-file") || name.equals("-target")) && k + 1 < args.size()) {
          planArgs.add(a + "=" + args.get(++k));
        } else {
          return Optional.empty();
        }
      } else {
        return Optional.empty(); // a saved plan file: its plan cannot be re-made here
      }
    }
    if (sub == null || !(sub.equals("apply") || sub.equals("destroy"))) {
      return Optional.empty();
    }
    if (sub.equals("destroy") && !planArgs.contains("-destroy")) {
      planArgs.add(0, "-destroy");
    }
    // terraform resolves -chdir against the directory the shell cd'd into.
    String cd = command.workingDirectory().orElse(".");
    String dir = chdir == null ? cd : chdir.startsWith("/") || cd.equals(".") ? chdir : cd + "/" + chdir;
    String scope = bin + ":" + context.directory().map(p -> p.resolve(dir).normalize().toString()).orElse(dir);
    List<String> plan = List.copyOf(planArgs);
    return Optional.of(GuardedAction.of(scope,
        () -> planner.plan(bin, dir, plan),
        approved -> planner.apply(bin, dir, approved)));
  }
}
