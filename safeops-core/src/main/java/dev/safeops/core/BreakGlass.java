package dev.safeops.core;

import java.time.Instant;
import java.util.Objects;

/**
 * An explicit, time-boxed grant that lets a CRITICAL operation in one environment go to
 * approval instead of being denied. Every decision it lifts is marked {@link
 * Decision#breakGlass()} and audited. Granted by a human, with a ticket.
 *
 * @param environment the environment name the grant is for
 * @param ticket the incident or change ticket that justifies it
 * @param grantedBy the human who granted it
 * @param expiresAt after this instant the grant is void
 * @param approvalsRequired approvals needed while the grant holds (at least 2)
 */
public record BreakGlass(String environment, String ticket, Principal grantedBy, Instant expiresAt, int approvalsRequired) {
  public BreakGlass {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(grantedBy, "grantedBy");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (!grantedBy.isHuman()) {
      throw new IllegalArgumentException("break-glass must be granted by a human, not " + grantedBy);
    }
    if (ticket.isBlank()) {
      throw new IllegalArgumentException("break-glass needs a ticket");
    }
    if (approvalsRequired < 2) {
      throw new IllegalArgumentException("break-glass needs at least 2 approvals, was " + approvalsRequired);
    }
  }
}
