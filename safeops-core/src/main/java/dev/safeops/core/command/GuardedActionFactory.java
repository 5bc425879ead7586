package dev.safeops.core.command;

import dev.safeops.core.GuardedAction;
import java.util.Optional;

/**
 * The SPI through which a module turns one mutating command into a {@link GuardedAction}
 * that has a real dry run: the Terraform module turns {@code terraform destroy} into
 * {@code plan -destroy} and applies exactly the approved plan; the AWS module turns an AWS CLI
 * call into the matching SDK dry run. Answer empty when the command cannot be dry-run (it
 * is then refused). The action's {@code execute} must do exactly what the approved plan
 * says, and should not re-run the agent's raw command when it can apply the plan instead.
 * Implementations must be thread-safe and must not execute anything in this method.
 */
@FunctionalInterface
public interface GuardedActionFactory {

  /**
   * @param command the one mutating command of the agent's tool call
   * @param call the tool call it came from; {@link ToolCall#run()} runs the agent's raw tool
   * @param context where the command runs
   */
  Optional<GuardedAction<String>> actionFor(SimpleCommand command, ToolCall call, CommandContext context);
}
