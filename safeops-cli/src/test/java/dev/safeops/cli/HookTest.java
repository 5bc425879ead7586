package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hook claude-code} through {@link Main#run}, with in-memory streams. */
class HookTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one hook run printed and returned. */
  record Run(int exit, String out, String err) {
    JsonNode output() throws IOException {
      return JSON.readTree(out).get("hookSpecificOutput");
    }

    String decision() throws IOException {
      return output().get("permissionDecision").asText();
    }

    String reason() throws IOException {
      return output().get("permissionDecisionReason").asText();
    }
  }

  static Run hook(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] argv = new String[args.length + 1];
    argv[0] = "hook";
    System.arraycopy(args, 0, argv, 1, args.length);
    int exit = Main.run(argv, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String bashEvent(String command) throws IOException {
    return JSON.writeValueAsString(Map.of("session_id", "s1", "hook_event_name", "PreToolUse", "tool_name", "Bash",
        "tool_input", Map.of("command", command, "description", "x"), "cwd", "/nonexistent/safeops-test"));
  }

  static Run bash(String command) throws IOException {
    return hook(bashEvent(command), "claude-code");
  }

  @Test
  void answersWithExactlyTheClaudeCodeSchema() throws IOException {
    Run r = bash("terraform destroy");
    assertThat(r.exit()).isZero();
    JsonNode root = JSON.readTree(r.out());
    assertThat(root.fieldNames()).toIterable().containsExactly("hookSpecificOutput");
    assertThat(root.get("hookSpecificOutput").fieldNames()).toIterable()
        .containsExactly("hookEventName", "permissionDecision", "permissionDecisionReason");
    assertThat(r.output().get("hookEventName").asText()).isEqualTo("PreToolUse");
    assertThat(r.out().trim().lines()).hasSize(1);
  }

  @Test
  void destroyIsDeniedWithTheRuleAndTheSafePath() throws IOException {
    Run r = bash("terraform destroy");
    assertThat(r.decision()).isEqualTo("deny");
    assertThat(r.reason()).contains("terraform destroy", "deletes every resource",
        "terraform plan -destroy -out=destroy.tfplan", "approval", "`safeops propose -- terraform destroy`");
  }

  @Test
  void theDenyNamesTheProposeLineForTheSameCommand() throws IOException {
    assertThat(bash("cd infra/prod && terraform destroy -target=aws_db_instance.main").reason())
        .contains("`safeops propose -- terraform -chdir=infra/prod destroy -target=aws_db_instance.main`");
    assertThat(bash("terraform -chdir=envs/staging apply -auto-approve -var 'size=2'").reason())
        .contains("`safeops propose -- terraform -chdir=envs/staging apply -auto-approve -var size=2`");
    assertThat(bash("sudo aws --region eu-west-1 rds delete-db-instance --db-instance-identifier courses-dup").reason())
        .contains("`safeops propose -- aws --region eu-west-1 rds delete-db-instance --db-instance-identifier "
            + "courses-dup`");
    Run ask = bash("aws rds modify-db-instance --db-instance-identifier db --backup-retention-period 14");
    assertThat(ask.decision()).isEqualTo("ask");
    assertThat(ask.reason()).contains("`safeops propose -- aws rds modify-db-instance");
    // safeops has no dry run for these, so it names no propose line.
    assertThat(bash("aws ec2 run-instances --image-id ami-1").reason()).doesNotContain("safeops propose");
    assertThat(bash("terraform state rm aws_db_instance.main").reason()).doesNotContain("safeops propose");
    assertThat(bash("cd \"$DIR\" && terraform destroy").reason()).doesNotContain("safeops propose");
  }

  @Test
  void chdirDestroyAndBashDashCDestroyAreDenied() throws IOException {
    assertThat(bash("terraform -chdir=infra/prod destroy").decision()).isEqualTo("deny");
    assertThat(bash("bash -c 'terraform destroy -auto-approve'").decision()).isEqualTo("deny");
    assertThat(bash("sh -c \"cd prod && tofu destroy\"").decision()).isEqualTo("deny");
  }

  @Test
  void aReadOnlyLineOfOurDomainIsAllowed() throws IOException {
    assertThat(bash("terraform plan -out=tfplan").decision()).isEqualTo("allow");
    assertThat(bash("aws ec2 describe-instances | jq '.Reservations | length'").decision()).isEqualTo("allow");
  }

  @Test
  void aReadFollowedByAnythingOutsideOurDomainIsNeverAllowed() throws IOException {
    Run r = bash("terraform plan && rm -rf ~/work");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEmpty();
  }

  @Test
  void mutatingCommandsAreAsked() throws IOException {
    assertThat(bash("terraform init -upgrade").decision()).isEqualTo("ask");
    assertThat(bash("aws ec2 run-instances --image-id ami-1").decision()).isEqualTo("ask");
  }

  @Test
  void anApplyThatSkipsReviewIsDeniedWithThePathToApproval() throws IOException {
    for (String line : new String[] {"terraform apply -auto-approve", "terraform apply",
        "echo yes | terraform apply"}) {
      Run r = bash(line);
      assertThat(r.decision()).as(line).isEqualTo("deny");
      assertThat(r.reason()).as(line).contains("plan -out=tfplan", "`safeops propose -- terraform apply");
    }
  }

  @Test
  void aSavedPlansFileNameNeverDecidesTheAnswer() throws IOException {
    Run named = bash("terraform apply destroy.tfplan");
    Run plain = bash("terraform apply x.tfplan");
    assertThat(named.decision()).isEqualTo("deny");
    assertThat(plain.decision()).isEqualTo("deny");
    assertThat(plain.reason().replace("x.tfplan", "FILE")).isEqualTo(named.reason().replace("destroy.tfplan", "FILE"));
    assertThat(plain.reason()).contains("cannot see what the file changes", "`safeops propose -- terraform apply`",
        "a saved plan file made elsewhere is not reused");
  }

  static Run hookWith(Map<String, String> environment, String event) throws Main.UsageException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Hook.run(new String[] {"claude-code"}, new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        environment);
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String bashEventIn(Path cwd, String command) throws IOException {
    return JSON.writeValueAsString(Map.of("hook_event_name", "PreToolUse", "tool_name", "Bash", "cwd", cwd.toString(),
        "tool_input", Map.of("command", command)));
  }

  @Test
  void aDuplicateKeyAnywhereInTheEventIsDeniedNamingTheKeyAndWhereItIs() throws IOException {
    String[] events = {
        "{\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"terraform destroy -auto-approve\","
            + "\"command\":\"terraform plan\"}}",
        "{\"tool_name\":\"Bash\",\"tool_name\":\"Read\",\"tool_input\":{\"command\":\"terraform destroy\"}}",
        "{\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"ls\"},\"extra\":{\"a\":[{\"k\":1,\"k\":2}]}}",
        "{\"tool_name\":\"Write\",\"tool_input\":{\"file_path\":\"terraform.tfstate\",\"file_path\":\"notes.md\"}}"};
    String[] keys = {"'command'", "'tool_name'", "'k'", "'file_path'"};
    for (int k = 0; k < events.length; k++) {
      Run r = hook(events[k], "claude-code");
      assertThat(r.exit()).isZero();
      assertThat(r.decision()).as(events[k]).isEqualTo("deny");
      assertThat(r.reason()).as(events[k]).contains("safeops could not read", "Duplicate field " + keys[k], "line 1",
          "column");
    }
    assertThat(hook(events[2].replace("\"k\":2", "\"j\":2"), "claude-code").out()).isEmpty();
  }

  @Test
  void theAgentCannotWriteMoveOrDeleteTheSafeopsHome(@TempDir Path dir) throws IOException, Main.UsageException {
    Path user = Files.createDirectories(dir.resolve("user"));
    Path home = Files.createDirectories(user.resolve(".safeops"));
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.createSymbolicLink(work.resolve("records"), home);
    Map<String, String> env = Map.of("HOME", user.toString());
    for (String line : new String[] {"echo 'ssh-ed25519 AAAA agent' >> ~/.safeops/allowed_signers",
        "rm -f $HOME/.safeops/state-ledger.json", "cp /tmp/empty.json \"${HOME}/.safeops/state-ledger.json\"",
        "mv ../user/.safeops /tmp/old-home", "rm -rf ~", "truncate -s 0 records/audit.jsonl",
        "sed -i '/bob/d' " + home.resolve("allowed_signers"), "find ~/.safeops -name '*.json' -delete",
        "tar -xzf site.tgz -C ~/.safeops", "ln -sf /tmp/mine ~/.safeops/allowed_signers",
        "SAFEOPS_HOME=/tmp/fresh safeops apply 7f3a", "export SAFEOPS_HOME=/tmp/fresh",
        "safeops --home /tmp/fresh apply 7f3a", "safeops approve 7f3a --key ~/.ssh/id_ed25519",
        "ssh-keygen -Y sign -n safeops -f ~/.ssh/id_ed25519 request.txt",
        "python3 -c \"open('/home/u/.safeops/allowed_signers','a').write('k')\""}) {
      Run r = hookWith(env, bashEventIn(work, line));
      assertThat(r.decision()).as(line).isEqualTo("deny");
      assertThat(r.reason()).as(line).contains("safeops home");
    }
    for (String line : new String[] {"cat ~/.safeops/audit.jsonl", "ls -la ~/.safeops", "rm -rf ~/tmp/build",
        "safeops requests --json", "cp notes.txt ~/notes.txt"}) {
      assertThat(hookWith(env, bashEventIn(work, line)).out()).as(line).isEmpty();
    }
  }

  @Test
  void fileToolsCannotWriteTheSafeopsHomeHoweverThePathIsSpelled(@TempDir Path dir)
      throws IOException, Main.UsageException {
    Path user = Files.createDirectories(dir.resolve("user"));
    Path configured = Files.createDirectories(dir.resolve("guard"));
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.createSymbolicLink(work.resolve("g"), configured);
    Map<String, String> env = Map.of("HOME", user.toString(), "SAFEOPS_HOME", configured.toString());
    for (String path : new String[] {"~/.safeops/allowed_signers", user + "/.safeops/requests/r1.json",
        configured + "/state-ledger.json", "../guard/audit.jsonl", "g/approvals/a1.json",
        work + "/../user/.safeops/x"}) {
      for (String tool : new String[] {"Write", "Edit", "MultiEdit", "NotebookEdit"}) {
        String event = JSON.writeValueAsString(Map.of("hook_event_name", "PreToolUse", "tool_name", tool,
            "cwd", work.toString(), "tool_input", Map.of(tool.equals("NotebookEdit") ? "notebook_path" : "file_path",
                path, "content", "x")));
        Run r = hookWith(env, event);
        assertThat(r.decision()).as(tool + " " + path).isEqualTo("deny");
        assertThat(r.reason()).as(path).contains("safeops home", "safeops approve");
      }
    }
    String elsewhere = JSON.writeValueAsString(Map.of("hook_event_name", "PreToolUse", "tool_name", "Write",
        "cwd", work.toString(), "tool_input", Map.of("file_path", "notes/.safeops-todo.md", "content", "x")));
    assertThat(hookWith(env, elsewhere).out()).isEmpty();
  }

  @Test
  void aLineWithNothingOfOurDomainGetsNoOpinion() throws IOException {
    for (String line : new String[] {"ls -la", "git status", "rm -rf node_modules", "npm test", "echo \"open"}) {
      Run r = bash(line);
      assertThat(r.exit()).as(line).isZero();
      assertThat(r.out()).as(line).isEmpty();
    }
  }

  @Test
  void malformedInputIsDenied() throws IOException {
    for (String bad : new String[] {"", "not json", "[1,2]", "{\"tool_name\":\"Bash\"", "{\"tool_input\":{}}",
        "{\"tool_name\":\"Bash\",\"tool_input\":{}}", "{\"tool_name\":\"Bash\",\"tool_input\":{\"command\":42}}",
        "{\"tool_name\":\"Bash\",\"tool_input\":\"terraform destroy\"}", "{\"tool_name\":7}", "{} {}"}) {
      Run r = hook(bad, "claude-code");
      assertThat(r.exit()).as(bad).isZero();
      assertThat(r.decision()).as(bad).isEqualTo("deny");
      assertThat(r.reason()).as(bad).contains("safeops could not read");
    }
  }

  @Test
  void writingTerraformStateThroughFileToolsIsDenied() throws IOException {
    String write = JSON.writeValueAsString(Map.of("hook_event_name", "PreToolUse", "tool_name", "Write",
        "tool_input", Map.of("file_path", "/repo/infra/terraform.tfstate", "content", "{}")));
    Run r = hook(write, "claude-code");
    assertThat(r.decision()).isEqualTo("deny");
    assertThat(r.reason()).contains("Write", "terraform.tfstate", "Terraform state");
    String edit = JSON.writeValueAsString(Map.of("hook_event_name", "PreToolUse", "tool_name", "Edit",
        "tool_input", Map.of("file_path", "/repo/.terraform/terraform.tfstate", "old_string", "a", "new_string", "b")));
    assertThat(hook(edit, "claude-code").decision()).isEqualTo("deny");
    String backup = JSON.writeValueAsString(Map.of("tool_name", "MultiEdit",
        "tool_input", Map.of("file_path", "prod.tfstate.backup", "edits", new Object[] {Map.of("old_string", "a")})));
    assertThat(hook(backup, "claude-code").decision()).isEqualTo("deny");
  }

  @Test
  void writingOrdinaryFilesGetsNoOpinion() throws IOException {
    for (String path : new String[] {"/repo/main.tf", "/repo/.terraform.lock.hcl", "/repo/README.md"}) {
      String write = JSON.writeValueAsString(Map.of("hook_event_name", "PreToolUse", "tool_name", "Write",
          "tool_input", Map.of("file_path", path, "content", "x")));
      assertThat(hook(write, "claude-code").out()).as(path).isEmpty();
    }
  }

  @Test
  void otherToolsAndOtherEventsGetNoOpinion() throws IOException {
    String read = JSON.writeValueAsString(Map.of("hook_event_name", "PreToolUse", "tool_name", "Read",
        "tool_input", Map.of("file_path", "/repo/terraform.tfstate")));
    assertThat(hook(read, "claude-code").out()).isEmpty();
    String post = JSON.writeValueAsString(Map.of("hook_event_name", "PostToolUse", "tool_name", "Bash",
        "tool_input", Map.of("command", "terraform destroy")));
    assertThat(hook(post, "claude-code").out()).isEmpty();
  }

  @Test
  void unpackingAnArchiveIntoADirectoryHoldingStateIsDenied(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("terraform.tfstate"), "{}");
    String event = JSON.writeValueAsString(Map.of("hook_event_name", "PreToolUse", "tool_name", "Bash",
        "cwd", dir.toString(), "tool_input", Map.of("command", "tar -xzf backup-2024-01.tgz")));
    Run r = hook(event, "claude-code");
    assertThat(r.decision()).isEqualTo("deny");
    assertThat(r.reason()).contains("holds Terraform state");
    String elsewhere = JSON.writeValueAsString(Map.of("hook_event_name", "PreToolUse", "tool_name", "Bash",
        "cwd", dir.resolve("..").toString(), "tool_input", Map.of("command", "mkdir -p x && tar -xzf b.tgz -C x")));
    assertThat(hook(elsewhere, "claude-code").out()).isEmpty();
  }

  static Run bashIn(Path cwd, String command) throws IOException {
    return hook(JSON.writeValueAsString(Map.of("hook_event_name", "PreToolUse", "tool_name", "Bash",
        "cwd", cwd.toString(), "tool_input", Map.of("command", command))), "claude-code");
  }

  @Test
  void unpackingOrSyncingIntoAConfigurationWithoutStateYetIsDenied(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("main.tf"), "terraform {}");
    for (String command : new String[] {"tar xzf ../snapshot.tar.gz", "unzip -o site.zip", "rsync -a old/ ./",
        "cpio -idmv < archive.cpio"}) {
      Run r = bashIn(dir, command);
      assertThat(r.decision()).as(command).isEqualTo("deny");
      assertThat(r.reason()).as(command).contains("Terraform configuration");
    }
  }

  @Test
  void unpackingIntoADirectoryWithATerraformWorkingDirectoryIsDenied(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("infra/.terraform"));
    assertThat(bashIn(dir, "cd infra && tar -xf snapshot.tar").decision()).isEqualTo("deny");
    assertThat(bashIn(dir, "unzip -o snapshot.zip -d infra").decision()).isEqualTo("deny");
    assertThat(bashIn(dir, "tar -xf snapshot.tar").out()).isEmpty();
  }

  @Test
  void unpackingOrdinaryArchivesInAnUnrelatedDirectoryGetsNoOpinion(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("package.json"), "{}");
    for (String command : new String[] {"tar xzf node_modules.tgz", "unzip -o site.zip", "rsync -a build/ dist/",
        "gunzip access.log.gz"}) {
      assertThat(bashIn(dir, command).out()).as(command).isEmpty();
    }
  }

  @Test
  void unpackingWhereTheDirectoryCannotBeInspectedIsAsked(@TempDir Path dir) throws IOException {
    assertThat(bashIn(dir, "cd \"$DEPLOY_DIR\" && tar xzf bundle.tgz").decision()).isEqualTo("ask");
    assertThat(bashIn(dir.resolve("gone"), "unzip -o bundle.zip").decision()).isEqualTo("ask");
    assertThat(bashIn(dir.resolve("gone"), "unzip -o bundle.zip index.html").out()).isEmpty();
  }

  @Test
  void aGlobThatMatchesStateInTheWorkingDirectoryIsDenied(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("infra"));
    Files.writeString(dir.resolve("infra/terraform.tfstate"), "{}");
    String event = JSON.writeValueAsString(Map.of("hook_event_name", "PreToolUse", "tool_name", "Bash",
        "cwd", dir.toString(), "tool_input", Map.of("command", "cd infra && rm -f *")));
    assertThat(hook(event, "claude-code").decision()).isEqualTo("deny");
    String clean = JSON.writeValueAsString(Map.of("hook_event_name", "PreToolUse", "tool_name", "Bash",
        "cwd", dir.toString(), "tool_input", Map.of("command", "rm -f *")));
    assertThat(hook(clean, "claude-code").out()).isEmpty();
  }

  @Test
  void paddingNeverTurnsADenyIntoAnAsk() throws IOException {
    String pad = "echo " + "x".repeat(70_000);
    String[] lines = {"terraform destroy -auto-approve; " + pad, pad + "; terraform destroy -auto-approve",
        "terraform destroy -auto-approve; echo '" + "x".repeat(70_000),
        "true; ".repeat(600) + "terraform destroy -auto-approve", "terraform destroy; " + "true; ".repeat(600),
        "true; ".repeat(600) + "aws rds delete-db-instance --db-instance-identifier prod",
        "true; ".repeat(600) + "rm -f terraform.tfstate", "eval ".repeat(12) + "terraform destroy",
        "echo " + "$(echo ".repeat(12) + "$(terraform destroy)" + ")".repeat(12),
        "bash -c \"" + "sh -c '".repeat(1) + "eval ".repeat(10) + "tofu destroy'\""};
    for (String line : lines) {
      Run r = bash(line);
      assertThat(r.decision()).as("%.80s", line).isEqualTo("deny");
    }
    // Padding alone stays what it was: unreadable, so asked, never allowed.
    assertThat(bash("true; ".repeat(600) + "terraform plan").decision()).isEqualTo("ask");
  }

  @Test
  void anUnknownAgentIsBadUsage() {
    Run r = hook("{}", "cursor");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("claude-code");
    assertThat(r.out()).isEmpty();
  }
}
