package dev.safeops.core;

import dev.safeops.core.internal.DefaultApprovalDesk;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Approvals that outlive a process: where approval requests are recorded, answered by people
 * with their own SSH keys, and claimed by the one run that executes them. Backed by a {@link
 * RequestLedger} (files under the safeops home, or DynamoDB) and an {@link AllowedSigners}
 * file.
 *
 * <p><b>The life of a request.</b> {@link #propose} records it (or the {@link #callback()}
 * does, on a run that needs approval); people {@link #approve} or {@link #deny} it by signing
 * its message; when enough distinct humans other than the requester have approved it is
 * {@link RequestStatus#APPROVED}, and one run {@link #claim}s it, exactly once. Any deny ends it;
 * nobody deciding before its expiry (default 24 hours) is a refusal; a later plan of the same
 * operation that no longer matches its digest or state binding makes it {@link
 * RequestStatus#STALE}. Nothing is held while people decide: no lock, no thread, no process.
 *
 * <p><b>What an approver signs.</b> {@link RequestRecord#approvalMessage()}, with {@code
 * ssh-keygen -Y sign -n safeops -f KEY FILE} (SSHSIG, namespace {@code safeops}); the approver is
 * the principal {@code allowed_signers} lists for the key that signed, never a typed name. The
 * message is UTF-8 text, each line ending with a line feed, fields labelled and in this order:
 *
 * <pre>
 * safeops-approval-v1
 * request r7k2m9xq4t1b5c8d
 * digest 3f0c...(64 lower-case hex digits: the plan digest)
 * expires 2026-01-02T00:00:00Z
 * answer approve
 * </pre>
 *
 * A denial signs {@link RequestRecord#denialMessage(String)}: the same lines with {@code answer
 * deny}, then {@code reason TEXT} (one line, at most 500 characters). No value can contain a
 * line break, so a signature for one request, one digest, one expiry or one answer can never be
 * read as another's; the SSHSIG namespace keeps it from being taken for a git or file signature.
 *
 * <p><b>Immediate refusals</b> ({@link RequestRefusedException}, one sentence each): a key not in
 * {@code allowed_signers}, a signature over anything else, a request that expired or is closed,
 * a second answer by the same person, the requester approving their own request.
 *
 * <p><b>At run time</b> the {@link #callback()} re-verifies every recorded approval against
 * {@code allowed_signers} as it is then (a key removed since no longer counts), claims the
 * request, and hands its approvals to the executor's two-person rule as usual (distinct
 * humans, not the requester, never an agent, unexpired, single use, same digest).
 *
 * <p>Implementations are thread-safe; every change is a compare-and-set on the request's
 * version, retried a bounded number of times when another writer got there first.
 */
public interface ApprovalDesk {

  /** A desk over {@code ledger}; {@link Builder#allowedSigners} is required. */
  static Builder builder(RequestLedger ledger) {
    return new Builder(ledger);
  }

  /**
   * Records a request for an operation whose plan has been evaluated. With a {@link
   * Decision.Verdict#REQUIRE_APPROVALS} decision it is {@link RequestStatus#PENDING} and needs
   * the approvals the two-person rule asks (an agent's request at least two); with {@link
   * Decision.Verdict#ALLOW} it is {@link RequestStatus#APPROVED} at once and needs none.
   *
   * @param scope what the operation mutates, as its guarded action declares it
   * @param rerun what a later process needs to run it again
   * @throws RequestRefusedException ({@link RequestRefusedException.Reason#POLICY_DENIED}) when the decision is DENY
   * @throws StoreException when the request cannot be recorded
   */
  RequestRecord propose(Operation operation, String scope, Plan plan, BlastRadius blastRadius, Decision decision, Rerun rerun);

  /** The request with this id, as stored (see {@link RequestRecord#statusAt} for expiry). */
  Optional<RequestRecord> find(String id);

  /** Every request, newest first, as stored. */
  List<RequestRecord> list();

  /**
   * Records an approval: {@code armoredSignature} must be an SSH signature of the request's
   * {@link RequestRecord#approvalMessage()} in namespace {@code safeops}, by a key in {@code
   * allowed_signers}. Verified before anything is written.
   *
   * @return the request as stored after the approval ({@link RequestStatus#APPROVED} once enough people approved)
   * @throws RequestRefusedException when the request is unknown, expired or not pending, the key is not allowed,
   *     the signature does not verify, the signer already answered, or the signer requested it
   */
  RequestRecord approve(String id, String armoredSignature);

  /**
   * Records a denial, which ends the request: {@code armoredSignature} must sign {@link
   * RequestRecord#denialMessage(String)} with the same {@code reason}. Anyone in {@code
   * allowed_signers} may deny, including the requester and an approver who changed their mind.
   *
   * @throws RequestRefusedException when the request is unknown, expired or closed, or the signature is refused
   * @throws InvalidInputException when the reason is not one line of printable text
   */
  RequestRecord deny(String id, String armoredSignature, String reason);

  /**
   * Claims an approved request for execution by the operation {@code operationId}: exactly one
   * claim succeeds, across every process sharing the ledger. Every recorded approval is
   * verified again first, against {@code allowed_signers} as it is now.
   *
   * @return the request, now {@link RequestStatus#EXECUTED}
   * @throws RequestRefusedException when it is not approved (pending, expired, denied, stale, already claimed), or an
   *     approval no longer verifies
   */
  RequestRecord claim(String id, String operationId);

  /**
   * Marks an open request {@link RequestStatus#STALE}, saying why (for example: the state moved
   * from serial 5 to 6). A request that is already closed is returned as it is.
   */
  RequestRecord markStale(String id, String why);

  /**
   * The executor's bridge to this desk, for programs that run the same operation again later.
   * On a run that needs approval it looks for an open request of the same operation (name,
   * requester, environment, scope) with the plan's digest: none recorded yet, it records one and
   * refuses the run with its id (the run ends {@code NOT_APPROVED}; {@link
   * Outcome#approvalRequestId()}); still pending, it refuses with who approved so far; approved,
   * it claims it and answers with its approvals. Open requests of the same operation whose digest
   * differs are marked {@link RequestStatus#STALE} on the way, saying which binding changed.
   */
  ApprovalCallback callback();

  /**
   * As {@link #callback()}, but for one request only, as the command line's {@code apply ID}
   * uses it: a plan that no longer matches it makes it stale and refuses; it never records a new
   * request.
   */
  ApprovalCallback callbackFor(String requestId);

  /**
   * An {@link ApprovalVerifier} that accepts only approvals this desk handed out, and only while
   * their SSH signature still verifies against {@code allowed_signers} by the key of the approver
   * they name. The desk's callbacks apply it themselves; configure it on the executor too to
   * refuse approvals from any other source.
   */
  ApprovalVerifier verifier();

  /** Configures an {@link ApprovalDesk}. */
  final class Builder {
    private final RequestLedger ledger;
    private Supplier<AllowedSigners> allowedSigners;
    private Clock clock = Clock.systemUTC();
    private Duration requestTtl = Duration.ofHours(24);

    private Builder(RequestLedger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /** The approvers: a fixed list. */
    public Builder allowedSigners(AllowedSigners signers) {
      Objects.requireNonNull(signers, "signers");
      this.allowedSigners = () -> signers;
      return this;
    }

    /**
     * The approvers, read from {@code file} at every verification, so a key removed from it stops
     * counting at once. A missing or unreadable file refuses every approval with a sentence naming it.
     */
    public Builder allowedSignersFile(Path file) {
      Objects.requireNonNull(file, "file");
      this.allowedSigners = () -> AllowedSigners.read(file);
      return this;
    }

    /** The clock for expiry and answer times; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long a request may wait for a decision; default 24 hours. */
    public Builder requestTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(30)) > 0) {
        throw new IllegalArgumentException("requestTtl must be within (0, 30 days], was " + ttl);
      }
      this.requestTtl = ttl;
      return this;
    }

    /** @throws IllegalStateException when no allowed signers were given */
    public ApprovalDesk build() {
      if (allowedSigners == null) {
        throw new IllegalStateException("an ApprovalDesk needs allowedSigners or allowedSignersFile: an approver is a key");
      }
      return new DefaultApprovalDesk(ledger, allowedSigners, clock, requestTtl);
    }
  }
}
