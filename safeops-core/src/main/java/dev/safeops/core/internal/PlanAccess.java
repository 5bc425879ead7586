package dev.safeops.core.internal;

import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How code inside safeops builds a {@link Plan} the public builder cannot: over an immutable
 * list it owns (a big plan's changes without their attributes, read back from a spill file
 * as they are needed) and with its digest already known. {@link Plan} installs the only
 * instance when it is initialised; nothing outside safeops has a reason to call this.
 */
public abstract class PlanAccess {
  private static volatile PlanAccess instance;

  protected PlanAccess() {}

  /** The instance {@link Plan} installed. */
  public static PlanAccess get() {
    PlanAccess a = instance;
    if (a == null) {
      Plan.builder(); // initialises Plan, which installs the instance
      a = instance;
    }
    return Objects.requireNonNull(a, "Plan did not install its access");
  }

  /** Called once, by {@link Plan}'s initialiser. */
  public static synchronized void install(PlanAccess access) {
    if (instance != null) {
      throw new IllegalStateException("PlanAccess is installed already");
    }
    instance = Objects.requireNonNull(access, "access");
  }

  /**
   * A plan over {@code changes}, kept as they are (the caller promises the list never
   * changes), whose {@link Plan#digest()} is {@code digest}.
   */
  public abstract Plan plan(List<ResourceChange> changes, Map<String, String> bindings, Integer priorResourceCount,
      boolean knownToExist, String source, String digest);
}
