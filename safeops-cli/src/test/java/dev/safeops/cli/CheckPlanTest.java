package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
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
    Run r = run("--json", "--tier", "production", "--requester", "agent:coding-agent", file("destroy.json", ScriptedPlan.incidentDestroy()));

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
    Run r = run("--json", "--tier", "production", file("create.json", ScriptedPlan.builder().creates("aws_instance", 30).build()));

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

    Run human = run("--json", "--tier", "production", "--requester", "human:alice", plan);
    Run agent = run("--json", "--tier", "production", "--requester", "agent:claude", plan);

    assertThat(human.exit()).isEqualTo(10);
    assertThat(agent.exit()).isEqualTo(10);
    assertThat(human.json().get("level").asText()).isEqualTo("LOW");
    assertThat(human.json().get("approvalsRequired").asInt()).isEqualTo(1);
    assertThat(agent.json().get("approvalsRequired").asInt()).isEqualTo(2);
    assertThat(agent.json().get("digest").asText()).isEqualTo(human.json().get("digest").asText());
  }

  @Test
  void aPlanThatChangesNothingIsAllowed() throws IOException {
    Run r = run("--format=json", "--tier", "production", file("noop.json", ScriptedPlan.builder().priorResources(3)
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
        .change("aws_vpc.main", List.of("no-op"), Map.of("id", "vpc-1"), Map.of("id", "vpc-1")).build(), "--tier=staging", "--json", "-");

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

  @Test
  void byDefaultAPersonReadsTheVerdictFirstThenTheChangesByKindTheFindingsTheDigestAndWhatToDoNext() throws IOException {
    Run r = run("--tier", "production", "--requester", "agent:coding-agent", file("destroy.json", ScriptedPlan.incidentDestroy()));

    assertThat(r.exit()).as(r.err()).isEqualTo(20);
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo(
        "DENY: do not apply this plan (CRITICAL blast radius in production, requested by agent:coding-agent)");
    assertThat(r.out())
        .contains("6 changes (6 delete)")
        .contains("  data stores  1 delete\n", "  network      3 delete\n", "  identity     none\n", "  other        2 delete\n")
        .contains("  CRITICAL (data.irrecoverable-loss 1)\n    aws_db_instance.main  [data.irrecoverable-loss]\n")
        .containsPattern("\\ndigest: [0-9a-f]{64}\\n")
        .contains("\nnext: do not apply it.")
        .doesNotContain("{\"level\"");
    assertThat(r.out()).contains("policy: CRITICAL blast radius in production environment production is denied");
  }

  @Test
  void aPlanNeedingApprovalSaysHowManyPeopleMustApproveWhichDigest() throws IOException {
    Run r = run("--tier", "production", "--requester", "agent:ci", file("create.json",
        ScriptedPlan.builder().creates("aws_instance", 30).build()));

    assertThat(r.exit()).isEqualTo(10);
    String digest = run("--json", "--tier", "production", "--requester", "agent:ci", tmp.resolve("create.json").toString())
        .json().get("digest").asText();
    assertThat(r.out().lines().findFirst().orElseThrow())
        .isEqualTo("REQUIRE_APPROVAL: 2 human approvals needed before this plan is applied (HIGH blast radius in production, "
            + "requested by agent:ci)");
    assertThat(r.out()).contains("next: 2 people (an agent's request needs two humans; neither may be the requester) "
        + "must approve digest " + digest + " before the plan is applied")
        .contains("`safeops propose -- terraform apply`", "`safeops approve ID --key KEY`", "`safeops apply ID`");
  }

  @Test
  void jsonCountsChangesByKindAndFindingsByLevelExactly() throws IOException {
    JsonNode json = run("--json", "--tier", "production", file("destroy.json", ScriptedPlan.incidentDestroy())).json();

    assertThat(json.get("kinds").get("DATA").get("DELETE").asInt()).isEqualTo(1);
    assertThat(json.get("kinds").get("NETWORK").get("DELETE").asInt()).isEqualTo(3);
    assertThat(json.get("kinds").get("IDENTITY").get("DELETE").asInt()).isZero();
    assertThat(json.get("kinds").get("OTHER").get("DELETE").asInt()).isEqualTo(2);
    assertThat(json.get("findingTotals").get("CRITICAL").asInt()).isEqualTo(1);
    long total = 0;
    for (JsonNode n : json.get("findingTotals")) {
      total += n.asLong();
    }
    assertThat(json.get("findings")).hasSize((int) total);
    assertThat(json.get("findingsOmitted").asInt()).isZero();
    assertThat(json.get("findings").get(0).get("level").asText()).as("worst first").isEqualTo("CRITICAL");
    assertThat(json.get("reasons")).isNotEmpty();
  }

  @Test
  void formatJsonIsJsonAndContradictoryFormatsAreBadUsage() throws IOException {
    String plan = file("destroy.json", ScriptedPlan.incidentDestroy());

    assertThat(run("--format", "json", "--tier", "production", plan).out())
        .isEqualTo(run("--json", "--tier", "production", plan).out());
    Run both = run("--json", "--format", "markdown", "--tier", "production", plan);
    assertBadInput(both);
    assertThat(both.err()).isEqualTo(
        "safeops check-plan: --json and --format markdown ask for two different outputs; give one.\n");
    assertBadInput(run("--format", "yaml", "--tier", "production", plan));
  }

  @Test
  void helpDocumentsTheFormatsAndReadingThePlanFromStdin() {
    Run r = run("--help");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("Usage: safeops check-plan ")
        .contains("--format=FORMAT", "text (for people, the default), json", "--json", "or - to read that JSON from stdin",
            "terraform show -json tf.plan | safeops check-plan --tier production -");
  }

  @Test
  void markdownIsAPullRequestCommentListingEveryFindingOfASmallPlan() throws IOException {
    Run r = run("--format", "markdown", "--tier", "production", file("destroy.json", ScriptedPlan.incidentDestroy()));

    assertThat(r.exit()).isEqualTo(20);
    assertThat(r.out()).startsWith("### safeops check-plan: DENY\n")
        .contains("| data stores | 0 | 0 | 1 | 0 | 0 | 0 | 0 |")
        .contains("- `aws_db_instance.main`: ")
        .doesNotContain("not listed here");
  }

  @Test
  void theMarkdownOfAHundredThousandChangePlanStaysUnderTheCommentLimitAndCountsWhatItLeavesOut() throws IOException {
    Path plan = tmp.resolve("big.json");
    writeBigPlan(plan, 100_000);

    Run md = run("--format", "markdown", "--tier", "production", plan.toString());
    Run json = run("--json", "--tier", "production", plan.toString());

    assertThat(md.exit()).as(md.err()).isEqualTo(20);
    assertThat(md.out().length()).isLessThan(65_000);
    JsonNode j = json.json();
    long changes = 0;
    for (JsonNode n : j.get("counts")) {
      changes += n.asLong();
    }
    assertThat(changes).isEqualTo(100_000);
    long low = j.get("findingTotals").get("LOW").asLong();
    assertThat(low).isGreaterThan(1_000);
    assertThat(md.out()).contains("100,000 changes")
        .contains(String.format(java.util.Locale.ROOT, "| **all** | **%,d** |", j.get("counts").get("CREATE").asLong()))
        .containsPattern("\\*\\*LOW\\*\\* \\(resource\\.deleted [0-9,]+")
        .containsPattern("- … [0-9,]+ more LOW not listed here");
    // Every finding is either listed or counted as left out, level by level.
    for (String level : List.of("CRITICAL", "HIGH", "MEDIUM", "LOW")) {
      assertThat(PlanReportFormatsTest.listedPlusLeftOut(md.out(), level)).as(level).isEqualTo(j.get("findingTotals").get(level).asLong());
    }
    assertThat(j.get("findingsOmitted").asLong()).isPositive();
    assertThat(j.get("findings").size() + j.get("findingsOmitted").asLong())
        .isEqualTo(j.get("findingTotals").get("CRITICAL").asLong() + j.get("findingTotals").get("HIGH").asLong()
            + j.get("findingTotals").get("MEDIUM").asLong() + low + j.get("findingTotals").get("NONE").asLong());
  }

  /**
   * A plan of {@code n} small changes: creates, updates and deletes of instances, buckets,
   * databases without final snapshot, roles, records and a type no catalog knows.
   */
  private static void writeBigPlan(Path file, int n) throws IOException {
    try (JsonGenerator g = new JsonFactory().createGenerator(Files.newOutputStream(file))) {
      g.writeStartObject();
      g.writeStringField("format_version", "1.2");
      g.writeStringField("terraform_version", "1.11.4");
      g.writeObjectFieldStart("planned_values");
      g.writeObjectFieldStart("root_module");
      g.writeEndObject();
      g.writeEndObject();
      g.writeObjectFieldStart("prior_state");
      g.writeStringField("format_version", "1.0");
      g.writeObjectFieldStart("values");
      g.writeObjectFieldStart("root_module");
      g.writeArrayFieldStart("resources");
      for (int i = 0; i < 10; i++) {
        g.writeStartObject();
        g.writeStringField("address", "prior.r" + i);
        g.writeStringField("mode", "managed");
        g.writeStringField("type", "prior");
        g.writeStringField("name", "r" + i);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
      g.writeArrayFieldStart("resource_changes");
      String[] types = {"aws_instance", "aws_s3_bucket", "aws_db_instance", "aws_iam_role", "aws_route53_record", "acme_widget"};
      for (int i = 0; i < n; i++) {
        String type = types[i % types.length];
        String action = i % 5 == 0 ? "delete" : i % 5 == 1 ? "update" : "create";
        g.writeStartObject();
        g.writeStringField("address", "module.m" + (i / 500) + "." + type + ".r[" + i + "]");
        g.writeStringField("module_address", "module.m" + (i / 500));
        g.writeStringField("mode", "managed");
        g.writeStringField("type", type);
        g.writeStringField("name", "r");
        g.writeNumberField("index", i);
        g.writeStringField("provider_name", "registry.terraform.io/hashicorp/aws");
        g.writeObjectFieldStart("change");
        g.writeArrayFieldStart("actions");
        g.writeString(action);
        g.writeEndArray();
        if (action.equals("create")) {
          g.writeNullField("before");
        } else {
          g.writeObjectFieldStart("before");
          g.writeStringField("id", "id-" + i);
          g.writeBooleanField("skip_final_snapshot", true);
          g.writeEndObject();
        }
        if (action.equals("delete")) {
          g.writeNullField("after");
        } else {
          g.writeObjectFieldStart("after");
          g.writeStringField("id", "id-" + i);
          g.writeEndObject();
        }
        g.writeObjectFieldStart("after_unknown");
        g.writeEndObject();
        g.writeBooleanField("before_sensitive", false);
        g.writeBooleanField("after_sensitive", false);
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }
}
