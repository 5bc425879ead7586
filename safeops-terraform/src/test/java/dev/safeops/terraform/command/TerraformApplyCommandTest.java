package dev.safeops.terraform.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerraformApplyCommandTest {

  @Test
  void aDestroyWithDirectoryTargetsAndVariablesBecomesPlanDestroyWithTheSameOptions() {
    TerraformApplyCommand c = TerraformApplyCommand.read("terraform",
        List.of("-chdir=infra/prod", "destroy", "-auto-approve", "-target", "aws_db_instance.main", "-var=env=prod", "-input=false"));

    assertThat(c.directory()).contains("infra/prod");
    assertThat(c.destroy()).isTrue();
    assertThat(c.planOptions()).containsExactly("-target=aws_db_instance.main", "-var=env=prod");
    assertThat(c.planArguments()).containsExactly("-destroy", "-target=aws_db_instance.main", "-var=env=prod");
  }

  @Test
  void applyDashDestroyIsADestroyAndAPlainApplyIsNot() {
    assertThat(TerraformApplyCommand.read("tofu", List.of("apply", "-destroy")).destroy()).isTrue();
    assertThat(TerraformApplyCommand.read("terraform", List.of("apply")).planArguments()).isEmpty();
    assertThat(TerraformApplyCommand.read("terraform", List.of("apply")).directory()).isEmpty();
  }

  @Test
  void aSavedPlanFileAnotherSubcommandAnUnknownOptionAndLockFalseAreRefusedWithASentence() {
    assertThatThrownBy(() -> TerraformApplyCommand.read("terraform", List.of("apply", "destroy.tfplan")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("applies a saved plan file");
    assertThatThrownBy(() -> TerraformApplyCommand.read("terraform", List.of("state", "rm", "x")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("is not an apply or a destroy");
    assertThatThrownBy(() -> TerraformApplyCommand.read("terraform", List.of("apply", "-backup=old")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("'-backup=old'");
    assertThatThrownBy(() -> TerraformApplyCommand.read("terraform", List.of("apply", "-lock=false")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("state lock");
    assertThatThrownBy(() -> TerraformApplyCommand.read("terraform", List.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("needs apply or destroy");
    assertThatThrownBy(() -> TerraformApplyCommand.read("pulumi", List.of("up")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not terraform or tofu");
  }
}
