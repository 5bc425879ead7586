package dev.safeops.terraform;

import dev.safeops.core.Plan;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A Terraform plan saved to a file that outlives the process that made it ({@link
 * GuardedTerraform#savePlan}), so that people can approve it now and {@link
 * GuardedTerraform#applySaved} can apply exactly that file later.
 *
 * @param plan the plan as {@code terraform show -json} read it, bound to the workspace and state it was made against
 * @param file the saved plan file, absolute
 * @param sha256 lower-case hex SHA-256 of the file as it was written and read
 * @param planArguments the {@code terraform plan} arguments that made it ({@code -destroy} first for a destroy)
 */
public record SavedPlan(Plan plan, Path file, String sha256, List<String> planArguments) {
  public SavedPlan {
    Objects.requireNonNull(plan, "plan");
    file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    Objects.requireNonNull(sha256, "sha256");
    planArguments = List.copyOf(planArguments);
  }
}
