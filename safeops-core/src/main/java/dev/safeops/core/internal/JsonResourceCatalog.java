package dev.safeops.core.internal;

import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.ResourceType;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/** PLACEHOLDER until the catalog lands: knows no types. */
public final class JsonResourceCatalog implements ResourceCatalog {
  private final Map<String, ResourceType> types;

  private JsonResourceCatalog(Map<String, ResourceType> types) {
    this.types = types;
  }

  public static ResourceCatalog defaults() {
    return new JsonResourceCatalog(Map.of());
  }

  public static ResourceCatalog load(InputStream json) {
    return new JsonResourceCatalog(Map.of());
  }

  @Override
  public Optional<ResourceType> find(String type) {
    return Optional.ofNullable(types.get(type));
  }
}
