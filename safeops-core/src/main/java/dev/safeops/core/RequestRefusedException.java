package dev.safeops.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

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

  /**
   * The refusal for a request that takes no more answers and no run at {@code now}: it expired,
   * was executed, was denied or went stale; one sentence naming the request and what to do.
   *
   * @throws IllegalArgumentException when the request is still open at {@code now}
   */
  public static RequestRefusedException closed(RequestRecord request, Instant now) {
    RequestStatus status = request.statusAt(now);
    String id = request.id();
    return switch (status) {
      case EXPIRED -> new RequestRefusedException(Reason.EXPIRED, id, "Request " + id + " expired at " + request.expiresAt()
          + " without a decision, which is a refusal; propose it again.");
      case EXECUTED -> new RequestRefusedException(Reason.CLOSED, id, "Request " + id + " was already executed ("
          + request.statusReason() + "); a request runs once.");
      case DENIED -> new RequestRefusedException(Reason.DENIED, id, "Request " + id + " was " + request.statusReason()
          + "; a denial ends it.");
      case STALE -> new RequestRefusedException(Reason.STALE, id, "Request " + id + " is stale: " + request.statusReason()
          + "; propose it again.");
      case PENDING, APPROVED -> throw new IllegalArgumentException("request " + id + " is still " + status + " at " + now);
    };
  }

  /**
   * The refusal for a request that still waits for approvals: how many it has, from whom, and
   * when it expires, then {@code consequence} (for example "nothing was executed").
   */
  public static RequestRefusedException pending(RequestRecord request, String consequence) {
    List<RequestRecord.Answer> approvals = request.approvals();
    return new RequestRefusedException(Reason.PENDING, request.id(), "Approval request " + request.id() + " has "
        + approvals.size() + " of " + request.approvalsRequired() + " approval(s)" + (approvals.isEmpty() ? "" : " ("
        + approvals.stream().map(a -> a.approver().id()).collect(Collectors.joining(", ")) + ")") + " and expires at "
        + request.expiresAt() + "; " + consequence + ".");
  }

  public Reason reason() {
    return reason;
  }

  /** The request concerned, when there is one. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }
}
