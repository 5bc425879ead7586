package dev.safeops.core.internal.rules;

import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code resource.unknown-deleted}, MEDIUM: a type the catalog does not know, deleted or
 * replaced. What it holds is unknown, so its deletion is never judged harmless.
 */
public final class UnknownTypeDeletedRule implements Rule {
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
  public List<Finding> evaluate(Plan plan, Operation operation) {
    List<Finding> findings = new ArrayList<>();
    for (ResourceChange change : plan.changes()) {
      if (change.action().destroys() && catalog.find(change.type()).isEmpty()) {
        findings.add(new Finding(ID, Level.MEDIUM, change.address(), change.address() + " would be "
            + Conditions.verb(change.action()) + ", and the resource catalog does not know what a " + change.type()
            + " holds, so its loss cannot be judged harmless"));
      }
    }
    return findings;
  }
}
