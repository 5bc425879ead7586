package dev.safeops.terraform.command;

import dev.safeops.core.GuardedAction;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.command.CommandContext;
import dev.safeops.core.command.GuardedActionFactory;
import dev.safeops.core.command.SimpleCommand;
import dev.safeops.core.command.ToolCall;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
    TerraformApplyCommand apply;
    try {
      apply = TerraformApplyCommand.read(bin, command.arguments());
    } catch (InvalidInputException e) {
      return Optional.empty();
    }
    String chdir = apply.directory().orElse(null);
    // terraform resolves -chdir against the directory the shell cd'd into.
    String cd = command.workingDirectory().orElse(".");
    String dir = chdir == null ? cd : chdir.startsWith("/") || cd.equals(".") ? chdir : cd + "/" + chdir;
    if (dir.contains("$") || dir.contains("`") || dir.startsWith("~")) {
      // The directory is computed when the shell runs: nothing can be planned for it here, so
      // the guard refuses with "no dry run" rather than planning in the wrong directory.
      return Optional.empty();
    }
    String scope = bin + ":" + context.directory().map(p -> p.resolve(dir).normalize().toString()).orElse(dir);
    List<String> plan = apply.planArguments();
    return Optional.of(GuardedAction.of(scope,
        () -> planner.plan(bin, dir, plan),
        approved -> planner.apply(bin, dir, approved)));
  }
}
