package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.aws.command.AwsCliClassifier;
import dev.safeops.core.command.Assessment;
import dev.safeops.core.command.CommandJudge;
import dev.safeops.terraform.command.TerraformCommandClassifier;
import org.junit.jupiter.api.Test;

/** The Terraform and AWS modules register their classifiers, so CommandJudge.discover() judges both without wiring. */
class ClassifierDiscoveryTest {

  @Test
  void discoverFindsTheTerraformAndAwsClassifiersOnTheClasspath() {
    CommandJudge judge = CommandJudge.discover();

    assertThat(judge.classifiers()).hasAtLeastOneElementOfType(TerraformCommandClassifier.class)
        .hasAtLeastOneElementOfType(AwsCliClassifier.class);
    assertThat(judge.assess("terraform destroy").answer()).isEqualTo(Assessment.Answer.DENY);
    assertThat(judge.assess("aws rds delete-db-instance --db-instance-identifier courses-prod").answer())
        .isEqualTo(Assessment.Answer.DENY);
    assertThat(judge.assess("terraform plan && aws rds describe-db-instances").answer()).isEqualTo(Assessment.Answer.ALLOW);
  }
}
