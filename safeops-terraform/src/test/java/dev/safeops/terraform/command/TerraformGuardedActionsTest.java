package dev.safeops.terraform.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.GuardedAction;
import dev.safeops.core.Plan;
import dev.safeops.core.command.CommandContext;
import dev.safeops.core.command.CommandLine;
import dev.safeops.core.command.SimpleCommand;
import dev.safeops.core.command.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TerraformGuardedActionsTest {
  private final List<String> calls = new ArrayList<>();
  private final TerraformPlanner planner = new TerraformPlanner() {
    @Override
    public Plan plan(String binary, String dir, List<String> args) {
      calls.add("plan " + binary + " " + dir + " " + args);
      return Plan.of(List.of());
    }

    @Override
    public String apply(String binary, String dir, Plan approved) {
      calls.add("apply " + binary + " " + dir + " " + approved.digest().substring(0, 6));
      return "applied";
    }
  };
  private final TerraformGuardedActions actions = new TerraformGuardedActions(planner);

  private Optional<GuardedAction<String>> actionFor(String line) {
    List<SimpleCommand> cs = CommandLine.parse(line).commands();
    SimpleCommand c = cs.get(cs.size() - 1);
    ToolCall call = new ToolCall("bash", Map.of("command", line), line, a -> {
      throw new AssertionError("the raw command must never run");
    });
    return actions.actionFor(c, call, CommandContext.none());
  }

  @Test
  void destroyIsDryRunAsPlanDestroyWithItsTargetsAndVariables() throws Exception {
    GuardedAction<String> a = actionFor("terraform -chdir=prod destroy -auto-approve -target=aws_db_instance.main "
        + "-var env=prod").orElseThrow();
    a.dryRun();
    assertThat(calls).containsExactly("plan terraform prod [-destroy, -target=aws_db_instance.main, -var=env=prod]");
    assertThat(a.scope()).isEqualTo("terraform:prod");
  }

  @Test
  void applyExecutesTheApprovedPlanNotTheRawCommand() throws Exception {
    GuardedAction<String> a = actionFor("cd infra && tofu apply -auto-approve -input=false").orElseThrow();
    Plan p = a.dryRun();
    assertThat(a.execute(p)).isEqualTo("applied");
    assertThat(calls).containsExactly("plan tofu infra []", "apply tofu infra " + p.digest().substring(0, 6));
  }

  @Test
  void commandsWithoutAPlanEquivalentGetNoAction() {
    for (String line : new String[] {"terraform apply plan.tfplan", "terraform state rm a.b", "terraform taint a.b",
        "terraform import a.b id", "terraform apply -unknown-flag", "terraform plan", "aws s3 ls"}) {
      assertThat(actionFor(line)).as(line).isEmpty();
    }
  }
}
