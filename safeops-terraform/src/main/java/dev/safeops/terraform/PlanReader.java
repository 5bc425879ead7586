package dev.safeops.terraform;

import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Plan;
import dev.safeops.terraform.internal.PlanJson;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads the output of {@code terraform show -json PLANFILE} (or {@code tofu show -json}) into
 * a core {@link Plan}: one {@link dev.safeops.core.ResourceChange} per entry of {@code
 * resource_changes}, typed with the Terraform resource type, with {@code before}/{@code
 * after} attributes, the top-level attributes that are unknown until apply, and Terraform's
 * {@code action_reason}.
 *
 * <p>Actions: {@code ["create"]} CREATE, {@code ["update"]} UPDATE, {@code ["delete"]} DELETE,
 * {@code ["delete","create"]} and {@code ["create","delete"]} REPLACE, {@code ["read"]} READ,
 * {@code ["no-op"]} NO_OP, {@code ["forget"]} FORGET. Any list containing {@code delete} is a
 * deletion judged on its {@code before} values (DELETE, or REPLACE when it also creates). A
 * list this reader does not recognise (a future Terraform action) is read pessimistically as
 * REPLACE: the most destructive meaning, so every deletion rule judges its {@code before}
 * values, and nothing new can slip through as harmless; its action reason then starts with
 * {@code unrecognised terraform actions [...]}, which {@link TerraformRules#unrecognisedAction()}
 * turns into a HIGH finding.
 *
 * <p>Values Terraform marks sensitive ({@code before_sensitive}/{@code after_sensitive}) are
 * replaced by the string {@code (sensitive)}, so secrets never reach rules, approvers or the
 * audit trail. {@code resource_drift} is ignored: drift is not something apply will do.
 * {@link Plan#priorResourceCount()} counts the managed resource instances in {@code
 * prior_state}, and is 0 when {@code prior_state} is absent, which Terraform does exactly when
 * the prior state is empty.
 *
 * <p>Memory stays bounded: {@code resource_changes} is streamed one change at a time and
 * every other part of the document is skipped without being built; only the resulting plan
 * is held.
 *
 * <p>Input is read strictly, and whatever is refused is refused with an {@link
 * InvalidInputException} whose message is one sentence naming the input and, where it can,
 * the line and column: not JSON, trailing data after the top-level object, not a plan, an
 * errored plan; a key that appears twice in one object anywhere in the document (tools
 * disagree on which one counts); a value of the wrong JSON type ({@code "actions":{...}});
 * a {@code format_version} of a major version this reader does not know (a newer minor
 * version is read, with a warning through SLF4J); a number whose exponent no exact value can
 * hold; a saved plan file ({@code terraform plan -out}), with the {@code terraform show
 * -json} command that turns it into what this reader reads; a path that is not a regular
 * file (a FIFO or a device is refused at once rather than waited on).
 *
 * <p>Stateless and thread-safe.
 */
public interface PlanReader {

  /**
   * Reads a plan JSON file.
   *
   * @throws InvalidInputException when the file is missing, unreadable or not a valid plan
   */
  Plan read(Path planJson);

  /**
   * Reads plan JSON from a stream, which is not closed. {@code name} names the input in
   * messages and in {@link Plan#source()}.
   *
   * @throws InvalidInputException when the input is not a valid plan
   */
  Plan read(InputStream planJson, String name);

  /** The reader. */
  static PlanReader create() {
    return PlanJson.INSTANCE;
  }
}
