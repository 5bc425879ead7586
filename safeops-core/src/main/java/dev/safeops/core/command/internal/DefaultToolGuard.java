package dev.safeops.core.command.internal;

import dev.safeops.core.Environment;
import dev.safeops.core.Finding;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Operation;
import dev.safeops.core.Outcome;
import dev.safeops.core.Principal;
import dev.safeops.core.command.AgentTool;
import dev.safeops.core.command.Assessment;
import dev.safeops.core.command.Classification;
import dev.safeops.core.command.ClassifiedCommand;
import dev.safeops.core.command.CommandContext;
import dev.safeops.core.command.CommandJudge;
import dev.safeops.core.command.GuardedActionFactory;
import dev.safeops.core.command.ToolCall;
import dev.safeops.core.command.ToolGuard;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The {@link ToolGuard} shipped with safeops. */
public final class DefaultToolGuard implements ToolGuard {
  private final GuardedExecutor executor;
  private final CommandJudge judge;
  private final Principal agent;
  private final Environment environment;
  private final CommandContext context;
  private final List<GuardedActionFactory> factories;

  public DefaultToolGuard(GuardedExecutor executor, CommandJudge judge, Principal agent, Environment environment,
      CommandContext context, List<GuardedActionFactory> factories) {
    this.executor = executor;
    this.judge = judge;
    this.agent = agent;
    this.environment = environment;
    this.context = context;
    this.factories = List.copyOf(factories);
  }

  @Override
  public AgentTool wrap(String toolName, AgentTool tool) {
    return wrap(toolName, args -> {
      Object c = args.get("command");
      return c instanceof String s ? s : null;
    }, tool);
  }

  @Override
  public AgentTool wrap(String toolName, Function<Map<String, Object>, String> asCommandLine, AgentTool tool) {
    return arguments -> call(toolName, asCommandLine, tool, arguments);
  }

  private String call(String toolName, Function<Map<String, Object>, String> asCommandLine, AgentTool tool,
      Map<String, Object> arguments) throws Exception {
    String line;
    try {
      line = arguments == null ? null : asCommandLine.apply(arguments);
    } catch (RuntimeException e) {
      line = null;
    }
    if (line == null) {
      return "safeops refused the " + toolName + " call: it could not tell which command the arguments amount to, "
          + "and a guard that cannot read its input refuses. Call the tool again with a plain command line.";
    }
    Assessment a = judge.assess(line, context);
    return decide(toolName, arguments, line, tool, a.answer(), a.commands());
  }

  /**
   * Runs the tool for ALLOW and NO_OPINION; otherwise guards the line's one in-domain change.
   * Separate from {@link #call} so the refusal for an inconsistent judgement can be tested.
   */
  String decide(String toolName, Map<String, Object> arguments, String line, AgentTool tool, Assessment.Answer answer,
      List<ClassifiedCommand> commands) throws Exception {
    if (answer == Assessment.Answer.ALLOW || answer == Assessment.Answer.NO_OPINION) {
      return tool.call(arguments);
    }
    List<ClassifiedCommand> mutating = commands.stream()
        .filter(v -> v.inDomain() && v.classification().orElseThrow().effect().mutates())
        .toList();
    if (mutating.isEmpty()) {
      // An ask or deny must name the change it is about; without one there is nothing to dry-run or approve.
      return "safeops refused the " + toolName + " call: it judged the command line " + answer.name()
          .toLowerCase(java.util.Locale.ROOT) + " but could not name the command that changes infrastructure, so it "
          + "cannot dry-run or approve it, and it did not run. Split the line into single commands and call the tool "
          + "once per command.";
    }
    if (mutating.size() > 1) {
      StringBuilder b = new StringBuilder("safeops refused the " + toolName + " call: it makes " + mutating.size()
          + " infrastructure changes in one command line, and each change is dry-run and approved on its own.");
      for (ClassifiedCommand v : mutating) {
        b.append(" `").append(v.command().display()).append("`: ").append(v.classification().orElseThrow().reason())
            .append('.');
      }
      return b.append(" Submit one change per tool call.").toString();
    }
    ClassifiedCommand v = mutating.get(0);
    Classification c = v.classification().orElseThrow();
    if (v.command().isUnknown()) {
      return "safeops refused the " + toolName + " call: " + c.reason() + ". Write the command out literally (no "
          + "computed command names, no scripts piped into a shell) so it can be dry-run and approved.";
    }
    ToolCall call = new ToolCall(toolName, arguments, line, tool);
    Optional<GuardedAction<String>> action = Optional.empty();
    for (GuardedActionFactory f : factories) {
      action = f.actionFor(v.command(), call, context);
      if (action.isPresent()) {
        break;
      }
    }
    if (action.isEmpty()) {
      return "safeops refused `" + v.command().display() + "` (" + c.effect().name().toLowerCase(java.util.Locale.ROOT) + "): "
          + c.reason() + ". safeops has no dry run for this command, so it cannot be approved from here; it did not "
          + "run. Take the safe path above, or hand the exact command to a person to run.";
    }
    Operation op = Operation.builder()
        .name(v.command().display())
        .requester(agent)
        .environment(environment)
        .reason("agent tool call " + toolName + ": " + line)
        .build();
    Outcome<String> outcome = executor.execute(op, action.get());
    if (outcome.executed()) {
      return outcome.result().orElse("");
    }
    return refusal(v, c, outcome);
  }

  private static String refusal(ClassifiedCommand v, Classification c, Outcome<String> outcome) {
    StringBuilder b = new StringBuilder("safeops refused `").append(v.command().display()).append("`");
    outcome.refusedAt().ifPresent(s -> b.append(" at step ").append(s));
    b.append(" (").append(outcome.status()).append(", audit id ").append(outcome.auditId()).append(").");
    for (String r : outcome.reasons()) {
      b.append(' ').append(r);
      if (!r.endsWith(".")) {
        b.append('.');
      }
    }
    outcome.blastRadius().ifPresent(br -> {
      b.append(" Blast radius ").append(br.level()).append('.');
      int shown = 0;
      for (Finding f : br.findings()) {
        if (shown++ == 5) {
          b.append(" ...");
          break;
        }
        b.append(" Rule ").append(f.ruleId()).append(" on ").append(f.address()).append(": ").append(f.message());
        if (!f.message().endsWith(".")) {
          b.append('.');
        }
      }
    });
    b.append(" Nothing was changed. Safe path: ").append(c.reason()).append('.');
    return b.toString();
  }
}
