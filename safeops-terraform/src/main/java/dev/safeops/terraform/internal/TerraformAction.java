package dev.safeops.terraform.internal;

import dev.safeops.core.ApprovedExecution;
import dev.safeops.core.Environment;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.InvariantViolationException;
import dev.safeops.core.Plan;
import dev.safeops.core.Step;
import dev.safeops.terraform.ApplyResult;
import dev.safeops.terraform.CliResult;
import dev.safeops.terraform.GuardedTerraform;
import dev.safeops.terraform.PlanReader;
import dev.safeops.terraform.SavedPlan;
import dev.safeops.terraform.StateGuard;
import dev.safeops.terraform.StateGuardException;
import dev.safeops.terraform.StateReader;
import dev.safeops.terraform.TerraformCli;
import dev.safeops.terraform.TerraformException;
import dev.safeops.terraform.TerraformState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One guarded terraform apply or destroy; single-use. See GuardedTerraform for the contract. */
public final class TerraformAction implements GuardedAction<ApplyResult> {
  private static final Logger LOG = LoggerFactory.getLogger(TerraformAction.class);

  private final TerraformCli dryRunCli;
  private final TerraformCli applyCli;
  private final Environment environment;
  private final String workspace;
  private final StateGuard guard;
  private final PlanReader reader;
  private final boolean destroy;
  private final Path configuredPlanDirectory;
  private final List<String> planOptions;
  // A plan saved by an earlier process, to apply instead of the last dry run's file; null when none.
  private final SavedFile savedFile;

  private Path planDirectory;
  private int dryRuns;
  private int pulls;
  private Saved last;
  private Saved previous;
  private boolean executed;

  /** A plan file saved by an earlier process: its path, its SHA-256 and the digest it was approved as. */
  public record SavedFile(Path file, String sha256, String digest) {
    public SavedFile {
      file = file.toAbsolutePath().normalize();
    }
  }

  /** A plan file written by a dry run, with what it read to. */
  private record Saved(Path file, String sha256, Plan plan) {}

  public TerraformAction(TerraformCli dryRunCli, TerraformCli applyCli, Environment environment, String workspace,
      StateGuard guard, PlanReader reader, boolean destroy, Path planDirectory) {
    this(dryRunCli, applyCli, environment, workspace, guard, reader, destroy, planDirectory, List.of());
  }

  /** With {@code planOptions} passed to every {@code terraform plan} ({@link TerraformCli#plan(Path, boolean, List)}). */
  public TerraformAction(TerraformCli dryRunCli, TerraformCli applyCli, Environment environment, String workspace,
      StateGuard guard, PlanReader reader, boolean destroy, Path planDirectory, List<String> planOptions) {
    this(dryRunCli, applyCli, environment, workspace, guard, reader, destroy, planDirectory, planOptions, null);
  }

  /** Applying {@code saved} (written by an earlier process) instead of its last dry run's file; {@code saved} may be null. */
  public TerraformAction(TerraformCli dryRunCli, TerraformCli applyCli, Environment environment, String workspace,
      StateGuard guard, PlanReader reader, boolean destroy, Path planDirectory, List<String> planOptions, SavedFile saved) {
    this.savedFile = saved;
    this.planOptions = List.copyOf(planOptions);
    this.dryRunCli = dryRunCli;
    this.applyCli = applyCli;
    this.environment = environment;
    this.workspace = workspace;
    this.guard = guard;
    this.reader = reader;
    this.destroy = destroy;
    this.configuredPlanDirectory = planDirectory;
  }

  @Override
  public String scope() {
    return "terraform:" + workspace;
  }

  private String command() {
    return destroy ? "plan -destroy" : "plan";
  }

  @Override
  public synchronized Plan dryRun() throws IOException {
    Path dir = planDirectory();
    int n = ++dryRuns;
    Path planFile = dir.resolve("plan-" + n + ".tfplan");
    planFile.toFile().deleteOnExit();
    Saved saved = plan(planFile, dir.resolve("plan-" + n + ".json"));
    if (previous != null) {
      Files.deleteIfExists(previous.file());
    }
    previous = last;
    last = saved;
    return saved.plan();
  }

  /** A plan made into {@code planFile}, which this action neither tracks nor deletes: see GuardedTerraform#savePlan. */
  public synchronized SavedPlan saveTo(Path planFile) throws IOException {
    Path json = planDirectory().resolve("save-" + (++dryRuns) + ".json");
    try {
      Saved saved = plan(planFile, json);
      List<String> arguments = new ArrayList<>();
      if (destroy) {
        arguments.add("-destroy");
      }
      arguments.addAll(planOptions);
      return new SavedPlan(saved.plan(), saved.file(), saved.sha256(), arguments);
    } finally {
      discard();
    }
  }

  /** Backend and state checked, {@code plan -out=planFile}, hashed, read with {@code show -json} and bound. */
  private Saved plan(Path planFile, Path json) throws IOException {
    StateGuard.checkBackend(dryRunCli.workingDirectory(), environment);
    TerraformState state = pullState(dryRunCli, Step.DRY_RUN);
    guard.check(workspace, state, Step.DRY_RUN);
    dryRunCli.plan(planFile, destroy, planOptions);
    String sha = sha256(planFile);
    try {
      return new Saved(planFile, sha, read(dryRunCli, planFile, json, state));
    } finally {
      Files.deleteIfExists(json);
    }
  }

