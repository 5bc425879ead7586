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

  @Test
  void discoverLoadsThePublishedClassifiers() {
    CommandJudge judge = CommandJudge.discover();
    assertThat(judge.classifiers()).hasAtLeastOneElementOfType(PublishedTestClassifier.class);
    assertThat(judge.assess("sudo published-tool --now").answer()).isEqualTo(Answer.DENY);
  }
}
