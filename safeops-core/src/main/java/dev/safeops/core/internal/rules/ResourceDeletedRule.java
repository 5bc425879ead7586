package dev.safeops.core.internal.rules;

import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.ResourceCategory;
import dev.safeops.core.ResourceChange;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code resource.deleted}, LOW: a known compute, identity, DNS or other resource deleted or
 * replaced. The other rules judge data stores, backups, keys, network foundations and
 * unknown types; this one keeps every other destroy from passing as {@code NONE}, so that in
 * production even an ordinary delete is seen by a second person.
 */
public final class ResourceDeletedRule implements DestroyRule {
  public static final String ID = "resource.deleted";
  private static final Set<ResourceCategory> ORDINARY =
      Set.of(ResourceCategory.COMPUTE, ResourceCategory.IDENTITY, ResourceCategory.DNS, ResourceCategory.OTHER);

  private final ResourceCatalog catalog;

  public ResourceDeletedRule(ResourceCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Optional<Finding> judgeDestroyed(ResourceChange change, Operation operation) {
    ResourceCategory category = catalog.category(change.type());
    if (!ORDINARY.contains(category)) {
      return Optional.empty();
    }
    return Optional.of(new Finding(ID, Level.LOW, change.address(), change.address() + " (" + change.type()
        + ", " + Conditions.lower(category) + ") would be " + Conditions.verb(change.action())
        + "; it holds no data the catalog knows of, so the loss is limited to what runs on it"));
  }
}
