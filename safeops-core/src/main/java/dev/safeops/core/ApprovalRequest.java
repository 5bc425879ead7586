package dev.safeops.core;

import java.time.Instant;
import java.util.Objects;

/**
 * What the executor asks of people: approve this operation, whose dry run produced this plan
 * with this blast radius, by this deadline; at least {@code approvalsRequired} distinct
 * humans besides the requester.
 *
 * @param scope what the operation mutates ({@link GuardedAction#scope()}), so a durable request
 *     can tell one workspace or resource from another
 */
public record ApprovalRequest(
    Operation operation, Plan plan, BlastRadius blastRadius, Decision decision, int approvalsRequired, Instant deadline,
    String scope) {

  public ApprovalRequest {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(blastRadius, "blastRadius");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(scope, "scope");
  }

  /** The digest every approval must name. */
  public String planDigest() {
    return plan.digest();
  }
}
