package dev.safeops.core;

import java.time.Instant;
import java.util.Objects;

/**
 * What the executor asks of people: approve this operation, whose dry run produced this plan
 * with this blast radius, by this deadline; at least {@code approvalsRequired} distinct
 * humans besides the requester.
 */
public record ApprovalRequest(
    Operation operation, Plan plan, BlastRadius blastRadius, Decision decision, int approvalsRequired, Instant deadline) {

  public ApprovalRequest {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(blastRadius, "blastRadius");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(deadline, "deadline");
  }

  /** The digest every approval must name. */
  public String planDigest() {
    return plan.digest();
  }
}
