package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The approval scenario for real, through the commands: {@code terraform} with its state in S3
 * on {@code moto_server}, approvers' keys made by {@code ssh-keygen} and listed in {@code
 * allowed_signers}, an outsider's key that is not. Skipped, saying which tool is missing, when
 * terraform, moto_server or ssh-keygen is not on the PATH.
 */
class ProposeApproveApplyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  private static RealStack stack;
  private static Path alice;
  private static Path aliceSecondKey;
  private static Path bob;
  private static Path mallory;

  @TempDir Path tmp;
  private Path home;

  private record Run(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  @BeforeAll
  static void startTheStack() throws Exception {
    String missing = RealStack.missingTools();
    assumeTrue(missing == null, missing);
    stack = RealStack.start(shared);
    alice = stack.key("alice");
    aliceSecondKey = stack.key("alice-fido");
    bob = stack.key("bob");
    mallory = stack.key("mallory");
  }

  @AfterAll
  static void stopTheStack() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @BeforeEach
  void aHomeWithTwoApprovers() throws Exception {
    home = tmp.resolve("safeops-home");
    Files.createDirectories(home);
    Files.writeString(home.resolve("allowed_signers"), String.join("\n",
        RealStack.allowedSignersLine("alice", alice),
        RealStack.allowedSignersLine("alice", aliceSecondKey),
        RealStack.allowedSignersLine("bob", bob)) + "\n");
  }

  private Run safeops(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    // --home belongs to the subcommand: put it right after it.
    all.add(1, "--home");
    all.add(2, home.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(all.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anAgentsDestroyOfAProductionWorkspaceRunsOnlyOnceTwoPeopleSignedAndOnlyOnce() throws Exception {
    Path ws = stack.workspace("courses-prod", 3);
    // What the policy allows is approved at once, and applied through the same path.
    Run create = safeops("propose", "--requester", "agent:claude", "--environment", "prod", "--tier", "production", "--json",
        "--", "terraform", "-chdir=" + ws, "apply");
    assertThat(create.exit()).as(create.out() + create.err()).isZero();
    assertThat(create.json().get("status").asText()).isEqualTo("APPROVED");
    Run created = safeops("apply", create.json().get("id").asText());
    assertThat(created.exit()).as(created.out() + created.err()).isZero();
    assertThat(RealStack.resources(ws)).isEqualTo(3);

    Run proposed = safeops("propose", "--requester", "agent:claude", "--environment", "prod", "--tier", "production",
        "--reason", "remove the duplicate stack", "--json", "--", "terraform", "-chdir=" + ws, "destroy");
    assertThat(proposed.exit()).as(proposed.out() + proposed.err()).isEqualTo(10);
    JsonNode request = proposed.json();
    String id = request.get("id").asText();
    assertThat(request.get("status").asText()).isEqualTo("PENDING");
    assertThat(request.get("approvalsRequired").asInt()).isEqualTo(2);
    assertThat(request.get("digest").asText()).matches("[0-9a-f]{64}");
    assertThat(request.get("level").asText()).as("terraform_data is not in the catalog: deleting it is MEDIUM").isEqualTo("MEDIUM");
    assertThat(request.get("findings")).isNotEmpty();
    assertThat(request.get("counts").get("DELETE").asInt()).isEqualTo(3);
    assertThat(request.get("state").get("serial").asText()).matches("\\d+");
    assertThat(request.get("approveCommand").asText()).startsWith("safeops approve " + id + " --key ");

    assertThat(safeops("approve", id, "--key", alice.toString()).exit()).isZero();
    Run oneOfTwo = safeops("apply", id, "--json");
    assertThat(oneOfTwo.exit()).isEqualTo(10);
    assertThat(oneOfTwo.json().get("status").asText()).isEqualTo("PENDING");
    assertThat(oneOfTwo.json().get("reasons").get(0).asText()).contains("1 of 2");

    Run again = safeops("approve", id, "--key", alice.toString());
    assertThat(again.exit()).isEqualTo(3);
    assertThat(again.err()).contains("alice already approved").endsWith(".\n").hasLineCount(1);
    Run otherKey = safeops("approve", id, "--key", aliceSecondKey.toString());
    assertThat(otherKey.exit()).as("alice's second key is still alice").isEqualTo(3);
    assertThat(otherKey.err()).contains("alice already approved");
    Run outsider = safeops("approve", id, "--key", mallory.toString());
    assertThat(outsider.exit()).isEqualTo(3);
    assertThat(outsider.err()).contains("is not in").contains("allowed_signers").hasLineCount(1);
    assertThat(safeops("show", id, "--json").json().get("approvals")).hasSize(1);

    Run second = safeops("approve", id, "--key", bob.toString(), "--json");
    assertThat(second.exit()).isZero();
    assertThat(second.json().get("status").asText()).isEqualTo("APPROVED");

    Run applied = safeops("apply", id, "--json");
    assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
    assertThat(applied.json().get("status").asText()).isEqualTo("EXECUTED");
    assertThat(RealStack.resources(ws)).isZero();
    Run twice = safeops("apply", id, "--json");
    assertThat(twice.exit()).isEqualTo(3);
    assertThat(twice.json().get("status").asText()).isEqualTo("ALREADY_EXECUTED");
    assertThat(twice.err()).contains("was already executed");

    JsonNode listed = safeops("requests", "--json").json().get("requests");
    assertThat(listed).hasSize(2);
    assertThat(listed.get(0).get("status").asText()).isEqualTo("EXECUTED");
    List<String> audit = Files.readAllLines(home.resolve("audit.jsonl"));
    assertThat(audit.stream().filter(l -> l.contains("\"verdict\":\"EXECUTED\""))).as("two applies, each once").hasSize(2);
  }

  @Test
  void aRequestWhoseStateChangedAfterApprovalIsRefusedAsStale() throws Exception {
    Path ws = stack.workspace("billing-prod", 5);
    RealStack.terraform(ws, "apply", "-auto-approve", "-input=false", "-no-color");
    // alice signs her own proposal, so she counts as one person: one approval from someone else is enough.
    Run proposed = safeops("propose", "--requester", "human:alice", "--key", alice.toString(), "--environment", "prod",
        "--tier", "production", "--json", "--", "terraform", "-chdir=" + ws, "destroy", "-target=terraform_data.r4");
    assertThat(proposed.exit()).as(proposed.out() + proposed.err()).isEqualTo(10);
    assertThat(proposed.json().get("requesterVerified").asBoolean()).isTrue();
    assertThat(proposed.json().get("approvalsRequired").asInt()).isEqualTo(1);
    String id = proposed.json().get("id").asText();
    assertThat(safeops("approve", id, "--key", alice.toString()).err()).contains("cannot answer it as an approver");
    assertThat(safeops("approve", id, "--key", bob.toString()).exit()).isZero();

    // Someone changes the workspace after the approval: its state moves on.
    RealStack.terraform(ws, "apply", "-auto-approve", "-input=false", "-no-color", "-replace=terraform_data.r0");
    Run applied = safeops("apply", id, "--json");

    assertThat(applied.exit()).as(applied.out() + applied.err()).isEqualTo(3);
    assertThat(applied.json().get("status").asText()).isEqualTo("STALE");
    assertThat(applied.json().get("reasons").toString()).contains("terraform.state.serial was");
    assertThat(safeops("show", id, "--json").json().get("status").asText()).isEqualTo("STALE");
    assertThat(RealStack.resources(ws)).isEqualTo(5);
  }

  @Test
  void anExpiredRequestIsRefusedAndNothingIsDestroyed() throws Exception {
    Path ws = stack.workspace("reports-prod", 2);
    RealStack.terraform(ws, "apply", "-auto-approve", "-input=false", "-no-color");
    Run proposed = safeops("propose", "--requester", "agent:claude", "--environment", "prod", "--json",
        "--", "terraform", "-chdir=" + ws, "destroy");
    String id = proposed.json().get("id").asText();
    assertThat(safeops("approve", id, "--key", alice.toString()).exit()).isZero();
    assertThat(safeops("approve", id, "--key", bob.toString()).exit()).isZero();

    Run late = safeops("apply", id, "--json", "--clock-ahead", "PT24H");

    assertThat(late.exit()).isEqualTo(3);
    assertThat(late.json().get("status").asText()).isEqualTo("EXPIRED");
    assertThat(late.err()).contains("expired at");
    assertThat(RealStack.resources(ws)).isEqualTo(2);
  }
}
