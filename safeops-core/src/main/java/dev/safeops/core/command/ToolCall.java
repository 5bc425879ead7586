package dev.safeops.core.command;

import java.util.Map;
import java.util.Objects;

/**
 * One call of an agent's tool as the guard sees it: the tool's name, the model's arguments,
 * the command line they amount to, and the unguarded tool. Immutable.
 *
 * @param toolName the tool's name, e.g. {@code bash}
 * @param arguments the arguments the model produced
 * @param commandLine the shell command line the call amounts to
 * @param tool the unguarded tool
 */
public record ToolCall(String toolName, Map<String, Object> arguments, String commandLine, AgentTool tool) {

  public ToolCall {
    Objects.requireNonNull(toolName, "toolName");
    arguments = Map.copyOf(arguments);
    Objects.requireNonNull(commandLine, "commandLine");
    Objects.requireNonNull(tool, "tool");
  }

  /** Runs the unguarded tool with the call's arguments. Only an approved action may call this. */
  public String run() throws Exception {
    return tool.call(arguments);
  }
}
