package dev.safeops.core;

import java.util.Objects;
import java.util.Optional;

/**
 * An {@link ApprovalDesk} refused: an approval by a key that is not allowed, a request that
 * expired or is closed, a second answer by the same person, a requester approving their own
 * request, a run whose request still waits for approvals. The message is one sentence for the
 * person at the terminal; {@link #reason()} is for programs; {@link #requestId()} names the
 * request when there is one.
 *
 * <p>When an {@link ApprovalDesk#callback()} refuses a run this way, the run ends {@link
 * Outcome.Status#NOT_APPROVED} with this message as its reason, and {@link
 * Outcome#approvalRequestId()} gives the request's id.
 */
public class RequestRefusedException extends SafeOpsException {
  private static final long serialVersionUID = 1L;

  /** Why, for programs (the command line maps these to exit codes). */
  public enum Reason {
    /** No request has this id, or it is for another operation. */
    NOT_FOUND,
    /** The signing key is not in allowed_signers (or not for this namespace, or not now). */
    UNKNOWN_KEY,
    /** Not a valid SSH signature over this request's message. */
    BAD_SIGNATURE,
    /** The request expired before it was decided or claimed. */
    EXPIRED,
    /** The request takes no such answer any more: already approved, executed, denied or stale. */
    CLOSED,
    /** The request waits for approvals (it may just have been recorded); nothing ran. */
    PENDING,
    /** This person already answered the request. */
    ALREADY_ANSWERED,
    /** The requester cannot approve their own request. */
    OWN_REQUEST,
    /** An approver denied the request. */
    DENIED,
    /** The plan made again no longer matches the request's digest or state binding. */
    STALE,
    /** The policy denies the operation; there is nothing to approve. */
    POLICY_DENIED,
    /** Other writers kept changing the request; try again. */
    CONFLICT
  }

  private final Reason reason;
  private final String requestId;

  public RequestRefusedException(Reason reason, String requestId, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.requestId = requestId;
  }

  public Reason reason() {
    return reason;
  }

  /** The request concerned, when there is one. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }
}
