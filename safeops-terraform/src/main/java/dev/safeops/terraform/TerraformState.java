package dev.safeops.terraform;

import dev.safeops.core.StateRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A Terraform state as read by {@link StateReader}: its resource instances and, when the
 * source carries them, its lineage and serial.
 *
 * <p>Only a state file itself (format {@link Format#STATE_V4}: the local {@code
 * terraform.tfstate}, or {@code terraform state pull}, which works for every backend) carries
 * lineage and serial. {@code terraform show -json} output ({@link Format#SHOW_JSON}) does not:
 * for it {@link #lineage()}, {@link #serial()} and {@link #record()} are empty, and the state
 * guard cannot use it. {@link Format#NONE} is the absence of any state (empty output of {@code
 * state pull}). Immutable.
 */
public final class TerraformState {

  /** Where a state came from. */
  public enum Format { STATE_V4, SHOW_JSON, NONE }

  private final Format format;
  private final String lineage;
  private final Long serial;
  private final String terraformVersion;
  private final List<StateResource> resources;

  public TerraformState(Format format, String lineage, Long serial, String terraformVersion, List<StateResource> resources) {
    this.format = Objects.requireNonNull(format, "format");
    this.lineage = lineage == null || lineage.isEmpty() ? null : lineage;
    this.serial = serial;
    this.terraformVersion = terraformVersion == null ? "" : terraformVersion;
    this.resources = List.copyOf(resources);
  }

  /** No state at all: what {@code terraform state pull} prints for a workspace never applied. */
  public static TerraformState none() {
    return new TerraformState(Format.NONE, null, null, "", List.of());
  }

  public Format format() {
    return format;
  }

  /** The state's lineage; empty for {@code show -json} output and for no state. */
  public Optional<String> lineage() {
    return Optional.ofNullable(lineage);
  }

  /** The state's serial; empty for {@code show -json} output and for no state. */
  public OptionalLong serial() {
    return serial == null ? OptionalLong.empty() : OptionalLong.of(serial);
  }

  /** Lineage and serial together, when the source carries both. */
  public Optional<StateRecord> record() {
    return lineage == null || serial == null ? Optional.empty() : Optional.of(new StateRecord(lineage, serial));
  }

  /** The Terraform version that wrote the state; empty when unknown. */
  public String terraformVersion() {
    return terraformVersion;
  }

  /** Every resource instance, managed and data. */
  public List<StateResource> resources() {
    return resources;
  }

  /** How many managed resource instances the state holds. */
  public int managedCount() {
    return (int) resources.stream().filter(StateResource::managed).count();
  }

  /** True when the state manages nothing: Terraform would let any plan overwrite it. */
  public boolean isEmpty() {
    return managedCount() == 0;
  }

  @Override
  public String toString() {
    return "TerraformState[" + format + (lineage == null ? "" : " lineage " + lineage + " serial " + serial)
        + ", " + managedCount() + " managed]";
  }
}
