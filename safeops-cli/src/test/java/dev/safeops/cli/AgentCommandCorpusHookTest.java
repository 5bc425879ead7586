package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeops.core.command.Assessment;
import dev.safeops.core.command.Assessment.Answer;
import dev.safeops.core.command.CommandJudge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shared agent-command corpus (the test suites of two published guards) through the
 * hook's decision logic. A peer's {@code block} in our domain must be denied or asked; a
 * peer's {@code allow} that is destructive in our terms must not be allowed; nothing may
 * throw or hang (the time bound is a hang guard only).
 */
class AgentCommandCorpusHookTest {
  /** Runs terraform, tofu or the AWS CLI, or touches Terraform state. */
  private static final Pattern OUR_DOMAIN =
      Pattern.compile("(^|[^\\w-])(terraform|tofu|terragrunt|aws)(\\s|$)|tfstate|\\.terraform\\b");

  record Case(String command, String expect, String file) {}

  static List<Case> corpus() throws IOException {
    String shared = System.getProperty("safeops.shared.dir");
    Path dir = shared == null ? null : Path.of(shared, "corpus", "agent-commands");
    assumeTrue(dir != null && Files.isDirectory(dir),
        "the shared agent-command corpus (safeops.shared.dir/corpus/agent-commands) is absent, so this test is skipped");
    ObjectMapper json = new ObjectMapper();
    List<Case> cases = new ArrayList<>();
    for (String file : List.of("dcg-corpus.json", "shellfirm-checks.json")) {
      for (JsonNode c : json.readTree(dir.resolve(file).toFile()).get("cases")) {
        cases.add(new Case(c.get("command").asText(), c.get("expect").asText(), file));
      }
    }
    return cases;
  }

  @Test
  void everyBlockedCaseOfOurDomainIsDeniedOrAsked() throws IOException {
    List<Case> cases = corpus();
    CommandJudge judge = Hook.judge();
    List<String> failOpen = new ArrayList<>();
    int inDomain = 0;
    for (Case c : cases) {
      if (c.expect().equals("block") && OUR_DOMAIN.matcher(c.command()).find()) {
        inDomain++;
        Answer a = judge.assess(c.command()).answer();
        if (a != Answer.DENY && a != Answer.ASK) {
          failOpen.add(a + ": " + c.command());
        }
      }
    }
    assertThat(inDomain).isGreaterThanOrEqualTo(60);
    assertThat(failOpen).isEmpty();
  }

  @Test
  void peerAllowedCasesThatAreDestructiveForUsAreNotAllowed() throws IOException {
    CommandJudge judge = Hook.judge();
    List<Case> cases = corpus();
    assertThat(cases).anyMatch(c -> c.command().equals("terraform destroy") && c.expect().equals("allow"));
    assertThat(cases).anyMatch(c -> c.command().equals("terraform apply plan.tfplan") && c.expect().equals("allow"));
    assertThat(judge.assess("terraform destroy").answer()).isEqualTo(Answer.DENY);
    assertThat(judge.assess("terraform destroy -target=aws_instance.foo").answer()).isEqualTo(Answer.DENY);
    assertThat(judge.assess("terraform apply plan.tfplan").answer()).isEqualTo(Answer.DENY);
    assertThat(judge.assess("terraform workspace delete").answer()).isEqualTo(Answer.DENY);
    assertThat(judge.assess("terraform    apply    -auto-approv").answer()).isEqualTo(Answer.DENY);
    for (Case c : cases) {
      if (c.expect().equals("allow") && OUR_DOMAIN.matcher(c.command()).find()) {
        Assessment a = judge.assess(c.command());
        if (a.answer() == Answer.ALLOW) {
          assertThat(a.commands()).as(c.command())
              .allMatch(v -> v.classification().map(k -> !k.effect().mutates()).orElse(false));
        }
      }
    }
  }

  @Test
  void everyCaseGetsAnAnswerWithoutThrowingOrHanging() throws IOException {
    List<Case> cases = corpus();
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      for (Case c : cases) {
        HookTest.Run r = HookTest.bash(c.command());
        assertThat(r.exit()).as(c.command()).isZero();
        if (!r.out().isEmpty()) {
          assertThat(r.decision()).as(c.command()).isIn("allow", "ask", "deny");
        }
      }
    });
  }

  @Test
  void aDestructiveCommandIsNeverAllowedWhateverItIsWrappedIn() {
    CommandJudge judge = Hook.judge();
    for (String wrapper : List.of("%s", "bash -c '%s'", "sh -c \"%s\"", "sudo %s", "env A=1 %s", "eval '%s'",
        "echo '%s' | bash", "bash <<< '%s'", "nohup %s &", "time %s", "(cd x && %s)", "{ %s; }", "x=$(%s)",
        "echo `%s`", "for i in 1; do %s; done", "if true; then %s; fi", "terraform plan && %s", "ls | xargs %s",
        "ssh host '%s'", "watch %s", "timeout 5 %s", "sudo -u a bash -c \"%s\"")) {
      for (String destructive : List.of("terraform -chdir=prod destroy", "terraform destroy -auto-approve",
          "aws rds delete-db-instance --db-instance-identifier db", "rm -f terraform.tfstate")) {
        String line = String.format(wrapper, destructive);
        assertThat(judge.assess(line).answer()).as(line).isEqualTo(Answer.DENY);
      }
    }
  }
}
