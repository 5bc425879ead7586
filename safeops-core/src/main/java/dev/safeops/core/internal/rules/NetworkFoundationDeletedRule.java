package dev.safeops.core.internal.rules;

import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.ResourceCategory;
import dev.safeops.core.ResourceChange;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code network.foundation-deleted}, HIGH: a VPC, subnet, gateway, route, load balancer or
 * other resource everything else stands on, deleted or replaced. A replacement counts: the
 * new one has new ids, addresses and DNS names, and whatever pointed at the old one breaks.
 */
public final class NetworkFoundationDeletedRule implements DestroyRule {
  public static final String ID = "network.foundation-deleted";

  private final ResourceCatalog catalog;

  public NetworkFoundationDeletedRule(ResourceCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Optional<Finding> judgeDestroyed(ResourceChange change, Operation operation) {
    if (catalog.category(change.type()) != ResourceCategory.NETWORK_FOUNDATION) {
      return Optional.empty();
    }
    return Optional.of(new Finding(ID, Level.HIGH, change.address(), change.address() + " (" + change.type()
        + ") would be " + Conditions.verb(change.action())
        + ": it is network foundation, so whatever runs in it or routes through it loses its network"));
  }
}
