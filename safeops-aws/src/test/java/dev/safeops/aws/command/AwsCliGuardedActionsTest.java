package dev.safeops.aws.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.GuardedAction;
import dev.safeops.core.Plan;
import dev.safeops.core.command.CommandContext;
import dev.safeops.core.command.CommandLine;
import dev.safeops.core.command.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AwsCliGuardedActionsTest {
  private final List<String> calls = new ArrayList<>();
  private final AwsCliDryRun dryRun = new AwsCliDryRun() {
    @Override
    public boolean supports(String service, String operation) {
      return operation.startsWith("Delete");
    }

    @Override
    public Plan dryRun(String service, String operation, List<String> arguments) {
      calls.add("dry " + service + " " + operation + " " + arguments);
      return Plan.of(List.of());
    }

    @Override
    public String execute(String service, String operation, List<String> arguments, Plan approved) {
      calls.add("exec " + service + " " + operation);
      return "done";
    }
  };

  private Optional<GuardedAction<String>> actionFor(String line) {
    ToolCall call = new ToolCall("bash", Map.of(), line, a -> {
      throw new AssertionError("the raw command must never run");
    });
    return new AwsCliGuardedActions(dryRun).actionFor(CommandLine.parse(line).commands().get(0), call,
        CommandContext.none());
  }

  @Test
  void aCliCallBecomesTheMatchingSdkDryRunAndExecution() throws Exception {
    GuardedAction<String> a = actionFor("aws --profile prod rds delete-db-instance --db-instance-identifier db")
        .orElseThrow();
    assertThat(a.scope()).isEqualTo("RDS:DeleteDBInstance");
    assertThat(a.execute(a.dryRun())).isEqualTo("done");
    assertThat(calls).containsExactly("dry RDS DeleteDBInstance [--db-instance-identifier, db, --profile, prod]",
        "exec RDS DeleteDBInstance");
  }

  @Test
  void callsWithoutADryRunGetNoAction() {
    assertThat(actionFor("aws ec2 run-instances --image-id a")).isEmpty();
    assertThat(actionFor("aws s3 rm s3://b --recursive")).isEmpty();
    assertThat(actionFor("terraform destroy")).isEmpty();
    assertThat(calls).isEmpty();
  }
}
