package dev.safeops.core.internal;

import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.Rule;
import java.util.List;

/** PLACEHOLDER until the default rules land. */
public final class DefaultRules {
  private DefaultRules() {}

  public static List<Rule> all(ResourceCatalog catalog, int massDeletionCount, double massDeletionShare, int massCreateCount) {
    return List.of();
  }
}
