package dev.safeops.core.command.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.Effect;
import dev.safeops.core.Environment;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Principal;
import dev.safeops.core.Tier;
import dev.safeops.core.command.AgentTool;
import dev.safeops.core.command.Assessment;
import dev.safeops.core.command.Classification;
import dev.safeops.core.command.ClassifiedCommand;
import dev.safeops.core.command.CommandContext;
import dev.safeops.core.command.CommandJudge;
import dev.safeops.core.command.SimpleCommand;
import dev.safeops.core.testing.RecordingAuditSink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DefaultToolGuardTest {
  private final AtomicInteger runs = new AtomicInteger();
  private final AgentTool shell = args -> {
    runs.incrementAndGet();
    return "ran";
  };
  private final DefaultToolGuard guard = new DefaultToolGuard(GuardedExecutor.builder().auditSink(new RecordingAuditSink()).build(), CommandJudge.of(),
      Principal.agent("agent"), Environment.of("prod", Tier.PRODUCTION), CommandContext.none(), List.of());

  @Test
  void anAskOrDenyWithoutAnInfrastructureChangeIsRefusedNotThrown() throws Exception {
    SimpleCommand cp = SimpleCommand.of("cp", "a", "b");
    List<ClassifiedCommand> neutralOnly = List.of(ClassifiedCommand.of(cp,
        new Classification(Effect.MUTATING, "cp writes a file", Classification.Scope.NEUTRAL)));
    for (Assessment.Answer answer : List.of(Assessment.Answer.ASK, Assessment.Answer.DENY)) {
      String reply = guard.decide("Bash", Map.of("command", "cp a b"), "cp a b", shell, answer, neutralOnly);
      assertThat(reply).startsWith("safeops refused the Bash call").contains(answer.name().toLowerCase(
          java.util.Locale.ROOT), "did not run");
      assertThat(guard.decide("Bash", Map.of("command", ""), "", shell, answer, List.of()))
          .startsWith("safeops refused the Bash call");
    }
    assertThat(runs).hasValue(0);
  }
}
