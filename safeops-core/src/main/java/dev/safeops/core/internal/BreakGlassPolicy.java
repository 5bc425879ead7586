package dev.safeops.core.internal;

import dev.safeops.core.BlastRadius;
import dev.safeops.core.BreakGlass;
import dev.safeops.core.Decision;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Policy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Lifts a CRITICAL deny to approvals while an explicit grant for the environment holds. */
public final class BreakGlassPolicy implements Policy {
  private final Policy base;
  private final BreakGlass grant;
  private final Clock clock;

  public BreakGlassPolicy(Policy base, BreakGlass grant, Clock clock) {
    this.base = Objects.requireNonNull(base, "base");
    this.grant = Objects.requireNonNull(grant, "grant");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Decision decide(Operation operation, BlastRadius blastRadius) {
    Decision decision = base.decide(operation, blastRadius);
    if (decision == null
        || decision.verdict() != Decision.Verdict.DENY
        || blastRadius.level() != Level.CRITICAL
        || !grant.environment().equals(operation.environment().name())) {
      return decision;
    }
    if (!clock.instant().isBefore(grant.expiresAt())) {
      List<String> reasons = new ArrayList<>(decision.reasons());
      reasons.add("break-glass grant " + grant.ticket() + " expired at " + grant.expiresAt());
      return new Decision(Decision.Verdict.DENY, 0, reasons, false);
    }
    List<String> reasons = new ArrayList<>(decision.reasons());
    reasons.add("break-glass grant " + grant.ticket() + " by " + grant.grantedBy() + " (until "
        + grant.expiresAt() + ") lifts the deny to " + grant.approvalsRequired() + " approvals");
    return new Decision(Decision.Verdict.REQUIRE_APPROVALS, grant.approvalsRequired(), reasons, true);
  }
}
