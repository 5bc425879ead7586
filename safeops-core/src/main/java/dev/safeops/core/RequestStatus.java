package dev.safeops.core;

/**
 * Where a durable approval request stands. A request starts {@link #PENDING} (or {@link
 * #APPROVED} when the policy needs no approval), and ends exactly once in one of the final
 * states:
 *
 * <pre>
 * PENDING --enough valid approvals--> APPROVED --claimed by one run--> EXECUTED
 *    |  \                                 |  \
 *    |   any approver denies --> DENIED   |   (any approver denies --> DENIED)
 *    |   the re-plan differs --> STALE    |   (the re-plan differs --> STALE)
 *    +-- nobody decides in time --> EXPIRED (an undecided request is a refusal)
 * </pre>
 */
public enum RequestStatus {
  /** Waiting for approvals. */
  PENDING,
  /** Enough valid approvals (or none needed): one run may claim it. */
  APPROVED,
  /** Claimed by a run, exactly once; that run's audit trail says how it ended. Final. */
  EXECUTED,
  /** An approver refused it. Final. */
  DENIED,
  /** Nobody decided before its expiry. Final. */
  EXPIRED,
  /** A later plan of the same operation no longer matched its digest or state binding. Final. */
  STALE;

  /** True while the request can still be answered or claimed: {@link #PENDING} or {@link #APPROVED}. */
  public boolean isOpen() {
    return this == PENDING || this == APPROVED;
  }
}
