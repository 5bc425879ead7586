package dev.safeops.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a later process needs to run a recorded request again, kept with the request and never
 * interpreted by safeops-core: the caller that proposed it (for example the command line)
 * reads it back when the request is applied. Immutable.
 */
public sealed interface Rerun permits Rerun.Nothing, Rerun.TerraformPlan, Rerun.Command {

  /** Nothing to keep: the program that proposed the request runs the operation again itself. */
  static Rerun nothing() {
    return Nothing.INSTANCE;
  }

  /** A saved Terraform plan: apply exactly {@code planFile} (whose SHA-256 is {@code planSha256}) in {@code workingDirectory}. */
  static Rerun terraformPlan(Path workingDirectory, Path planFile, String planSha256) {
    return new TerraformPlan(workingDirectory, planFile, planSha256, List.of());
  }

  /**
   * As {@link #terraformPlan(Path, Path, String)}, made (and to be made again, to check it still
   * holds) with {@code planArguments}, for example {@code [-destroy, -target=aws_db_instance.main]}.
   */
  static Rerun terraformPlan(Path workingDirectory, Path planFile, String planSha256, List<String> planArguments) {
    return new TerraformPlan(workingDirectory, planFile, planSha256, planArguments);
  }

  /** A command line to run again, word by word (for example an {@code aws} CLI call). */
  static Rerun command(List<String> argv) {
    return new Command(argv);
  }

  /** See {@link #nothing()}. */
  final class Nothing implements Rerun {
    static final Nothing INSTANCE = new Nothing();

    private Nothing() {}

    @Override
    public String toString() {
      return "Rerun.nothing()";
    }
  }

  /**
   * See {@link #terraformPlan}.
   *
   * @param workingDirectory where Terraform runs, absolute
   * @param planFile the saved plan, absolute
   * @param planSha256 lower-case hex SHA-256 of the plan file as it was evaluated
   * @param planArguments the arguments of the {@code terraform plan} that made it (for example
   *     {@code -destroy}, {@code -target=...}, {@code -var=...}); a re-plan uses the same ones
   */
  record TerraformPlan(Path workingDirectory, Path planFile, String planSha256, List<String> planArguments) implements Rerun {
    public TerraformPlan {
      workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory").toAbsolutePath().normalize();
      planFile = Objects.requireNonNull(planFile, "planFile").toAbsolutePath().normalize();
      Objects.requireNonNull(planSha256, "planSha256");
      if (!planSha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("planSha256 must be 64 lower-case hex digits, was '" + planSha256 + "'");
      }
      planArguments = List.copyOf(planArguments);
    }

    /** Without plan arguments: a plain {@code terraform plan}. */
    public TerraformPlan(Path workingDirectory, Path planFile, String planSha256) {
      this(workingDirectory, planFile, planSha256, List.of());
    }
  }

  /**
   * See {@link #command}.
   *
   * @param argv the program and its arguments, never empty
   */
  record Command(List<String> argv) implements Rerun {
    public Command {
      argv = List.copyOf(argv);
      if (argv.isEmpty()) {
        throw new IllegalArgumentException("a command needs at least the program name");
      }
    }
  }
}
