package dev.safeops.core.command;

import dev.safeops.core.Environment;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Principal;
import dev.safeops.core.command.internal.DefaultToolGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Wraps an agent's tool functions so that every infrastructure change they make goes through
 * the {@link GuardedExecutor}, with the agent as requester.
 *
 * <p>Each call is judged by the {@link CommandJudge}. Read-only calls, and calls with nothing
 * of our domain in them, run unguarded. A call whose single mutating command a
 * {@link GuardedActionFactory} can dry-run becomes a guarded operation: dry run, blast
 * radius, policy, approvals (an agent needs two humans), verify, audit, execute. Everything
 * else is refused without running: a mutating command no module can dry-run, two mutating
 * commands in one call, a part of the line safeops cannot read. safeops never runs the raw
 * command on a person's say-so alone, because an approval must be bound to a dry run's
 * digest; the refusal tells the agent to hand the command to a person or take the safe path.
 *
 * <p>A refusal is returned to the agent as the tool's text result, written for a model to act
 * on: what was refused, which rule or step refused it, and the safe path (for example "run
 * `terraform plan -destroy -out=destroy.tfplan` and submit the plan for approval"). The
 * wrapped tool never throws for a refusal; it throws only what the real tool throws when it
 * runs. Thread-safe when the tools, factories and executor are.
 */
public interface ToolGuard {

  /** Wraps a shell-like tool whose {@code command} argument is the command line. */
  AgentTool wrap(String toolName, AgentTool tool);

  /**
   * Wraps any tool: {@code asCommandLine} says which command line a call amounts to (for
   * example {@code args -> "aws rds delete-db-instance --db-instance-identifier " +
   * args.get("id")}). If it throws or returns null, the call is refused.
   */
  AgentTool wrap(String toolName, Function<Map<String, Object>, String> asCommandLine, AgentTool tool);

  static Builder builder() {
    return new Builder();
  }

  /** Configures a guard; executor, judge, agent and environment are required. */
  final class Builder {
    private GuardedExecutor executor;
    private CommandJudge judge;
    private Principal agent;
    private Environment environment;
    private CommandContext context = CommandContext.none();
    private final List<GuardedActionFactory> factories = new ArrayList<>();

    private Builder() {}

    public Builder executor(GuardedExecutor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public Builder judge(CommandJudge judge) {
      this.judge = Objects.requireNonNull(judge, "judge");
      return this;
    }

    /** The requester of every guarded operation; normally {@link Principal#agent}. */
    public Builder agent(Principal agent) {
      this.agent = Objects.requireNonNull(agent, "agent");
      return this;
    }

    /** Where the agent's operations run. */
    public Builder environment(Environment environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /** Where the agent's shell starts; default unknown. */
    public Builder context(CommandContext context) {
      this.context = Objects.requireNonNull(context, "context");
      return this;
    }

    /** Adds a module's dry-run factory; the first that answers wins. */
    public Builder addActionFactory(GuardedActionFactory factory) {
      factories.add(Objects.requireNonNull(factory, "factory"));
      return this;
    }

    /** @throws IllegalStateException naming the first missing setting */
    public ToolGuard build() {
      if (executor == null || judge == null || agent == null || environment == null) {
        throw new IllegalStateException("ToolGuard needs " + (executor == null ? "an executor" : judge == null
            ? "a judge" : agent == null ? "an agent principal" : "an environment"));
      }
      return new DefaultToolGuard(executor, judge, agent, environment, context, factories);
    }
  }
}
