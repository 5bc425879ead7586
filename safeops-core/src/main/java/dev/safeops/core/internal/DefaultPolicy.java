package dev.safeops.core.internal;

import dev.safeops.core.BlastRadius;
import dev.safeops.core.Decision;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Policy;
import dev.safeops.core.Tier;

/** The default policy table of the design; see {@link Policy}. */
public final class DefaultPolicy implements Policy {
  public static final DefaultPolicy INSTANCE = new DefaultPolicy();

  private DefaultPolicy() {}

  @Override
  public Decision decide(Operation operation, BlastRadius blastRadius) {
    Tier tier = operation.environment().tier();
    Level level = blastRadius.level();
    String where = level + " blast radius in " + tier.name().toLowerCase(java.util.Locale.ROOT)
        + " environment " + operation.environment().name();
    return switch (tier) {
      case DEVELOPMENT -> level.atLeast(Level.HIGH)
          ? Decision.requireApprovals(1, where + " needs a second person")
          : Decision.allow(where + " is allowed");
      case STAGING -> switch (level) {
        case NONE, LOW -> Decision.allow(where + " is allowed");
        case MEDIUM, HIGH -> Decision.requireApprovals(1, where + " needs a second person");
        case CRITICAL -> Decision.requireApprovals(2, where + " needs two approvers");
      };
      case PRODUCTION -> switch (level) {
        case NONE -> Decision.allow(where + " is allowed");
        case LOW, MEDIUM -> Decision.requireApprovals(1, where + " needs a second person");
        case HIGH -> Decision.requireApprovals(2, where + " needs two approvers");
        case CRITICAL -> Decision.deny(where + " is denied; only an explicit break-glass grant lifts it");
      };
    };
  }
}
