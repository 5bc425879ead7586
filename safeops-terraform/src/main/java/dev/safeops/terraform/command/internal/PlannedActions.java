package dev.safeops.terraform.command.internal;

import dev.safeops.core.GuardedAction;
import dev.safeops.core.Plan;
import dev.safeops.core.Step;
import dev.safeops.terraform.ApplyResult;
import dev.safeops.terraform.StateGuardException;
import dev.safeops.terraform.internal.TerraformAction;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The guarded Terraform actions between their dry runs and their execution. The planner
 * interface hands the apply only the approved plan, so the action that saved that plan is
 * found by its digest; the dry runs of one command reuse one action (keyed by binary,
 * directory and options), because an action applies only a plan its last two dry runs
 * produced. Bounded: the oldest pending action is dropped, its plan files deleted.
 */
public final class PlannedActions {
  private final int max;
  private final LinkedHashMap<String, Pending> byKey = new LinkedHashMap<>();
  private final Map<String, Pending> byDigest = new HashMap<>();

  private static final class Pending {
    final String key;
    final GuardedAction<ApplyResult> action;
    boolean taken;

    Pending(String key, GuardedAction<ApplyResult> action) {
      this.key = key;
      this.action = action;
    }
  }

  public PlannedActions(int max) {
    this.max = max;
  }

  /** Dry-runs the pending action for {@code key}, creating it with {@code create} when there is none. */
  public Plan dryRun(String key, Supplier<GuardedAction<ApplyResult>> create) throws Exception {
    Pending p;
    synchronized (this) {
      p = byKey.get(key);
      if (p == null || p.taken) {
        p = new Pending(key, create.get());
        byKey.put(key, p);
        evict();
      }
    }
    // Planning can take minutes: not under the lock. One action serialises its own dry runs.
    Plan plan = p.action.dryRun();
    synchronized (this) {
      if (!p.taken) {
        byDigest.put(plan.digest(), p);
      }
    }
    return plan;
  }

  /** Applies the action whose dry runs produced {@code approved}, once. */
  public ApplyResult execute(Plan approved) throws Exception {
    Pending p;
    synchronized (this) {
      p = byDigest.remove(approved.digest());
      if (p == null || p.taken) {
        throw new StateGuardException(Step.EXECUTE, "Refusing terraform apply: safeops holds no saved plan with digest "
            + approved.digest().substring(0, 12) + " (it was applied already or dropped); nothing was applied. Run the "
            + "command again to make and approve a new plan.");
      }
      p.taken = true;
      byKey.remove(p.key, p);
      byDigest.values().removeIf(other -> other == p);
    }
    return p.action.execute(approved);
  }

  private void evict() {
    Iterator<Pending> oldest = byKey.values().iterator();
    while (byKey.size() > max && oldest.hasNext()) {
      Pending p = oldest.next();
      oldest.remove();
      byDigest.values().removeIf(other -> other == p);
      if (p.action instanceof TerraformAction t) {
        t.discard();
      }
    }
  }
}