  private Plan read(TerraformCli cli, Path planFile, Path json, TerraformState state) {
    cli.showJson(planFile, json);
    Plan plan = reader.read(json);
    return guard.bind(plan.toBuilder()
        .binding(GuardedTerraform.COMMAND, command())
        .source("terraform " + command() + (planOptions.isEmpty() ? "" : " " + String.join(" ", planOptions))
            + " in " + workspace)
        .build(), workspace, state);
  }

  @Override
  public synchronized ApplyResult execute(Plan approved) throws IOException {
    if (executed) {
      throw new InvariantViolationException("TerraformAction.execute() was called a second time for workspace " + workspace
          + "; a guarded terraform " + (destroy ? "destroy" : "apply") + " executes at most once");
    }
    executed = true;
    try {
      return applyApproved(approved);
    } finally {
      discard();
    }
  }

  private ApplyResult applyApproved(Plan approved) throws IOException {
    ApprovedExecution running = ApprovedExecution.current().orElseThrow(() -> refuse(
        "terraform apply runs only inside an approved execution of the GuardedExecutor, and there is none on this thread"));
    if (!running.plan().digest().equals(approved.digest())) {
      throw refuse("the plan handed to execute() is not the plan the executor approved");
    }
    if (!running.operation().environment().equals(environment)) {
      throw refuse("the operation runs in " + running.operation().environment() + " but these Terraform actions were built for "
          + environment);
    }
    if (last == null || !last.plan().digest().equals(approved.digest())) {
      throw refuse("the last dry run did not produce the approved plan");
    }
    if (previous == null || !previous.plan().digest().equals(approved.digest())) {
      throw refuse("the approved plan was not confirmed by a second plan with the same digest");
    }
    if (savedFile != null && !savedFile.digest().equals(approved.digest())) {
      throw refuse("the approved plan " + approved.digest().substring(0, 12) + " is not the saved plan "
          + savedFile.digest().substring(0, Math.min(12, savedFile.digest().length())) + " (the changes or the state moved since it was saved)");
    }
    Path toApply = savedFile != null ? savedFile.file() : last.file();
    String expectedSha = savedFile != null ? savedFile.sha256() : last.sha256();
    if (!Files.isRegularFile(toApply)) {
      throw refuse("the saved plan file " + toApply + " is gone");
    }
    if (!sha256(toApply).equals(expectedSha)) {
      throw refuse("the saved plan file " + toApply + " changed after it was written");
    }
    Path json = last.file().resolveSibling("apply-check.json");
    TerraformState state = pullState(applyCli, Step.EXECUTE);
    guard.check(workspace, state, Step.EXECUTE);
    guard.requireBoundState(approved, state);
    Plan inFile;
    try {
      inFile = read(applyCli, toApply, json, state);
    } finally {
      Files.deleteIfExists(json);
    }
    if (!inFile.digest().equals(approved.digest())) {
      throw refuse("the saved plan file reads to digest " + inFile.digest().substring(0, 12) + ", not the approved "
          + approved.digest().substring(0, 12));
    }
    CliResult applied = applyCli.apply(toApply);
    TerraformState after = pullState(applyCli, Step.RESULT);
    guard.record(workspace, after);
    LOG.info("applied plan {} to workspace {}", approved.digest(), workspace);
    return new ApplyResult(approved.digest(), applied.stdout(), after.record());
  }

  private StateGuardException refuse(String why) {
    return new StateGuardException(Step.EXECUTE, "Refusing terraform apply in " + workspace + ": " + why + ".");
  }

  private TerraformState pullState(TerraformCli cli, Step step) throws IOException {
    Path file = planDirectory().resolve("state-" + (++pulls) + ".json");
    try {
      cli.statePull(file);
      try (InputStream in = Files.newInputStream(file)) {
        return StateReader.create().read(in, "the state of workspace " + workspace);
      }
    } catch (TerraformException e) {
      throw new StateGuardException(step, "Cannot read the state of workspace " + workspace + " with `state pull`, so it cannot be trusted: "
          + e.getMessage());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private Path planDirectory() throws IOException {
    if (planDirectory == null) {
      planDirectory = configuredPlanDirectory != null
          ? Files.createTempDirectory(Files.createDirectories(configuredPlanDirectory), "safeops-plan")
          : Files.createTempDirectory("safeops-plan");
      planDirectory.toFile().deleteOnExit();
    }
    return planDirectory;
  }

  /** Deletes the saved plan files: they may hold secrets, and must never be applied later. */
  public synchronized void discard() {
    try {
      for (Saved s : new Saved[] {previous, last}) {
        if (s != null) {
          Files.deleteIfExists(s.file());
        }
      }
      if (planDirectory != null) {
        Files.deleteIfExists(planDirectory);
      }
    } catch (IOException e) {
      LOG.warn("could not delete saved plan files in {}: {}", planDirectory, e.getMessage());
    }
  }

  static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      byte[] buf = new byte[1 << 16];
      while (in.read(buf) >= 0) {
        // reading feeds the digest
      }
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
