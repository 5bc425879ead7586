package dev.safeops.core.internal.rules;

import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.ResourceCategory;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code network.foundation-deleted}, HIGH: a VPC, subnet, gateway, route, load balancer or
 * other resource everything else stands on, deleted or replaced. A replacement counts: the
 * new one has new ids, addresses and DNS names, and whatever pointed at the old one breaks.
 */
public final class NetworkFoundationDeletedRule implements Rule {
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
  public List<Finding> evaluate(Plan plan, Operation operation) {
    List<Finding> findings = new ArrayList<>();
    for (ResourceChange change : plan.changes()) {
      if (change.action().destroys() && catalog.category(change.type()) == ResourceCategory.NETWORK_FOUNDATION) {
        findings.add(new Finding(ID, Level.HIGH, change.address(), change.address() + " (" + change.type()
            + ") would be " + Conditions.verb(change.action())
            + ": it is network foundation, so whatever runs in it or routes through it loses its network"));
      }
    }
    return findings;
  }
}
