package dev.safeops.core;

import dev.safeops.core.internal.BreakGlassPolicy;
import dev.safeops.core.internal.DefaultPolicy;
import java.time.Clock;

/**
 * Maps an operation and its blast radius to a {@link Decision}. Implementations must be
 * thread-safe and side-effect free; a policy that throws or returns null makes the executor
 * refuse at the policy step.
 *
 * <p>The default policy ({@link #defaults()}), where "two-person" means one approval for a
 * human requester and two for an agent, and "2 approvers" means at least two approvals:
 * <pre>
 * tier         NONE   LOW         MEDIUM      HIGH                     CRITICAL
 * DEVELOPMENT  allow  allow       allow       two-person               two-person
 * STAGING      allow  allow       two-person  two-person               two-person, 2 approvers
 * PRODUCTION   allow  two-person  two-person  two-person, 2 approvers  deny (break-glass only)
 * </pre>
 */
@FunctionalInterface
public interface Policy {

  Decision decide(Operation operation, BlastRadius blastRadius);

  /** The default policy table above. */
  static Policy defaults() {
    return DefaultPolicy.INSTANCE;
  }

  /**
   * {@code base}, except that a CRITICAL deny in the grant's environment becomes a
   * requirement of {@link BreakGlass#approvalsRequired()} approvals until the grant expires
   * on {@code clock}. The decision says it was break-glass, and the audit records it.
   */
  static Policy breakGlass(Policy base, BreakGlass grant, Clock clock) {
    return new BreakGlassPolicy(base, grant, clock);
  }
}
