package dev.safeops.core;

import dev.safeops.core.internal.JsonResourceCatalog;
import java.io.InputStream;
import java.util.Optional;

/**
 * Which resource types hold data, are network foundations, keys, identities and so on, and
 * which attributes protect them. Data, not code: the default catalog is JSON shipped in the
 * jar ({@code dev/safeops/core/resource-catalog.json}) covering the most used AWS Terraform
 * types with their CloudFormation/SDK aliases and the main GCP and Azure data stores;
 * consumers extend it with their own JSON in the same format. Thread-safe and immutable.
 */
public interface ResourceCatalog {

  /** The entry for a type or one of its aliases. */
  Optional<ResourceType> find(String type);

  /** The category of a type, {@link ResourceCategory#UNKNOWN} when the catalog does not know it. */
  default ResourceCategory category(String type) {
    return find(type).map(ResourceType::category).orElse(ResourceCategory.UNKNOWN);
  }

  /** A catalog in which {@code overrides} wins for every type it names. */
  default ResourceCatalog withOverrides(ResourceCatalog overrides) {
    ResourceCatalog base = this;
    return type -> overrides.find(type).or(() -> base.find(type));
  }

  /** The catalog shipped with safeops. */
  static ResourceCatalog defaults() {
    return JsonResourceCatalog.defaults();
  }

  /**
   * Reads a catalog in the shipped JSON format.
   *
   * @throws InvalidInputException naming the entry when the JSON is malformed
   */
  static ResourceCatalog load(InputStream json) {
    return JsonResourceCatalog.load(json);
  }
}
