package dev.safeops.core.internal.rules;

import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.ResourceType;
import dev.safeops.core.ResourceType.AttributeCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code data.irrecoverable-loss}, CRITICAL: a resource deleted or replaced while its
 * backups go with it. Judged on the {@code before} values, which are what the provider acts
 * on when it destroys (a plan's end state is empty for a delete); absent attributes take the
 * provider's default, so a database delete that does not say otherwise loses its automated
 * backups. Types the catalog marks {@code backupsAlwaysLost} are lost whatever their
 * attributes say.
 */
public final class IrrecoverableLossRule implements DestroyRule {
  public static final String ID = "data.irrecoverable-loss";

  private final ResourceCatalog catalog;

  public IrrecoverableLossRule(ResourceCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Optional<Finding> judgeDestroyed(ResourceChange change, Operation operation) {
    return catalog.find(change.type()).flatMap(type -> check(change, type));
  }

  private static Optional<Finding> check(ResourceChange change, ResourceType type) {
    String what = change.address() + " would be " + Conditions.verb(change.action());
    if (type.backupsAlwaysLost()) {
      return Optional.of(new Finding(ID, Level.CRITICAL, change.address(), what + ", and a " + type.type()
          + " keeps no backup that outlives it: its data is lost for good unless an independent backup exists"));
    }
    List<AttributeCondition> conditions = type.backupsLostOnDelete();
    if (conditions.isEmpty()) {
      return Optional.empty();
    }
    List<String> shown = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (AttributeCondition condition : conditions) {
      Conditions.Reading reading = Conditions.before(change, condition);
      if (!Conditions.holds(condition, reading)) {
        return Optional.empty();
      }
      shown.add(Conditions.show(condition, reading));
      reasons.add(condition.description());
    }
    return Optional.of(new Finding(ID, Level.CRITICAL, change.address(), what + " with " + String.join(" and ", shown)
        + ": " + String.join(" and ", reasons) + ", so its data would be lost for good"));
  }
}
