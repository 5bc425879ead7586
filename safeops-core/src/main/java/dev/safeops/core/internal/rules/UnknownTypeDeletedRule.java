package dev.safeops.core.internal.rules;

import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.ResourceChange;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code resource.unknown-deleted}, MEDIUM: a type the catalog does not know, deleted or
 * replaced. What it holds is unknown, so its deletion is never judged harmless.
 */
public final class UnknownTypeDeletedRule implements DestroyRule {
  public static final String ID = "resource.unknown-deleted";

  private final ResourceCatalog catalog;

  public UnknownTypeDeletedRule(ResourceCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Optional<Finding> judgeDestroyed(ResourceChange change, Operation operation) {
    if (catalog.find(change.type()).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(new Finding(ID, Level.MEDIUM, change.address(), change.address() + " would be "
        + Conditions.verb(change.action()) + ", and the resource catalog does not know what a " + change.type()
        + " holds, so its loss cannot be judged harmless"));
  }
}
