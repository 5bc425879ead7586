package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeops.terraform.testing.ScriptedPlan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-plan through Main.run, with in-memory streams. */
class CheckPlanTest {
  @TempDir Path tmp;

  private record Run(int exit, String out, String err) {
    JsonNode json() throws IOException {
      return new ObjectMapper().readTree(out);
    }
  }

  private Run runWithStdin(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of("check-plan"));
    all.addAll(List.of(args));
    int exit = Main.run(all.toArray(String[]::new), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Run run(String... args) {
    return runWithStdin("", args);
  }

  private String file(String name, String content) throws IOException {
    return Files.writeString(tmp.resolve(name), content).toString();
  }

  private static void assertBadInput(Run r) {
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("safeops check-plan: ").doesNotContain("Exception", "\tat ");
  }

  @Test
  void theIncidentDestroyPlanInProductionIsDeniedAsCritical() throws IOException {
    Run r = run("--tier", "production", "--requester", "agent:coding-agent", file("destroy.json", ScriptedPlan.incidentDestroy()));

    assertThat(r.exit()).as(r.err()).isEqualTo(20);
    JsonNode json = r.json();
    assertThat(json.get("level").asText()).isEqualTo("CRITICAL");
    assertThat(json.get("verdict").asText()).isEqualTo("DENY");
    assertThat(json.get("approvalsRequired").asInt()).isZero();
    assertThat(json.get("counts").get("DELETE").asInt()).isEqualTo(6);
    assertThat(json.get("findings")).anySatisfy(f -> {
      assertThat(f.get("rule").asText()).isEqualTo("data.irrecoverable-loss");
      assertThat(f.get("level").asText()).isEqualTo("CRITICAL");
      assertThat(f.get("address").asText()).isEqualTo("aws_db_instance.main");
      assertThat(f.get("message").asText()).isNotBlank();
    });
  }

  @Test
  void aMassCreateFromAnEmptyStateInProductionNeedsTwoApprovals() throws IOException {
    Run r = run("--tier", "production", file("create.json", ScriptedPlan.builder().creates("aws_instance", 30).build()));

    assertThat(r.exit()).as(r.out()).isEqualTo(10);
    JsonNode json = r.json();
    assertThat(json.get("verdict").asText()).isEqualTo("REQUIRE_APPROVAL");
    assertThat(json.get("level").asText()).isEqualTo("HIGH");
    assertThat(json.get("approvalsRequired").asInt()).isEqualTo(2);
    assertThat(json.get("findings")).anySatisfy(f -> assertThat(f.get("rule").asText()).isEqualTo("state.empty-mass-create"));
  }

  @Test
  void anAgentsRequestNeedsTwoApprovalsWhereAHumansNeedsOne() throws IOException {
    String plan = file("delete.json", ScriptedPlan.builder().priorResources(40)
        .delete("aws_instance.worker", Map.of("id", "i-1", "disable_api_termination", false)).build());

    Run human = run("--tier", "production", "--requester", "human:alice", plan);
    Run agent = run("--tier", "production", "--requester", "agent:claude", plan);

    assertThat(human.exit()).isEqualTo(10);
    assertThat(agent.exit()).isEqualTo(10);
    assertThat(human.json().get("level").asText()).isEqualTo("LOW");
    assertThat(human.json().get("approvalsRequired").asInt()).isEqualTo(1);
    assertThat(agent.json().get("approvalsRequired").asInt()).isEqualTo(2);
    assertThat(agent.json().get("digest").asText()).isEqualTo(human.json().get("digest").asText());
  }

  @Test
  void aPlanThatChangesNothingIsAllowed() throws IOException {
    Run r = run("--tier", "production", file("noop.json", ScriptedPlan.builder().priorResources(3)
        .change("aws_vpc.main", List.of("no-op"), Map.of("id", "vpc-1"), Map.of("id", "vpc-1")).build()));

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    JsonNode json = r.json();
    assertThat(json.get("verdict").asText()).isEqualTo("ALLOW");
    assertThat(json.get("level").asText()).isEqualTo("NONE");
    assertThat(json.get("counts").get("NO_OP").asInt()).isEqualTo(1);
    assertThat(json.get("findings")).isEmpty();
    assertThat(r.out().strip().lines()).hasSize(1);
  }

  @Test
  void thePlanCanComeFromStdin() throws IOException {
    Run r = runWithStdin(ScriptedPlan.builder().priorResources(1)
        .change("aws_vpc.main", List.of("no-op"), Map.of("id", "vpc-1"), Map.of("id", "vpc-1")).build(), "--tier=staging", "-");

    assertThat(r.exit()).isZero();
    assertThat(r.json().get("digest").asText()).hasSize(64);
  }

  @Test
  void anUnknownFlagIsBadUsage() {
    Run r = run("--tier", "production", "--force", "plan.json");

    assertBadInput(r);
    assertThat(r.err()).isEqualTo("safeops check-plan: unknown option: '--force'. See `safeops check-plan --help`.\n");
  }

  @Test
  void aMissingTierOrFileOrAnUnknownTierIsBadUsage() throws IOException {
    assertBadInput(run(file("p.json", "{}")));
    assertBadInput(run("--tier", "production"));
    assertBadInput(run("--tier", "prod-ish", "p.json"));
    assertBadInput(run("--tier", "production", "--requester", "robot", "p.json"));
    assertThat(run("--tier", "production", "--requester", "robot", "p.json").err())
        .isEqualTo("safeops check-plan: invalid value for option '--requester': A principal is written kind:id"
            + " (human:alice, agent:claude, service:ci), not 'robot'. See `safeops check-plan --help`.\n");
  }

  @Test
  void aMissingFileIsOneSentence() {
    Run r = run("--tier", "production", tmp.resolve("nope.json").toString());

    assertBadInput(r);
    assertThat(r.err()).contains("does not exist").hasLineCount(1);
  }

  @Test
  void aMalformedPlanIsRejectedNamingThePosition() throws IOException {
    String plan = ScriptedPlan.builder().creates("aws_instance", 1).build() + "\n}";

    Run r = run("--tier", "production", file("bad.json", plan));

    assertBadInput(r);
    assertThat(r.err()).contains("bad.json").containsPattern("line \\d+, column \\d+").hasLineCount(1);
  }
}
