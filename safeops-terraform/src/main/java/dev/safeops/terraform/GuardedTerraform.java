package dev.safeops.terraform;

import dev.safeops.core.Environment;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.Plan;
import dev.safeops.core.StateLedger;
import dev.safeops.terraform.internal.TerraformAction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Terraform {@code plan}, {@code apply} and {@code destroy} as {@link GuardedAction}s for the
 * core {@link dev.safeops.core.GuardedExecutor}. Each action is for one execution: build a new
 * one per operation.
 *
 * <p>The dry run, every time the executor asks for one (to evaluate, and again to verify):
 * <ol>
 *   <li>refuse a local backend outside DEVELOPMENT ({@link StateGuard#checkBackend});
 *   <li>{@code terraform state pull}, and refuse a state that was probably replaced ({@link StateGuard#check});
 *   <li>{@code terraform plan -out=FILE} ({@code -destroy} for a destroy) into a private temporary directory;
 *   <li>{@code terraform show -json FILE}, read by the {@link PlanReader};
 *   <li>bind the plan to the workspace, the state's lineage and serial and the command, and
 *       mark it known to exist when the ledger knows the workspace ({@link StateGuard#bind}).
 * </ol>
 *
 * <p>The execution of {@link #apply()} and {@link #destroy()} runs only inside an approved
 * execution of the executor, once, and applies the saved plan file of the last dry run only
 * when: that dry run re-planned to the approved digest; the file's SHA-256 is unchanged since
 * it was written; {@code show -json} of the file still reads to the approved digest; and the
 * current state is exactly the one the plan is bound to. Then {@code terraform apply FILE}
 * (never {@code -auto-approve}, never a raw {@code destroy}), then {@code state pull} and the
 * ledger moves forward. Any failed check throws, and nothing is applied.
 *
 * <p><b>{@code terraform plan} is not free of side effects.</b> Providers and external data
 * sources run arbitrary code while planning, with the credentials in the environment. Give
 * the dry run only what planning needs: the working directory, environment and timeout are
 * the consumer's ({@link TerraformCli.Builder}, {@link Builder#dryRunTimeout}).
 *
 * <p>Immutable and thread-safe; the actions it creates are single-use.
 */
public final class GuardedTerraform {
  /** Plan binding: the command that made the plan ({@code plan} or {@code plan -destroy}), so an approved apply is never a destroy. */
  public static final String COMMAND = "terraform.command";

  private final TerraformCli cli;
  private final Environment environment;
  private final String workspace;
  private final StateLedger ledger;
  private final StateGuard guard;
  private final PlanReader reader;
  private final Duration dryRunTimeout;
  private final Duration applyTimeout;
  private final Path planDirectory;
  /** The settings as given, so {@link #toBuilder} can apply the same defaults to another CLI. */
  private final Builder settings;

  private GuardedTerraform(Builder b) {
    this.cli = Objects.requireNonNull(b.cli, "cli");
    this.environment = Objects.requireNonNull(b.environment, "environment");
    this.ledger = Objects.requireNonNull(b.ledger, "stateLedger");
    this.guard = StateGuard.of(ledger);
    this.workspace = b.workspace != null ? b.workspace
        : environment.name() + "/" + cli.workingDirectory().getFileName();
    this.reader = b.reader;
    this.dryRunTimeout = b.dryRunTimeout == null ? cli.timeout() : b.dryRunTimeout;
    this.applyTimeout = b.applyTimeout == null ? cli.timeout() : b.applyTimeout;
    this.planDirectory = b.planDirectory;
    this.settings = b.copy();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A new builder with this guard's settings as they were given: set another {@link
   * Builder#cli} and {@link Builder#workspace} to guard another working directory with the
   * same environment, ledger, plan reader, timeouts and plan directory.
   */
  public Builder toBuilder() {
    return settings.copy();
  }

  /** The ledger key of the workspace these actions guard. */
  public String workspace() {
    return workspace;
  }

  /**
   * A plan whose execution applies nothing: for asking whether a change would pass (the
   * executor evaluates, decides and approves it) without changing anything. Its execution
   * returns the approved plan. The dry run runs {@code terraform plan}, which is not free of
   * side effects (see the class javadoc).
   */
  public GuardedAction<Plan> plan() {
    TerraformAction a = action(false);
    return GuardedAction.of(a.scope(), a::dryRun, approved -> {
      a.discard();
      return approved;
    });
  }

  /** {@code plan -out} then, once approved, {@code apply} of exactly that saved plan. */
  public GuardedAction<ApplyResult> apply() {
    return action(false);
  }

  /** {@code plan -destroy -out} then, once approved, {@code apply} of exactly that saved plan. */
  public GuardedAction<ApplyResult> destroy() {
    return action(true);
  }

  /**
   * {@link #apply()} with {@code planOptions} ({@code -target=}, {@code -var=}...; see {@link
   * TerraformCli#plan(Path, boolean, List)}) passed to every {@code terraform plan}.
   */
  public GuardedAction<ApplyResult> apply(List<String> planOptions) {
    return action(false, planOptions);
  }

  /** {@link #destroy()} with {@code planOptions} passed to every {@code terraform plan -destroy}. */
  public GuardedAction<ApplyResult> destroy(List<String> planOptions) {
    return action(true, planOptions);
  }

  /**
   * Makes the plan of {@code planArguments} ({@code -destroy} first for a destroy, then the
   * options of {@link #apply(List)}) and keeps it in {@code planFile}, for an apply by a later
   * process ({@link #applySaved}): the same checks as a dry run (backend, state pulled and
   * checked against the ledger, {@code plan -out}, {@code show -json}, bound to the workspace
   * and state), but the file is the caller's to keep and to delete. It may hold secrets: put it
   * where only its owner can read it.
   *
   * @throws StateGuardException when the backend or the state is refused
   * @throws TerraformException when terraform fails
   * @throws IOException when the file cannot be written or read
   */
  public SavedPlan savePlan(List<String> planArguments, Path planFile) throws IOException {
    boolean destroy = planArguments.contains("-destroy");
    List<String> options = planArguments.stream().filter(a -> !a.equals("-destroy")).toList();
    return action(destroy, options).saveTo(planFile);
  }

  /**
   * Applies a plan saved earlier by {@link #savePlan}, once approved: the dry run makes the plan
   * again with the same {@code planArguments}, and the execution applies {@code planFile} itself,
   * only when the approved plan is the saved one (digest {@code planDigest}: the same changes
   * against the same state), the file's SHA-256 is still {@code planSha256}, it reads to that
   * digest against the current state, and the state is exactly the one the plan is bound to.
   * Nothing deletes {@code planFile}: it is the caller's.
   */
  public GuardedAction<ApplyResult> applySaved(Path planFile, String planSha256, String planDigest, List<String> planArguments) {
    Objects.requireNonNull(planFile, "planFile");
    Objects.requireNonNull(planSha256, "planSha256");
    Objects.requireNonNull(planDigest, "planDigest");
    boolean destroy = planArguments.contains("-destroy");
    List<String> options = planArguments.stream().filter(a -> !a.equals("-destroy")).toList();
    return new TerraformAction(cli.withTimeout(dryRunTimeout), cli.withTimeout(applyTimeout), environment, workspace,
        guard, reader, destroy, planDirectory, options, new TerraformAction.SavedFile(planFile, planSha256, planDigest));
  }

  private TerraformAction action(boolean destroy) {
    return action(destroy, List.of());
  }

  private TerraformAction action(boolean destroy, List<String> planOptions) {
    return new TerraformAction(cli.withTimeout(dryRunTimeout), cli.withTimeout(applyTimeout), environment, workspace,
        guard, reader, destroy, planDirectory, planOptions);
  }

  /** Configures {@link GuardedTerraform}: the CLI, the environment and the state ledger are required. */
  public static final class Builder {
    private TerraformCli cli;
    private Environment environment;
    private StateLedger ledger;
    private String workspace;
    private PlanReader reader = PlanReader.create();
    private Duration dryRunTimeout;
    private Duration applyTimeout;
    private Path planDirectory;

    private Builder() {}

    public Builder cli(TerraformCli cli) {
      this.cli = Objects.requireNonNull(cli, "cli");
      return this;
    }

    /** The environment the operations run in; must be the one the {@link dev.safeops.core.Operation} names. */
    public Builder environment(Environment environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /** Where lineage and serial per workspace are recorded; use a durable one ({@link StateLedger#file}). */
    public Builder stateLedger(StateLedger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
      return this;
    }

    /**
     * The ledger key and lock scope of the workspace, e.g. {@code prod/network}; default the
     * environment name and the working directory's name.
     */
    public Builder workspace(String workspace) {
      Objects.requireNonNull(workspace, "workspace");
      if (workspace.isBlank()) {
        throw new IllegalArgumentException("workspace must not be blank");
      }
      this.workspace = workspace;
      return this;
    }

    public Builder planReader(PlanReader reader) {
      this.reader = Objects.requireNonNull(reader, "reader");
      return this;
    }

    /** Timeout of each command of the dry run (state pull, plan, show); default the CLI's. */
    public Builder dryRunTimeout(Duration timeout) {
      this.dryRunTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Timeout of the apply; default the CLI's. */
    public Builder applyTimeout(Duration timeout) {
      this.applyTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Where saved plan files go (they may hold secrets); default a fresh private temporary directory per action. */
    public Builder planDirectory(Path directory) {
      this.planDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    public GuardedTerraform build() {
      return new GuardedTerraform(this);
    }

    private Builder copy() {
      Builder b = new Builder();
      b.cli = cli;
      b.environment = environment;
      b.ledger = ledger;
      b.workspace = workspace;
      b.reader = reader;
      b.dryRunTimeout = dryRunTimeout;
      b.applyTimeout = applyTimeout;
      b.planDirectory = planDirectory;
      return b;
    }
  }
}
