package dev.safeops.core.internal;

import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.Rule;
import dev.safeops.core.internal.rules.DataStoreDeletedRule;
import dev.safeops.core.internal.rules.EmptyStateMassCreateRule;
import dev.safeops.core.internal.rules.IrrecoverableLossRule;
import dev.safeops.core.internal.rules.MassDeletionRule;
import dev.safeops.core.internal.rules.NetworkFoundationDeletedRule;
import dev.safeops.core.internal.rules.ProtectionRemovedRule;
import dev.safeops.core.internal.rules.ResourceDeletedRule;
import dev.safeops.core.internal.rules.UnknownTypeDeletedRule;
import java.util.List;
import java.util.Objects;

/**
 * The default rules of {@link dev.safeops.core.BlastRadiusEvaluator}, over one catalog. Every
 * rule is stateless and thread-safe; a deletion is any DELETE or REPLACE.
 */
public final class DefaultRules {
  private DefaultRules() {}

  public static List<Rule> all(ResourceCatalog catalog, int massDeletionCount, double massDeletionShare, int massCreateCount) {
    Objects.requireNonNull(catalog, "catalog");
    return List.of(
        new IrrecoverableLossRule(catalog),
        new DataStoreDeletedRule(catalog),
        new ProtectionRemovedRule(catalog),
        new MassDeletionRule(massDeletionCount, massDeletionShare),
        new NetworkFoundationDeletedRule(catalog),
        new EmptyStateMassCreateRule(massCreateCount),
        new UnknownTypeDeletedRule(catalog),
        new ResourceDeletedRule(catalog));
  }
}
