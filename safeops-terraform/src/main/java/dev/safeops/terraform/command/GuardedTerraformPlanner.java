package dev.safeops.terraform.command;

import dev.safeops.core.Environment;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Plan;
import dev.safeops.core.StateLedger;
import dev.safeops.terraform.ApplyResult;
import dev.safeops.terraform.GuardedTerraform;
import dev.safeops.terraform.TerraformCli;
import dev.safeops.terraform.command.internal.PlannedActions;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The {@link TerraformPlanner} backed by safeops' own Terraform runner: an agent's {@code
 * terraform apply} or {@code destroy} becomes a {@link GuardedTerraform#apply(List)} or
 * {@link GuardedTerraform#destroy(List)} action in the directory the command names, so it is
 * planned with {@code plan -out} ({@code plan -destroy -out}), bound to the workspace and its
 * state, judged, approved, and then exactly the saved plan is applied; never a raw {@code
 * destroy} or {@code apply -auto-approve}.
 *
 * <p>The environment, state ledger and workspaces are configuration, never the agent's: the
 * command's {@code -chdir} or {@code cd} directory is resolved against {@link Builder#root},
 * and a directory outside it, computed at run time, or missing fails the dry run. The
 * environment must be the one the {@link dev.safeops.core.command.ToolGuard} runs its
 * operations in (the apply refuses another).
 *
 * <p>Between the executor's dry runs and its execution, the planner keeps each pending
 * action (its saved plan files) under the command's binary, directory and plan options, and
 * applies only the action whose last dry runs produced the approved digest; an approved
 * plan it no longer holds (applied already, or evicted after {@link Builder#maxPending}
 * newer commands) is refused, and nothing is applied. Thread-safe.
 */
public final class GuardedTerraformPlanner implements TerraformPlanner {
  private final Path root;
  private final BiFunction<String, Path, TerraformCli> cli;
  private final Function<Path, String> workspace;
  /** The guard for the root; every directory's guard is this one with its own CLI and workspace. */
  private final GuardedTerraform prototype;
  private final PlannedActions pending;

  private GuardedTerraformPlanner(Builder b) {
    this.root = Objects.requireNonNull(b.root, "root").toAbsolutePath().normalize();
    Environment environment = Objects.requireNonNull(b.environment, "environment");
    this.cli = b.cli;
    this.workspace = b.workspace != null ? b.workspace : dir -> {
      String relative = root.relativize(dir).toString().replace('\\', '/');
      return environment.name() + "/" + (relative.isEmpty() ? String.valueOf(root.getFileName()) : relative);
    };
    // build() copies the settings, so a builder used again later cannot change this planner.
    this.prototype = b.guard.cli(cli.apply("terraform", root)).build();
    this.pending = new PlannedActions(b.maxPending);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Plan plan(String binary, String workingDirectory, List<String> planArguments) throws Exception {
    Path dir = resolve(workingDirectory);
    boolean destroy = planArguments.contains("-destroy");
    List<String> options = planArguments.stream().filter(a -> !a.equals("-destroy")).toList();
    String key = binary + "\u0000" + dir + "\u0000" + destroy + "\u0000" + String.join("\u0000", options);
    return pending.dryRun(key, () -> {
      GuardedTerraform terraform = guarded(binary, dir);
      return destroy ? terraform.destroy(options) : terraform.apply(options);
    });
  }

  @Override
  public String apply(String binary, String workingDirectory, Plan approved) throws Exception {
    ApplyResult result = pending.execute(approved);
    StringBuilder b = new StringBuilder("safeops applied the approved plan ").append(approved.digest(), 0, 12)
        .append(" with `").append(binary).append(" apply` of its saved plan file");
    result.stateAfter().ifPresent(s -> b.append("; the state is now serial ").append(s.serial()));
    return b.append(".\n").append(result.output()).toString();
  }

  private GuardedTerraform guarded(String binary, Path dir) {
    return prototype.toBuilder().cli(cli.apply(binary, dir)).workspace(workspace.apply(dir)).build();
  }

  private Path resolve(String workingDirectory) {
    String d = workingDirectory == null || workingDirectory.isBlank() ? "." : workingDirectory;
    if (d.contains("$") || d.contains("`") || d.startsWith("~")) {
      throw new InvalidInputException("the terraform directory '" + d + "' is computed when the shell runs, so safeops "
          + "cannot tell which configuration it plans; write the directory out literally.");
    }
    Path dir;
    try {
      dir = root.resolve(d).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new InvalidInputException("the terraform directory '" + d + "' is not a valid path.");
    }
    if (!dir.startsWith(root)) {
      throw new InvalidInputException("the terraform directory '" + d + "' is outside " + root.getFileName()
          + ", the only tree this guard plans in.");
    }
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException("the terraform directory '" + d + "' does not exist under " + root.getFileName() + ".");
    }
    return dir;
  }

  /** Configures a {@link GuardedTerraformPlanner}: root, environment and state ledger are required. */
  public static final class Builder {
    private Path root;
    /** Also names the default workspaces. */
    private Environment environment;
    /** The guard settings every directory shares: environment, ledger, plan directory. */
    private final GuardedTerraform.Builder guard = GuardedTerraform.builder();
    private BiFunction<String, Path, TerraformCli> cli = (binary, dir) ->
        TerraformCli.builder().binary(binary).workingDirectory(dir).build();
    private Function<Path, String> workspace;
    private int maxPending = 32;

    private Builder() {}

    /** The directory the agent's shell starts in; every command's directory must be inside it. */
    public Builder root(Path root) {
      this.root = Objects.requireNonNull(root, "root");
      return this;
    }

    /** The environment the guarded operations run in: the {@link dev.safeops.core.command.ToolGuard}'s. */
    public Builder environment(Environment environment) {
      guard.environment(environment);
      this.environment = environment;
      return this;
    }

    /** Where lineage and serial per workspace are recorded ({@link StateLedger#file} for a durable one). */
    public Builder stateLedger(StateLedger ledger) {
      guard.stateLedger(ledger);
      return this;
    }

    /**
     * The runner for a command's binary ({@code terraform} or {@code tofu}) in a directory:
     * set the executable, environment and timeouts here. Default the binary from the PATH,
     * the JVM's environment and a 30-minute timeout.
     */
    public Builder cli(BiFunction<String, Path, TerraformCli> cli) {
      this.cli = Objects.requireNonNull(cli, "cli");
      return this;
    }

    /** The state-ledger key of a directory's workspace; default the environment name and the path under the root. */
    public Builder workspace(Function<Path, String> workspace) {
      this.workspace = Objects.requireNonNull(workspace, "workspace");
      return this;
    }

    /** Where saved plan files go; default a private temporary directory per action. */
    public Builder planDirectory(Path planDirectory) {
      guard.planDirectory(planDirectory);
      return this;
    }

    /** How many planned, not yet applied commands are kept (oldest dropped first, its plan files deleted); default 32. */
    public Builder maxPending(int maxPending) {
      if (maxPending < 1) {
        throw new IllegalArgumentException("maxPending must be at least 1, was " + maxPending);
      }
      this.maxPending = maxPending;
      return this;
    }

    /** @throws NullPointerException naming the first missing setting */
    public GuardedTerraformPlanner build() {
      return new GuardedTerraformPlanner(this);
    }
  }
}
