package dev.safeops.core.internal.rules;

import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.ResourceChange;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code data.store-deleted}, HIGH: a data store deleted or replaced. Backups (and the
 * settings resources that keep data recoverable) and encryption keys count too: losing the
 * backup or the key loses the data as surely as losing the store.
 */
public final class DataStoreDeletedRule implements DestroyRule {
  public static final String ID = "data.store-deleted";

  private final ResourceCatalog catalog;

  public DataStoreDeletedRule(ResourceCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Optional<Finding> judgeDestroyed(ResourceChange change, Operation operation) {
    String why = switch (catalog.category(change.type())) {
      case DATA_STORE -> ", and the data it holds goes with it";
      case BACKUP -> ", and the backups or the backup protection it provides go with it";
      case ENCRYPTION_KEY -> ": data encrypted under it becomes unreadable once the key's deletion window ends";
      default -> null;
    };
    if (why == null) {
      return Optional.empty();
    }
    String what = change.address() + " (" + change.type() + ") would be " + Conditions.verb(change.action());
    return Optional.of(new Finding(ID, Level.HIGH, change.address(), what + why));
  }
}
