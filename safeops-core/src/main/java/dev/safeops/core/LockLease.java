package dev.safeops.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A granted lock on a scope: who holds it, until when, and a fencing token that increases
 * on every grant of that scope, so a holder whose lease expired can be told apart from the
 * current one. A renewal ({@link LockProvider#renew}) keeps scope, owner and token and moves
 * only the expiry. Immutable.
 */
public record LockLease(String scope, String owner, long fencingToken, Instant expiresAt) {
  public LockLease {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
