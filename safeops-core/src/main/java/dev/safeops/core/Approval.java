package dev.safeops.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One person's approval of one plan. It is valid only for the plan whose digest it names,
 * only until it expires, only once, and only from a human other than the requester and other
 * approvers (the two-person rule; see {@link GuardedExecutor}).
 *
 * @param id unique id; the approval ledger refuses an id it has seen before
 * @param approver who approves
 * @param planDigest the {@link Plan#digest()} approved
 * @param issuedAt when it was given
 * @param expiresAt when it stops being valid
 * @param signature optional signature over {@link #signedContent()} (base64), checked by an
 *     {@link ApprovalVerifier} when one is configured; empty when unsigned
 */
public record Approval(String id, Principal approver, String planDigest, Instant issuedAt, Instant expiresAt, String signature) {

  public Approval {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(approver, "approver");
    Objects.requireNonNull(planDigest, "planDigest");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(signature, "signature");
  }

  /** An unsigned approval. */
  public static Approval of(String id, Principal approver, String planDigest, Instant issuedAt, Instant expiresAt) {
    return new Approval(id, approver, planDigest, issuedAt, expiresAt, "");
  }

  /** The bytes a signature covers: id, approver, digest and expiry, newline-separated. */
  public String signedContent() {
    return id + "\n" + approver + "\n" + planDigest + "\n" + expiresAt;
  }
}
