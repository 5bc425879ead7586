package dev.safeops.aws.internal;

import dev.safeops.aws.OperationCatalog;
import dev.safeops.aws.OperationClass;

/** PLACEHOLDER: verb tiers only, until the full catalog with its exceptions lands. */
public final class VerbTierCatalog implements OperationCatalog {
  public static final VerbTierCatalog DEFAULT = new VerbTierCatalog();

  @Override
  public Classification classify(String service, String operation) {
    if (operation.matches("^(Describe|List|Get|Head).*")) {
      return new Classification(service, operation, OperationClass.READ, "read verb");
    }
    if (operation.matches("^(Delete|Terminate|Remove|Deregister|Purge|Revoke).*")) {
      return new Classification(service, operation, OperationClass.DESTRUCTIVE, "destructive verb");
    }
    return new Classification(service, operation, OperationClass.MUTATING, "neither a read nor a destructive verb");
  }
}
