package dev.safeops.core.command;

import java.util.Map;

/**
 * One tool function an agent can call: a shell, a "run terraform" tool, an "aws" tool. It
 * takes the arguments the model produced and returns the text the model reads back.
 */
@FunctionalInterface
public interface AgentTool {
  String call(Map<String, Object> arguments) throws Exception;
}
