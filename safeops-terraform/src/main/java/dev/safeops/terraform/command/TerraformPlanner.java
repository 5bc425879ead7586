package dev.safeops.terraform.command;

import dev.safeops.core.Plan;
import java.util.List;

/**
 * What {@link TerraformGuardedActions} needs from a Terraform runner: make a saved plan and
 * read it, and apply exactly a saved plan. Wire it to safeops' Terraform runner (or your
 * own); implementations must not apply anything in {@link #plan}.
 */
public interface TerraformPlanner {

  /**
   * Runs {@code terraform plan -out=...} with {@code planArguments} (for example
   * {@code [-destroy, -target=aws_db_instance.main]}) in {@code workingDirectory} and returns
   * the plan it saved, read from {@code terraform show -json}.
   *
   * @param binary {@code terraform} or {@code tofu}
   * @param workingDirectory the directory ({@code -chdir} or {@code cd}), or {@code .}
   */
  Plan plan(String binary, String workingDirectory, List<String> planArguments) throws Exception;

  /** Applies the saved plan whose digest is {@code approved}'s, and nothing else; returns terraform's output. */
  String apply(String binary, String workingDirectory, Plan approved) throws Exception;
}
