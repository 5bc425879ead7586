package dev.safeops.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.safeops.core.Environment;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Plan;
import dev.safeops.core.StateLedger;
import dev.safeops.core.StateRecord;
import dev.safeops.core.Step;
import dev.safeops.core.Tier;
import dev.safeops.terraform.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Catches a swapped Terraform state, with a {@link StateLedger} that remembers each
 * workspace's lineage and serial after every guarded apply.
 *
 * <ul>
 *   <li>{@link #check} (before plan and before apply): a lineage other than the recorded one,
 *       or a serial lower than the recorded one, is refused with a message naming both and
 *       saying the state was probably replaced. An empty state where the ledger knows the
 *       workspace is distrusted the same way: Terraform itself lets anything overwrite an
 *       empty state.
 *   <li>{@link #bind}: puts the workspace, lineage and serial into the plan's bindings, which
 *       are part of its digest, so an approval holds only for the state it was planned
 *       against; and sets {@link Plan#knownToExist()} from the ledger, so the core's
 *       empty-state mass-create rule fires.
 *   <li>{@link #requireBoundState}: before apply, the current state must be exactly the one
 *       the approved plan is bound to.
 *   <li>{@link #record}: after an apply, moves the ledger forward.
 *   <li>{@link #checkBackend}: a local backend (the state on one machine) is refused outside
 *       {@link Tier#DEVELOPMENT}.
 * </ul>
 *
 * Thread-safe when the ledger is. Refusals throw {@link StateGuardException}; a ledger that
 * cannot answer throws {@link dev.safeops.core.StoreException}, which refuses too.
 */
public final class StateGuard {
  /** Plan binding: the ledger key of the workspace. */
  public static final String WORKSPACE = "terraform.workspace";
  /** Plan binding: the lineage of the state planned against, {@code none} when there was none. */
  public static final String LINEAGE = "terraform.state.lineage";
  /** Plan binding: the serial of the state planned against, {@code none} when there was none. */
  public static final String SERIAL = "terraform.state.serial";

  private static final String NONE = "none";
  private final StateLedger ledger;

  private StateGuard(StateLedger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  public static StateGuard of(StateLedger ledger) {
    return new StateGuard(ledger);
  }

  /**
   * Refuses a state that is not the continuation of the one recorded for {@code workspace}.
   *
   * @throws StateGuardException when the state was probably replaced, or carries no lineage
   */
  public void check(String workspace, TerraformState current, Step step) {
    Optional<StateRecord> known = ledger.find(workspace);
    if (current.format() == TerraformState.Format.SHOW_JSON) {
      throw new StateGuardException(step, "The state of workspace " + workspace
          + " was read from `terraform show -json`, which carries no lineage or serial; read it with `terraform state pull`.");
    }
    if (known.isEmpty()) {
      return;
    }
    StateRecord was = known.get();
    Optional<StateRecord> now = current.record();
    if (now.isEmpty() || current.isEmpty()) {
      throw new StateGuardException(step, "The state of workspace " + workspace + " is empty"
          + now.map(r -> " (lineage " + r.lineage() + ", serial " + r.serial() + ")").orElse("")
          + " but safeops recorded lineage " + was.lineage() + " at serial " + was.serial()
          + " after the last guarded apply: the state was probably replaced or lost, and Terraform lets anything overwrite an empty state, so nothing is planned or applied against it.");
    }
    StateRecord is = now.get();
    if (!is.lineage().equals(was.lineage())) {
      throw new StateGuardException(step, "The state of workspace " + workspace + " has lineage " + is.lineage()
          + " (serial " + is.serial() + ") but safeops recorded lineage " + was.lineage() + " (serial " + was.serial()
          + ") after the last guarded apply: the state was probably replaced by another state file, so nothing is planned or applied against it.");
    }
    if (is.serial() < was.serial()) {
      throw new StateGuardException(step, "The state of workspace " + workspace + " is at serial " + is.serial()
          + " of lineage " + is.lineage() + ", lower than serial " + was.serial()
          + " recorded after the last guarded apply: the state was probably replaced by an older copy, so nothing is planned or applied against it.");
    }
  }

  /** The plan bound to the workspace and state it was made against, with knownToExist from the ledger. */
  public Plan bind(Plan plan, String workspace, TerraformState state) {
    Optional<StateRecord> r = state.record();
    return plan.toBuilder()
        .binding(WORKSPACE, workspace)
        .binding(LINEAGE, r.map(StateRecord::lineage).orElse(NONE))
        .binding(SERIAL, r.map(s -> Long.toString(s.serial())).orElse(NONE))
        .knownToExist(ledger.find(workspace).isPresent())
        .build();
  }

  /**
   * Refuses to apply {@code approved} unless {@code current} is exactly the state it was bound to.
   *
   * @throws StateGuardException naming both states
   */
  public void requireBoundState(Plan approved, TerraformState current) {
    String lineage = approved.bindings().get(LINEAGE);
    String serial = approved.bindings().get(SERIAL);
    if (lineage == null || serial == null) {
      throw new StateGuardException(Step.EXECUTE, "The approved plan is not bound to a Terraform state, so safeops cannot tell what it would be applied to.");
    }
    // Derived exactly as bind() derives them: a serial without a lineage (a remote backend's
    // not-yet-written state) is no state, on both sides.
    Optional<StateRecord> now = current.record();
    String nowLineage = now.map(StateRecord::lineage).orElse(NONE);
    String nowSerial = now.map(r -> Long.toString(r.serial())).orElse(NONE);
    if (!lineage.equals(nowLineage) || !serial.equals(nowSerial)) {
      throw new StateGuardException(Step.EXECUTE, "The plan was approved against state lineage " + lineage + " serial " + serial
          + " but the state is now lineage " + nowLineage + " serial " + nowSerial
          + ": the approval does not hold for another state, so nothing was applied.");
    }
  }

  /**
   * Records the state after a guarded apply.
   *
   * @throws StateGuardException when the ledger refuses (another writer moved it, or the state went backwards)
   */
  public void record(String workspace, TerraformState after) {
    Optional<StateRecord> r = after.record();
    if (r.isEmpty()) {
      return;
    }
    if (!ledger.advance(workspace, r.get())) {
      throw new StateGuardException(Step.RESULT, "The state ledger refused to record lineage " + r.get().lineage()
          + " serial " + r.get().serial() + " for workspace " + workspace + ": another lineage or a higher serial is recorded.");
    }
  }

  /** What the ledger knows about the workspace. */
  public Optional<StateRecord> recorded(String workspace) {
    return ledger.find(workspace);
  }

  /**
   * Refuses a local backend outside {@link Tier#DEVELOPMENT}: the backend recorded by {@code
   * terraform init} in {@code .terraform/terraform.tfstate} (absent means the default local
   * backend), and a non-empty local {@code terraform.tfstate} in the working directory, which
   * is a state on one machine whatever the backend says.
   *
   * @throws StateGuardException when refused
   */
  public static void checkBackend(Path workingDirectory, Environment environment) {
    if (environment.tier() == Tier.DEVELOPMENT) {
      return;
    }
    String backend = backendType(workingDirectory);
    String where = environment.name() + " (" + environment.tier() + ")";
    if (backend.equals("local")) {
      throw new StateGuardException(Step.DRY_RUN, "The Terraform configuration in " + workingDirectory
          + " uses the local backend, which keeps the state on one machine; safeops refuses it in " + where
          + ": configure a remote backend with locking.");
    }
    Path localState = workingDirectory.resolve("terraform.tfstate");
    try {
      if (Files.isRegularFile(localState) && Files.size(localState) > 0) {
        throw new StateGuardException(Step.DRY_RUN, "A local state file " + localState + " lies next to the " + backend
            + " backend; safeops refuses it in " + where + " because a stray local state is how an old state gets applied: move it away.");
      }
    } catch (IOException e) {
      throw new StateGuardException(Step.DRY_RUN, "Cannot read " + localState + ": " + e.getMessage() + ".");
    }
  }

  /** The backend type {@code terraform init} recorded; {@code local} when none was. */
  static String backendType(Path workingDirectory) {
    Path file = workingDirectory.resolve(".terraform").resolve("terraform.tfstate");
    if (!Files.isRegularFile(file)) {
      return "local";
    }
    try {
      JsonNode root = Json.mapper().readTree(file.toFile());
      String type = root == null ? "" : root.path("backend").path("type").asText("");
      return type.isEmpty() ? "local" : type;
    } catch (IOException e) {
      throw new InvalidInputException("The backend file " + file + " is not valid JSON: " + e.getMessage().split("\n", 2)[0] + ".", e);
    }
  }
}
