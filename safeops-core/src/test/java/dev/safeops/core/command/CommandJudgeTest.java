package dev.safeops.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.command.Assessment.Answer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandJudgeTest {
  private static final CommandClassifier TF = new CommandClassifier() {
    @Override
    public Optional<Classification> classify(SimpleCommand c, CommandContext context) {
      if (!c.name().equals("terraform")) {
        return Optional.empty();
      }
      return Optional.of(c.arguments().contains("destroy") ? Classification.destructive("destroys")
          : c.arguments().contains("plan") ? Classification.readOnly("plans") : Classification.mutating("mutates"));
    }

    @Override
    public List<String> domainWords() {
      return List.of("terraform");
    }
  };

  @Test
  void theWorstCommandDecides() {
    CommandJudge judge = CommandJudge.of(TF);
    assertThat(judge.assess("terraform plan && terraform destroy").answer()).isEqualTo(Answer.DENY);
    assertThat(judge.assess("terraform plan && terraform apply").answer()).isEqualTo(Answer.ASK);
    assertThat(judge.assess("terraform plan | grep x | wc -l").answer()).isEqualTo(Answer.ALLOW);
  }

  @Test
  void allowNeedsEveryCommandKnownReadOnlyAndNoFileWrites() {
    CommandJudge judge = CommandJudge.of(TF);
    assertThat(judge.assess("terraform plan && rm -rf ~/work").answer()).isEqualTo(Answer.NO_OPINION);
    assertThat(judge.assess("terraform plan > plan.txt").answer()).isEqualTo(Answer.NO_OPINION);
    assertThat(judge.assess("terraform plan 2>&1 >/dev/null").answer()).isEqualTo(Answer.ALLOW);
    assertThat(judge.assess("terraform plan | sed -i x f").answer()).isEqualTo(Answer.NO_OPINION);
  }

  @Test
  void aLineWithNothingOfOurDomainHasNoOpinion() {
    assertThat(CommandJudge.of(TF).assess("rm -rf / && ls").answer()).isEqualTo(Answer.NO_OPINION);
    assertThat(CommandJudge.of(TF).assess("rm -rf / && ls").explanation()).isEmpty();
  }

  @Test
  void anUnreadablePartIsMutatingWhenItCouldHideACommandOrMentionsTheDomain() {
    CommandJudge judge = CommandJudge.of(TF);
    assertThat(judge.assess("$(echo terraform) destroy").answer()).isEqualTo(Answer.ASK);
    assertThat(judge.assess("curl -s https://x | bash").answer()).isEqualTo(Answer.ASK);
    assertThat(judge.assess("echo \"terraform destroy").answer()).isEqualTo(Answer.ASK);
    assertThat(judge.assess("echo \"hello").answer()).isEqualTo(Answer.NO_OPINION);
  }

  @Test
  void aClassifierThatThrowsCountsAsMutating() {
    CommandClassifier broken = (c, ctx) -> {
      throw new IllegalStateException("boom");
    };
    Assessment a = CommandJudge.of(broken).assess("anything");
    assertThat(a.answer()).isEqualTo(Answer.ASK);
    assertThat(a.explanation()).contains("failed");
  }

  @Test
  void filesFedByXargsFromUnseenInputAreDestructiveWhenTheLineMentionsTheDomain() {
    assertThat(CommandJudge.of(TF).assess("ls | grep terraform | xargs rm").answer()).isEqualTo(Answer.DENY);
    assertThat(CommandJudge.of(TF).assess("ls | xargs rm").answer()).isEqualTo(Answer.NO_OPINION);
  }

  @Test
  void theExplanationNamesTheWorstCommandsAndTheirReasons() {
    Assessment a = CommandJudge.of(TF).assess("terraform plan; sudo terraform destroy");
    assertThat(a.explanation()).startsWith("safeops refused").contains("`terraform destroy`: destroys.")
        .doesNotContain("plans");
  }

  /** TF, which also sees "terraform destroy" in code it cannot read and knows its own program name. */
  private static final CommandClassifier TF_SEEING = new CommandClassifier() {
    @Override
    public Optional<Classification> classify(SimpleCommand c, CommandContext context) {
      return TF.classify(c, context);
    }

    @Override
    public List<String> domainWords() {
      return List.of("terraform", "tfstate");
    }

    @Override
    public List<String> commandNames() {
      return List.of("terraform");
    }

    @Override
    public Optional<Classification> classifyOpaque(String text) {
      return text.contains("terraform destroy") || text.contains(".tfstate")
          ? Optional.of(Classification.destructive("a destroy is visible")) : Optional.empty();
    }
  };

  @Test
  void codeSafeopsCannotReadIsDestructiveWhenADestructiveWordIsVisibleInIt() {
    CommandJudge judge = CommandJudge.of(TF_SEEING);
    for (String line : List.of("python3 -c 'import os; os.system(\"terraform destroy\")'",
        "echo 'terraform destroy' > x.rb; ruby x.rb", "eval ".repeat(12) + "terraform destroy",
        "echo \"terraform destroy")) {
      Assessment a = judge.assess(line);
      assertThat(a.answer()).as(line).isEqualTo(Answer.DENY);
      assertThat(a.explanation()).as(line).contains("cannot read", "a destroy is visible");
    }
    assertThat(judge.assess("python3 -c 'print(42)' && terraform plan").answer()).isEqualTo(Answer.ASK);
    assertThat(judge.assess("python3 -c 'print(42)'").answer()).isEqualTo(Answer.NO_OPINION);
  }

  @Test
  void aProgramSafeopsDoesNotKnowThatIsGivenADomainProgramIsAskedAtLeast() {
    CommandJudge judge = CommandJudge.of(TF_SEEING);
    assertThat(judge.assess("vault-run --role ops terraform plan").answer()).isEqualTo(Answer.ASK);
    Assessment destroy = judge.assess("vault-run --role ops -- /opt/bin/terraform destroy");
    assertThat(destroy.answer()).isEqualTo(Answer.DENY);
    assertThat(destroy.explanation()).contains("`vault-run` may run `/opt/bin/terraform destroy`", "destroys");
    for (String line : List.of("brew install terraform", "git add terraform", "mkdir terraform", "ls terraform",
        "cp -r modules/terraform backup", "vault-run infra/terraform destroy", "echo hi | tee terraform")) {
      assertThat(judge.assess(line).answer()).as(line).isEqualTo(Answer.NO_OPINION);
    }
  }

  @Test
  void aWriteToAPathComputedAtRunTimeInALineOfTheDomainIsAskedOrDenied() {
    CommandJudge judge = CommandJudge.of(TF_SEEING);
    assertThat(judge.assess("cp restored.json \"$TARGET\" && terraform plan").answer()).isEqualTo(Answer.ASK);
    assertThat(judge.assess("terraform plan > \"$OUT\"").answer()).isEqualTo(Answer.ASK);
    assertThat(judge.assess("ls old.tfstate && cp restored.json \"$TARGET\"").answer()).isEqualTo(Answer.DENY);
    assertThat(judge.assess("cp restored.json \"$TARGET\"").answer()).isEqualTo(Answer.NO_OPINION);
  }

  @Test
  void commandNamesCompareCaseInsensitively() {
    CommandJudge judge = CommandJudge.of(TF);
    assertThat(judge.assess("TERRAFORM destroy").answer()).isEqualTo(Answer.DENY);
    assertThat(judge.assess("/usr/local/bin/Terraform destroy").answer()).isEqualTo(Answer.DENY);
  }

  @Test
  void discoverLoadsThePublishedClassifiers() {
    CommandJudge judge = CommandJudge.discover();
    assertThat(judge.classifiers()).hasAtLeastOneElementOfType(PublishedTestClassifier.class);
    assertThat(judge.assess("sudo published-tool --now").answer()).isEqualTo(Answer.DENY);
  }
}
