package dev.safeops.core.internal.rules;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.ResourceCategory;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.ResourceType;
import dev.safeops.core.ResourceType.AttributeCondition;
import dev.safeops.core.Tier;
import dev.safeops.core.internal.ChangeRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code protection.removed}, HIGH, in three shapes:
 * <ul>
 *   <li>an update that switches a protection off (deletion or termination protection,
 *       versioning, point-in-time recovery, a final snapshot...). A protection absent after
 *       the update takes the provider's default; one unknown until apply counts as off,
 *       since nothing guarantees it stays on;
 *   <li>a delete of a backup-settings resource whose protection was on, since deleting such
 *       a resource (an S3 bucket's versioning, a delete lock) switches the protection off (a
 *       replaced one is judged like an update, on its planned values);
 *   <li>in production, a data store deleted or replaced while any of its protections is off:
 *       the protection that would have stopped the delete, or kept its data, was not there.
 * </ul>
 */
public final class ProtectionRemovedRule implements ChangeRule {
  public static final String ID = "protection.removed";

  private final ResourceCatalog catalog;

  public ProtectionRemovedRule(ResourceCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  @Override
  public String id() {
    return ID;
  }

  /** Each change is judged on its own attributes and the operation's tier. */
  @Override
  public void judge(ResourceChange change, Operation operation, List<Finding> findings) {
    ResourceType type = catalog.find(change.type()).orElse(null);
    if (type == null || type.protections().isEmpty()) {
      return;
    }
    boolean setting = type.category() == ResourceCategory.BACKUP;
    // A replaced settings resource comes back with its planned values: judge it as an update.
    if (change.action() == ChangeAction.UPDATE || (setting && change.action() == ChangeAction.REPLACE)) {
      switchedOff(change, type, findings);
    } else if (setting && change.action() == ChangeAction.DELETE) {
      settingDeleted(change, type, findings);
    }
    if (operation.environment().tier() == Tier.PRODUCTION && change.action().destroys()
        && type.category() == ResourceCategory.DATA_STORE) {
      unprotectedDelete(change, type, findings);
    }
  }

  private static void switchedOff(ResourceChange change, ResourceType type, List<Finding> findings) {
    for (AttributeCondition protection : type.protections()) {
      Conditions.Reading before = Conditions.before(change, protection);
      if (!Conditions.holds(protection, before)) {
        continue;
      }
      Conditions.Reading after = Conditions.after(change, protection);
      if (!Conditions.holds(protection, after)) {
        findings.add(new Finding(ID, Level.HIGH, change.address(), change.address() + " would switch off "
            + protection.description() + " (" + protection.path() + ": " + Conditions.showValue(before) + " -> "
            + Conditions.showValue(after) + "), leaving it open to deletion or loss"));
      }
    }
  }

  private static void settingDeleted(ResourceChange change, ResourceType type, List<Finding> findings) {
    for (AttributeCondition protection : type.protections()) {
      Conditions.Reading before = Conditions.before(change, protection);
      if (Conditions.holds(protection, before)) {
        findings.add(new Finding(ID, Level.HIGH, change.address(), change.address() + " would be deleted, which switches off "
            + protection.description() + " (" + Conditions.show(protection, before) + " until now)"));
      }
    }
  }

  private static void unprotectedDelete(ResourceChange change, ResourceType type, List<Finding> findings) {
    List<String> off = new ArrayList<>();
    for (AttributeCondition protection : type.protections()) {
      Conditions.Reading before = Conditions.before(change, protection);
      if (!Conditions.holds(protection, before)) {
        off.add(protection.description() + " is off (" + Conditions.show(protection, before) + ")");
      }
    }
    if (!off.isEmpty()) {
      findings.add(new Finding(ID, Level.HIGH, change.address(), change.address() + " would be "
          + Conditions.verb(change.action()) + " in production although " + String.join(", ", off)
          + ": the protection it lacks would have stopped the delete or kept its data"));
    }
  }
}
