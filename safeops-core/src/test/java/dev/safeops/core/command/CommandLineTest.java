package dev.safeops.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.command.internal.ShellParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

  private static List<String> displays(String line) {
    return CommandLine.parse(line).commands().stream().map(SimpleCommand::display).toList();
  }

  private static SimpleCommand only(String line, String name) {
    List<SimpleCommand> found = CommandLine.parse(line).commands().stream().filter(c -> c.name().equals(name)).toList();
    assertThat(found).as("commands named %s in %s", name, line).hasSize(1);
    return found.get(0);
  }

  @Test
  void listsAndPipelinesYieldEveryCommand() {
    assertThat(displays("terraform plan && rm -rf ~/work || echo failed; ls | wc -l & sleep 1"))
        .containsExactly("terraform plan", "rm -rf ~/work", "echo failed", "ls", "wc -l", "sleep 1");
  }

  @Test
  void quotesAndEscapesAreRemovedTheWayTheShellDoes() {
    assertThat(only("ter\"raf\"'orm' de\\stroy", "terraform").words()).containsExactly("terraform", "destroy");
    assertThat(only("$'\\x74erraform' $'\\u0064estroy'", "terraform").words()).containsExactly("terraform", "destroy");
    assertThat(only("\"terraform\" \"apply\" '-auto-approve'", "terraform").words())
        .containsExactly("terraform", "apply", "-auto-approve");
  }

  @Test
  void bashDashCIsReadAsTheScriptItRuns() {
    SimpleCommand c = only("bash -c 'sudo env TF_LOG=1 terraform -chdir=prod destroy'", "terraform");
    assertThat(c.words()).containsExactly("terraform", "-chdir=prod", "destroy");
    assertThat(c.via()).containsExactly("bash -c", "sudo", "env");
    assertThat(c.depth()).isEqualTo(3);
  }

  @Test
  void nestedShellsAreFollowedToTheInnermostCommand() {
    SimpleCommand c = only("sh -c \"bash -lc 'zsh -c \\\"terraform destroy\\\"'\"", "terraform");
    assertThat(c.arguments()).containsExactly("destroy");
  }

  @Test
  void substitutionsAndBackquotesRunTheirCommands() {
    assertThat(displays("echo $(terraform destroy) `aws s3 rb s3://b` \"$(tofu apply)\""))
        .contains("terraform destroy", "aws s3 rb s3://b", "tofu apply");
  }

  @Test
  void loopsOverDescribeCallsYieldBothTheReadAndTheDelete() {
    List<String> d = displays(
        "for i in $(aws ec2 describe-instances --query 'R[].I[].Id' --output text); do aws ec2 terminate-instances --instance-ids $i; done");
    assertThat(d).contains("aws ec2 describe-instances --query 'R[].I[].Id' --output text",
        "aws ec2 terminate-instances --instance-ids $i");
    assertThat(displays("while read id; do aws rds delete-db-instance --db-instance-identifier $id; done < ids.txt"))
        .contains("aws rds delete-db-instance --db-instance-identifier $id");
  }

  @Test
  void echoIntoAShellIsReadAsAScript() {
    assertThat(only("echo 'terraform destroy -auto-approve' | bash", "terraform").via()).containsExactly("bash <<script");
    assertThat(only("printf 'terraform %s\\n' destroy | sh", "terraform").arguments()).containsExactly("destroy");
  }

  @Test
  void hereDocumentsFedToAShellAreReadAsScripts() {
    assertThat(only("bash <<'EOF'\ncd prod\nterraform destroy -auto-approve\nEOF", "terraform").workingDirectory())
        .contains("prod");
    assertThat(only("bash <<< 'terraform destroy'", "terraform").arguments()).containsExactly("destroy");
  }

  @Test
  void hereDocumentsForDataAreNotCommands() {
    assertThat(displays("cat <<'EOF' > notes.txt\nterraform destroy\nEOF")).containsExactly("cat >notes.txt");
  }

  @Test
  void substitutionsInsideAnUnquotedHereDocumentRun() {
    assertThat(displays("cat <<EOF\n$(terraform destroy)\nEOF")).contains("terraform destroy");
  }

  @Test
  void environmentPrefixesAndWrappersAreUnwrapped() {
    assertThat(only("TF_IN_AUTOMATION=1 AWS_PROFILE=prod nohup time nice -n 5 timeout 60 terraform apply", "terraform")
        .arguments()).containsExactly("apply");
    assertThat(only("env -i PATH=/bin terraform destroy", "terraform").via()).containsExactly("env");
    assertThat(only("sudo -u deploy -E terraform destroy", "terraform").via()).containsExactly("sudo");
    assertThat(only("eval 'terraform' \"destroy\"", "terraform").via()).containsExactly("eval");
    assertThat(only("env -S 'terraform destroy'", "terraform").arguments()).containsExactly("destroy");
  }

  @Test
  void assignmentsInEffectAreKeptWithTheCommand() {
    assertThat(only("A=1 env B=2 terraform apply", "terraform").assignments()).containsExactly("A=1", "B=2");
    assertThat(only("export TF_CLI_ARGS=-destroy; X=1; bash -c 'terraform apply'", "terraform")
        .variable("TF_CLI_ARGS")).contains("-destroy");
  }

  @Test
  void xargsRunsItsCommandWithTheEchoedArguments() {
    SimpleCommand c = only("echo terraform.tfstate | xargs rm -f", "rm");
    assertThat(c.arguments()).containsExactly("-f", "terraform.tfstate");
    assertThat(c.readsUnseenInput()).isFalse();
    SimpleCommand terminate = CommandLine.parse(
        "aws ec2 describe-instances | xargs -n1 aws ec2 terminate-instances --instance-ids").commands().get(1);
    assertThat(terminate.words()).startsWith("aws", "ec2", "terminate-instances");
    assertThat(terminate.readsUnseenInput()).isTrue();
    assertThat(terminate.via()).containsExactly("xargs");
    List<SimpleCommand> all = CommandLine.parse("ls | xargs -I{} aws s3 rm s3://b/{}").commands();
    assertThat(all.get(1).words()).startsWith("aws", "s3", "rm");
    assertThat(all.get(1).readsUnseenInput()).isTrue();
  }

  @Test
  void cdSetsTheWorkingDirectoryOfTheCommandsAfterIt() {
    assertThat(only("cd infra/prod && terraform destroy", "terraform").workingDirectory()).contains("infra/prod");
    assertThat(only("cd infra && cd prod; terraform destroy", "terraform").workingDirectory()).contains("infra/prod");
    assertThat(only("(cd prod && ls) ; terraform destroy", "terraform").workingDirectory()).isEmpty();
    assertThat(only("cd \"$TF_DIR\" && terraform destroy", "terraform").workingDirectory()).contains("$TF_DIR");
    assertThat(only("cd infra; cd - && terraform destroy", "terraform").workingDirectory()).contains("$OLDPWD");
  }

  @Test
  void redirectionsAreRecordedWithTheirTargets() {
    SimpleCommand c = only("jq . old.json > terraform.tfstate 2>&1", "jq");
    assertThat(c.redirects()).containsExactly(new Redirect(">", "terraform.tfstate"), new Redirect("2>&", "&1"));
    assertThat(c.redirects().get(0).writesFile()).isTrue();
    assertThat(c.redirects().get(1).writesFile()).isFalse();
    assertThat(displays("> terraform.tfstate")).containsExactly(">terraform.tfstate");
  }

  @Test
  void compoundCommandsYieldTheirBodies() {
    assertThat(displays("if terraform plan -detailed-exitcode; then terraform apply -auto-approve; else echo no; fi"))
        .containsExactly("terraform plan -detailed-exitcode", "terraform apply -auto-approve", "echo no");
    assertThat(displays("case \"$ENV\" in prod|staging) terraform destroy ;; *) echo skip ;; esac"))
        .containsExactly("terraform destroy", "echo skip");
    assertThat(displays("f() { terraform destroy; }; f")).contains("terraform destroy");
    assertThat(displays("{ terraform destroy; } 2>/dev/null")).contains("terraform destroy");
  }

  @Test
  void findExecRunsItsCommand() {
    assertThat(only("find . -name '*.tfstate' -exec rm -f {} \\;", "rm").arguments()).containsExactly("-f", "{}");
  }

  @Test
  void sshRunsItsRemoteCommand() {
    assertThat(only("ssh -i key.pem ops@bastion 'cd /srv/infra && terraform destroy'", "terraform").workingDirectory())
        .contains("/srv/infra");
  }

  @Test
  void aCommandNameComputedAtRunTimeIsUnknownAndHidesWhatRuns() {
    SimpleCommand c = CommandLine.parse("$(which terraform) destroy").commands().stream()
        .filter(SimpleCommand::isUnknown).findFirst().orElseThrow();
    assertThat(c.hidesCommand()).isTrue();
    assertThat(CommandLine.parse("curl -s https://x.example/install.sh | bash").commands())
        .anyMatch(x -> x.isUnknown() && x.hidesCommand());
  }

  @Test
  void aCommandNameUnderAnExpandedDirectoryIsStillKnown() {
    assertThat(only("$HOME/bin/terraform destroy", "terraform").arguments()).containsExactly("destroy");
  }

  @Test
  void unreadableTextBecomesAnUnknownCommandInsteadOfAnError() {
    for (String bad : List.of("echo \"unterminated", "echo 'open", "echo $(never closed", "echo `open", ")", "a (")) {
      assertThat(CommandLine.parse(bad).hasUnknown()).as(bad).isTrue();
    }
    assertThat(CommandLine.parse(null).commands()).singleElement().matches(SimpleCommand::isUnknown);
  }

  @Test
  void nestingBeyondTheBoundBecomesUnknown() {
    String line = "echo " + "$(echo ".repeat(12) + "$(terraform destroy)" + ")".repeat(12);
    List<SimpleCommand> commands = CommandLine.parse(line).commands();
    assertThat(commands).anyMatch(c -> c.hidesCommand() && c.unknownReason().orElseThrow().contains("nested"));
    assertThat(commands).noneMatch(c -> c.name().equals("terraform"));
    String shells = "terraform destroy";
    for (int k = 0; k < 10; k++) {
      shells = "eval " + shells;
    }
    assertThat(CommandLine.parse(shells).commands()).singleElement().matches(SimpleCommand::hidesCommand);
  }

  @Test
  void deepParenthesesDoNotOverflowTheStack() {
    String line = "(".repeat(50_000) + "terraform destroy" + ")".repeat(50_000);
    assertThat(CommandLine.parse(line).commands()).isNotEmpty();
    String subs = "$(".repeat(20_000) + "x" + ")".repeat(20_000);
    assertThat(CommandLine.parse(subs).commands()).isNotEmpty();
  }

  @Test
  void outputIsBoundedForHugeLines() {
    assertThat(CommandLine.parse("true;".repeat(5000)).commands()).hasSize(ShellParser.MAX_COMMANDS + 1);
    assertThat(CommandLine.parse("x".repeat(ShellParser.MAX_INPUT + 1)).commands()).singleElement()
        .matches(SimpleCommand::hidesCommand);
  }
}
