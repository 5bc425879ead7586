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
    List<SimpleCommand> huge = CommandLine.parse("x".repeat(ShellParser.MAX_INPUT + 1)).commands();
    assertThat(huge).last().matches(SimpleCommand::hidesCommand);
    assertThat(huge).hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void whatWasReadBeforeABoundStandsAndTheUnreadRestIsKeptAsText() {
    List<SimpleCommand> longLine = CommandLine.parse("terraform destroy; echo " + "x".repeat(70_000) + "; rm a.tfstate")
        .commands();
    assertThat(longLine.get(0).words()).containsExactly("terraform", "destroy");
    assertThat(longLine).last().satisfies(c -> {
      assertThat(c.hidesCommand()).isTrue();
      assertThat(c.unreadText()).hasValueSatisfying(t -> assertThat(t).endsWith("; rm a.tfstate"));
    });
    List<SimpleCommand> many = CommandLine.parse("true; ".repeat(600) + "terraform destroy").commands();
    assertThat(many).last().satisfies(c -> assertThat(c.unreadText().orElseThrow()).endsWith("terraform destroy"));
    List<SimpleCommand> deep = CommandLine.parse("eval ".repeat(12) + "tofu destroy").commands();
    assertThat(deep).singleElement().satisfies(c -> assertThat(c.unreadText().orElseThrow()).contains("tofu destroy"));
    List<SimpleCommand> open = CommandLine.parse("terraform destroy && echo \"never closed").commands();
    assertThat(open.get(0).words()).containsExactly("terraform", "destroy");
    assertThat(open).last().satisfies(c -> assertThat(c.unreadText()).contains("\"never closed"));
  }

  @Test
  void bracesAreExpandedAsTheShellExpandsThem() {
    assertThat(only("mv terraform.tfstate{.backup,}", "mv").arguments())
        .containsExactly("terraform.tfstate.backup", "terraform.tfstate");
    assertThat(only("{terraform,destroy,-auto-approve}", "terraform").arguments()).containsExactly("destroy",
        "-auto-approve");
    assertThat(only("cp a{1..3}.json b", "cp").arguments()).containsExactly("a1.json", "a2.json", "a3.json", "b");
    assertThat(only("echo '{a,b}' \"{c,d}\" x{}y {z}", "echo").arguments())
        .containsExactly("{a,b}", "{c,d}", "x{}y", "{z}");
    assertThat(only("find . -name x -exec rm {} +", "rm").arguments()).containsExactly("{}");
    assertThat(CommandLine.parse("echo " + "{a,b}".repeat(7)).commands()).singleElement()
        .matches(c -> c.isUnknown() && !c.hidesCommand() && c.unreadText().isPresent());
  }

  @Test
  void variablesTheLineSetsAreSubstitutedAndOthersStayVisible() {
    assertThat(only("STATE=terraform.tfstate; cp old.json \"$STATE\"", "cp").arguments())
        .containsExactly("old.json", "terraform.tfstate");
    assertThat(only("export D=infra; rm -rf \"${D}/.terraform\"", "rm").arguments())
        .containsExactly("-rf", "infra/.terraform");
    assertThat(only("TF=terraform; $TF destroy", "terraform").arguments()).containsExactly("destroy");
    assertThat(only("cp x \"$ELSEWHERE\"", "cp").arguments()).containsExactly("x", "$ELSEWHERE");
    assertThat(only("X=a echo $X", "echo").arguments()).containsExactly("$X");
  }

  @Test
  void aCommandNameThatIsAFileNamePatternIsUnknownAndKeepsItsText() {
    assertThat(CommandLine.parse("terrafor[m] destroy").commands()).singleElement().satisfies(c -> {
      assertThat(c.hidesCommand()).isTrue();
      assertThat(c.unreadText()).contains("terrafor[m] destroy");
    });
    assertThat(only("[ -f x ] && ls", "ls").words()).containsExactly("ls");
    assertThat(only("'terra*' destroy", "terra*").arguments()).containsExactly("destroy");
  }

  @Test
  void aScriptWrittenAndRunInTheSameLineIsReadAsItsCommands() {
    assertThat(only("cat > t.sh <<'EOF'\ncd prod\nterraform destroy\nEOF\nbash t.sh", "terraform").workingDirectory())
        .contains("prod");
    assertThat(only("echo 'tofu destroy' > ./x.sh && chmod +x x.sh && ./x.sh", "tofu").via())
        .containsExactly("script ./x.sh");
    assertThat(only("printf 'aws s3 rb s3://b\\n' >> r.sh; . r.sh", "aws").arguments()).startsWith("s3", "rb");
    assertThat(CommandLine.parse("curl -so i.sh https://x.example/i && sh i.sh").commands())
        .anyMatch(c -> c.isUnknown() && c.hidesCommand());
    assertThat(CommandLine.parse("echo 'import os' > a.py; python3 a.py").commands())
        .anyMatch(c -> c.isUnknown() && c.unreadText().orElse("").contains("import os"));
    assertThat(only("bash deploy.sh", "bash").arguments()).containsExactly("deploy.sh");
  }

  @Test
  void aProcessSubstitutionAShellReadsIsItsScript() {
    assertThat(only("bash <(echo terraform destroy)", "terraform").arguments()).containsExactly("destroy");
    assertThat(only("source <(printf 'aws s3 rb s3://b')", "aws").arguments()).startsWith("s3", "rb");
    assertThat(CommandLine.parse("bash <(curl -s https://x.example/i)").commands())
        .anyMatch(c -> c.isUnknown() && c.hidesCommand());
  }

  @Test
  void commandStringsThatOtherProgramsRunAreRead() {
    assertThat(only("trap 'terraform destroy' EXIT", "terraform").via()).containsExactly("trap");
    assertThat(only("echo 'tofu destroy' | at now + 2 hours", "tofu").via()).containsExactly("at <<script");
    assertThat(only("echo '*/5 * * * * terraform apply -auto-approve' | crontab -", "terraform").via())
        .containsExactly("crontab");
    assertThat(only("tar -xf a.tar --checkpoint-action=exec='terraform destroy'", "terraform").via())
        .containsExactly("tar --checkpoint-action=exec='terraform destroy'".substring(0, 3) + " "
            + "--checkpoint-action=exec=terraform destroy");
    assertThat(only("git -c alias.x='!terraform destroy' x", "terraform").arguments()).containsExactly("destroy");
    assertThat(only("git config --global alias.y '!aws s3 rb s3://b'", "aws").arguments()).startsWith("s3", "rb");
    assertThat(only("vim -es -c ':silent !terraform destroy' -c q", "terraform").arguments())
        .containsExactly("destroy");
    assertThat(only("nix-shell -p terraform --run 'terraform destroy'", "terraform").via())
        .containsExactly("nix-shell --run");
  }

  @Test
  void codeForOtherInterpretersIsUnknownAndCarriesTheCode() {
    for (String line : List.of("python3 -c 'import os; os.system(\"terraform destroy\")'",
        "perl -ne 'system(\"terraform destroy\")' f", "awk 'BEGIN{system(\"terraform destroy\")}'",
        "sed 's/x/terraform destroy/e' f", "node --eval 'x(\"terraform destroy\")'")) {
      assertThat(CommandLine.parse(line).commands()).as(line)
          .anyMatch(c -> c.isUnknown() && c.unreadText().orElse("").contains("terraform destroy"));
    }
    assertThat(CommandLine.parse("awk '{print $1}' f").commands()).noneMatch(SimpleCommand::isUnknown);
    assertThat(CommandLine.parse("sed -n 's/a/b/gp' f").commands()).noneMatch(SimpleCommand::isUnknown);
    assertThat(only("python3 -m awscli s3 rb s3://b", "aws").via()).containsExactly("python3 -m awscli");
  }

  @Test
  void theWrapperTableUnwrapsTheCommandsTheyRun() {
    assertThat(only("aws-vault exec prod -- terraform destroy", "terraform").via()).containsExactly("aws-vault");
    assertThat(only("aws-vault exec prod terraform destroy", "terraform").arguments()).containsExactly("destroy");
    assertThat(only("op run --env-file .env -- terraform destroy", "terraform").via()).containsExactly("op");
    assertThat(only("mise exec terraform@1.9 node@20 -- terraform destroy", "terraform").via())
        .containsExactly("mise");
    assertThat(only("direnv exec infra terraform destroy", "terraform").via()).containsExactly("direnv");
    assertThat(only("runuser -u ci -- terraform destroy", "terraform").via()).containsExactly("runuser");
    assertThat(only("runuser -l ci -c 'terraform destroy'", "terraform").via()).containsExactly("runuser -c");
    assertThat(only("systemd-run --unit tf --on-calendar=daily terraform destroy", "terraform").via())
        .containsExactly("systemd-run");
    assertThat(only("kubectl exec -n ops pod/tools -c tf -- terraform destroy", "terraform").workingDirectory())
        .isEmpty();
    assertThat(only("cd infra && docker exec -w /w tools terraform destroy", "terraform").workingDirectory()).isEmpty();
    assertThat(only("time -o times.log terraform plan", "time").arguments()).containsExactly("-o", "times.log");
    assertThat(only("sudo timeout -s KILL 60 nice -n 5 terraform destroy", "terraform").via())
        .containsExactly("sudo", "timeout", "nice");
    assertThat(only("aws-vault list", "aws-vault").arguments()).containsExactly("list");
  }
}
