package dev.safeops.terraform;

import dev.safeops.terraform.internal.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the {@code terraform} or {@code tofu} binary in one working directory ({@code
 * -chdir}), with a given environment and a timeout per command, capturing its output.
 *
 * <p>It can only run what the guarded actions need, and nothing that changes infrastructure
 * without a saved plan: there is no {@code destroy} (a destroy is {@link #plan(Path, boolean)
 * plan -destroy} followed by {@link #apply(Path) apply} of that plan) and {@code apply} takes
 * a saved plan file, never {@code -auto-approve}. Consumers should not call {@link #apply}
 * themselves: the guarded actions of {@link GuardedTerraform} do, after every check.
 *
 * <p>Every command runs with {@code TF_IN_AUTOMATION=1} and {@code TF_INPUT=0}, {@code
 * -input=false} where Terraform accepts it, and {@code -no-color}. A missing binary, a
 * timeout (the process and its children are killed) or a non-zero exit throw {@link
 * TerraformException}. Captured stdout and stderr are capped at 1 MiB each; {@code show
 * -json} writes straight to a file. Immutable and thread-safe; commands on one working
 * directory should not run concurrently (Terraform's own state lock refuses that).
 */
public final class TerraformCli {
  private final String binary;
  private final Path workingDirectory;
  private final Map<String, String> environment;
  private final boolean inheritEnvironment;
  private final Duration timeout;

  private TerraformCli(Builder b) {
    this.binary = b.binary;
    this.workingDirectory = Objects.requireNonNull(b.workingDirectory, "workingDirectory").toAbsolutePath().normalize();
    this.environment = Map.copyOf(b.environment);
    this.inheritEnvironment = b.inheritEnvironment;
    this.timeout = b.timeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder().binary(binary).workingDirectory(workingDirectory).inheritEnvironment(inheritEnvironment).timeout(timeout);
    b.environment.putAll(environment);
    return b;
  }

  /** The same runner with another timeout. */
  public TerraformCli withTimeout(Duration timeout) {
    return toBuilder().timeout(timeout).build();
  }

  public String binary() {
    return binary;
  }

  public Path workingDirectory() {
    return workingDirectory;
  }

  public Duration timeout() {
    return timeout;
  }

  /** {@code terraform version}: also the way to learn whether the binary runs at all. */
  public CliResult version() {
    return run("version", List.of("version"), null);
  }

  /** {@code terraform init -input=false}: installs providers and configures the backend. */
  public CliResult init() {
    return run("init", List.of("init", "-input=false", "-no-color"), null);
  }

  /**
   * {@code terraform plan -input=false -out=PLANFILE [-destroy]}. Not free of side effects:
   * providers and external data sources run code while planning.
   */
  public CliResult plan(Path planFile, boolean destroy) {
    return plan(planFile, destroy, List.of());
  }

  /**
   * {@code terraform plan} as {@link #plan(Path, boolean)}, narrowed or parameterised by
   * {@code options}: only {@code -target=}, {@code -replace=}, {@code -var=}, {@code
   * -var-file=}, {@code -refresh=}, {@code -refresh-only}, {@code -parallelism=}, {@code
   * -lock-timeout=} and {@code -compact-warnings}, each in its {@code -name=value} form.
   *
   * @throws IllegalArgumentException naming the first other option (an {@code -out}, a
   *     {@code -lock=false} or a {@code -chdir} would undo what the guard relies on)
   */
  public CliResult plan(Path planFile, boolean destroy, List<String> options) {
    List<String> args = new ArrayList<>(List.of("plan", "-input=false", "-no-color", "-lock=true", "-out=" + absolute(planFile)));
    if (destroy) {
      args.add("-destroy");
    }
    for (String o : options) {
      checkPlanOption(o);
      args.add(o);
    }
    return run(destroy ? "plan -destroy" : "plan", args, null);
  }

  private static final List<String> PLAN_OPTIONS_WITH_VALUE = List.of("-target=", "-replace=", "-var=", "-var-file=",
      "-refresh=", "-parallelism=", "-lock-timeout=");

  private static void checkPlanOption(String option) {
    if (option == null) {
      throw new IllegalArgumentException("a terraform plan option is null");
    }
    // -no-color and -lock=true repeat what every plan already gets.
    if (option.equals("-refresh-only") || option.equals("-compact-warnings") || option.equals("-no-color")
        || option.equals("-lock=true")) {
      return;
    }
    for (String prefix : PLAN_OPTIONS_WITH_VALUE) {
      if (option.startsWith(prefix) && option.length() > prefix.length()) {
        return;
      }
    }
    throw new IllegalArgumentException("terraform plan option '" + option + "' is not one safeops passes on: use -target=, "
        + "-replace=, -var=, -var-file=, -refresh=, -refresh-only, -parallelism=, -lock-timeout= or -compact-warnings.");
  }

  /** {@code terraform show -json PLANFILE}, written to {@code json}. */
  public CliResult showJson(Path planFile, Path json) {
    return run("show -json", List.of("show", "-json", "-no-color", absolute(planFile)), absolute(json));
  }

  /**
   * {@code terraform state pull}, written to {@code stateFile}: the current state as a v4
   * state file, for every backend; blank when there is none.
   */
  public CliResult statePull(Path stateFile) {
    return run("state pull", List.of("state", "pull"), absolute(stateFile));
  }

  /**
   * {@code terraform apply -input=false PLANFILE}: applies exactly a saved plan, which
   * Terraform itself refuses when the state moved since it was made.
   *
   * @throws TerraformException when the plan file does not exist, or the apply fails
   */
  public CliResult apply(Path planFile) {
    if (!Files.isRegularFile(planFile)) {
      throw new TerraformException("terraform apply needs a saved plan file, and " + planFile + " is not one.");
    }
    return run("apply", List.of("apply", "-input=false", "-no-color", "-lock=true", absolute(planFile)), null);
  }

  private static String absolute(Path p) {
    return p.toAbsolutePath().normalize().toString();
  }

  private CliResult run(String what, List<String> args, String stdoutFile) {
    List<String> command = new ArrayList<>();
    command.add(binary);
    command.add("-chdir=" + workingDirectory);
    command.addAll(args);
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put("TF_IN_AUTOMATION", "1");
    env.put("TF_INPUT", "0");
    return Processes.run(binary + " " + what, command, workingDirectory, env, inheritEnvironment, timeout,
        stdoutFile == null ? null : Path.of(stdoutFile));
  }

  @Override
  public String toString() {
    return "TerraformCli[" + binary + " -chdir=" + workingDirectory + ", timeout " + timeout + "]";
  }

  /** Configures a {@link TerraformCli}; the working directory is required. */
  public static final class Builder {
    private String binary = "terraform";
    private Path workingDirectory;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private boolean inheritEnvironment = true;
    private Duration timeout = Duration.ofMinutes(30);

    private Builder() {}

    /** {@code terraform} (default), {@code tofu}, or a path to either. */
    public Builder binary(String binary) {
      Objects.requireNonNull(binary, "binary");
      if (binary.isBlank()) {
        throw new IllegalArgumentException("binary must not be blank");
      }
      this.binary = binary;
      return this;
    }

    /** The root module directory, passed as {@code -chdir}. */
    public Builder workingDirectory(Path workingDirectory) {
      this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
      return this;
    }

    /** Sets one environment variable for every command (credentials, TF_WORKSPACE, TF_VAR_*). */
    public Builder environment(String name, String value) {
      environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Whether commands also see this JVM's environment; default true. */
    public Builder inheritEnvironment(boolean inherit) {
      this.inheritEnvironment = inherit;
      return this;
    }

    /** How long one command may run before it is killed; default 30 minutes. */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    public TerraformCli build() {
      return new TerraformCli(this);
    }
  }
}
