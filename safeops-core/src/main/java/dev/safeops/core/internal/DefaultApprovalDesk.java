package dev.safeops.core.internal;

import dev.safeops.core.AllowedSigners;
import dev.safeops.core.Approval;
import dev.safeops.core.ApprovalCallback;
import dev.safeops.core.ApprovalDesk;
import dev.safeops.core.ApprovalRequest;
import dev.safeops.core.ApprovalVerifier;
import dev.safeops.core.BlastRadius;
import dev.safeops.core.Decision;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.RequestLedger;
import dev.safeops.core.RequestRecord;
import dev.safeops.core.RequestRecord.Answer;
import dev.safeops.core.RequestRefusedException;
import dev.safeops.core.RequestRefusedException.Reason;
import dev.safeops.core.RequestStatus;
import dev.safeops.core.Rerun;
import dev.safeops.core.SignatureRejectedException;
import dev.safeops.core.Signer;
import dev.safeops.core.SshSignature;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The lifecycle of durable approval requests over a {@link RequestLedger}; see {@link ApprovalDesk}. */
public final class DefaultApprovalDesk implements ApprovalDesk {
  private static final int MAX_ROUNDS = 32;
  private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RequestLedger ledger;
  private final Supplier<AllowedSigners> signers;
  private final Clock clock;
  private final Duration ttl;

  public DefaultApprovalDesk(RequestLedger ledger, Supplier<AllowedSigners> signers, Clock clock, Duration ttl) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.signers = Objects.requireNonNull(signers, "signers");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
  }

  // ---- recording --------------------------------------------------------------------------

  @Override
  public RequestRecord propose(Operation operation, String scope, Plan plan, BlastRadius blastRadius, Decision decision, Rerun rerun) {
    Objects.requireNonNull(decision, "decision");
    if (decision.verdict() == Decision.Verdict.DENY) {
      throw new RequestRefusedException(Reason.POLICY_DENIED, null, "The policy denies " + operation.name() + " in "
          + operation.environment().name() + ", so there is nothing to approve: " + String.join("; ", decision.reasons()));
    }
    int required = decision.verdict() == Decision.Verdict.REQUIRE_APPROVALS
        ? TwoPersonRule.required(operation.requester(), decision.approvalsRequired())
        : 0;
    return record(operation, scope, plan, blastRadius, decision.reasons(), required, rerun);
  }

  private RequestRecord record(Operation operation, String scope, Plan plan, BlastRadius blastRadius, List<String> reasons,
      int required, Rerun rerun) {
    Instant now = clock.instant();
    RequestRecord r = RequestRecord.builder()
        .id(newId())
        .operation(operation)
        .scope(scope)
        .planDigest(plan.digest())
        .planSource(plan.source())
        .bindings(plan.bindings())
        .blastRadius(blastRadius)
        .decisionReasons(reasons)
        .approvalsRequired(required)
        .rerun(rerun)
        .createdAt(now)
        .expiresAt(now.plus(ttl))
        .status(required == 0 ? RequestStatus.APPROVED : RequestStatus.PENDING)
        .statusReason(required == 0 ? "the policy allows it without approval" : "")
        .build();
    return ledger.create(r);
  }

  /** 16 characters of an unambiguous lower-case alphabet: 80 random bits, short enough to type. */
  static String newId() {
    char[] id = new char[16];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
    }
    return new String(id);
  }

  @Override
  public Optional<RequestRecord> find(String id) {
    return ledger.find(id);
  }

  @Override
  public List<RequestRecord> list() {
    return ledger.list();
  }

  // ---- answers ----------------------------------------------------------------------------

  @Override
  public RequestRecord approve(String id, String armoredSignature) {
    SshSignature sig = parse(id, armoredSignature);
    return update(id, (r, now) -> {
      Optional<Change> closed = refuseUnlessOpen(r, now, true);
      if (closed.isPresent()) {
        return closed.get();
      }
      Signer signer = verify(r.id(), sig, r.approvalMessage(), now);
      Principal who = signer.principal();
      if (same(who, r.operation().requester())) {
        return Change.refuse(new RequestRefusedException(Reason.OWN_REQUEST, r.id(), who.id() + " requested " + r.id()
            + " and cannot approve it: the two-person rule needs someone else."));
      }
      for (Answer a : r.answers()) {
        if (same(a.approver(), who) || a.keyFingerprint().equals(signer.keyFingerprint())) {
          return Change.refuse(new RequestRefusedException(Reason.ALREADY_ANSWERED, r.id(), a.approver().id() + " already "
              + (a.kind() == Answer.Kind.APPROVE ? "approved" : "answered") + " request " + r.id() + " at " + a.at()
              + "; one person counts once."));
        }
      }
      RequestRecord.Builder next = r.toBuilder().updatedAt(now)
          .addAnswer(new Answer(Answer.Kind.APPROVE, who, signer.keyFingerprint(), sig.armored(), now, ""));
      if (r.approvals().size() + 1 >= r.approvalsRequired()) {
        Set<String> names = new TreeSet<>();
        r.approvals().forEach(a -> names.add(a.approver().id()));
        names.add(who.id());
        next.status(RequestStatus.APPROVED).statusReason("approved by " + String.join(", ", names));
      }
      return Change.write(next.build());
    });
  }

  @Override
  public RequestRecord deny(String id, String armoredSignature, String reason) {
    RequestMessages.requireReason(reason);
    SshSignature sig = parse(id, armoredSignature);
    return update(id, (r, now) -> {
      Optional<Change> closed = refuseUnlessOpen(r, now, false);
      if (closed.isPresent()) {
        return closed.get();
      }
      Signer signer = verify(r.id(), sig, r.denialMessage(reason), now);
      return Change.write(r.toBuilder().updatedAt(now)
          .addAnswer(new Answer(Answer.Kind.DENY, signer.principal(), signer.keyFingerprint(), sig.armored(), now, reason))
          .status(RequestStatus.DENIED)
          .statusReason("denied by " + signer.principal().id() + ": " + reason)
          .build());
    });
  }

  @Override
  public RequestRecord claim(String id, String operationId) {
    Objects.requireNonNull(operationId, "operationId");
    return update(id, (r, now) -> {
      RequestStatus status = r.statusAt(now);
      if (status == RequestStatus.EXPIRED) {
        return expire(r, now);
      }
      if (status == RequestStatus.PENDING) {
        return Change.refuse(pending(r, "it cannot run yet"));
      }
      if (status != RequestStatus.APPROVED) {
        return Change.refuse(closedRefusal(r));
      }
      List<Approval> valid = reverify(r, now);
      if (valid.size() < r.approvalsRequired()) {
        return Change.refuse(new RequestRefusedException(Reason.PENDING, r.id(), "Request " + r.id() + " needs "
            + r.approvalsRequired() + " approval(s) but has " + valid.size() + " valid one(s); nothing runs on it."));
      }
      return Change.write(r.toBuilder().updatedAt(now).status(RequestStatus.EXECUTED).claimedBy(operationId)
          .statusReason("claimed by operation " + operationId + " at " + now).build());
    });
  }

  @Override
  public RequestRecord markStale(String id, String why) {
    Objects.requireNonNull(why, "why");
    return update(id, (r, now) -> {
      RequestStatus status = r.statusAt(now);
      if (status == RequestStatus.EXPIRED && r.status().isOpen()) {
        return Change.write(r.toBuilder().updatedAt(now).status(RequestStatus.EXPIRED)
            .statusReason("nobody decided before " + r.expiresAt()).build());
      }
      if (!status.isOpen()) {
        return Change.keep(r);
      }
      return Change.write(r.toBuilder().updatedAt(now).status(RequestStatus.STALE).statusReason(why).build());
    });
  }

  /** Refuses answers to a request that is expired (recording that it expired) or not open; approvals only while pending. */
  private Optional<Change> refuseUnlessOpen(RequestRecord r, Instant now, boolean approving) {
    RequestStatus status = r.statusAt(now);
    if (status == RequestStatus.EXPIRED) {
      return Optional.of(expire(r, now));
    }
    if (status == RequestStatus.APPROVED && approving) {
      return Optional.of(Change.refuse(new RequestRefusedException(Reason.CLOSED, r.id(), "Request " + r.id()
          + " is already approved (" + r.approvals().size() + " of " + r.approvalsRequired() + "); it needs no more approvals.")));
    }
    if (!status.isOpen()) {
      return Optional.of(Change.refuse(closedRefusal(r)));
    }
    return Optional.empty();
  }

  private Change expire(RequestRecord r, Instant now) {
    RequestRefusedException refusal = RequestRefusedException.closed(r.toBuilder().status(RequestStatus.EXPIRED).build(), now);
    if (r.status() == RequestStatus.EXPIRED) {
      return Change.refuse(refusal);
    }
    return Change.writeThenRefuse(r.toBuilder().updatedAt(now).status(RequestStatus.EXPIRED)
        .statusReason("nobody decided before " + r.expiresAt()).build(), refusal);
  }

  /** A request whose stored status is closed: why it takes nothing more. */
  private static RequestRefusedException closedRefusal(RequestRecord r) {
    if (r.status().isOpen()) {
      return new RequestRefusedException(Reason.CLOSED, r.id(), "Request " + r.id() + " is " + r.status() + ".");
    }
    return RequestRefusedException.closed(r, r.updatedAt());
  }

  private static RequestRefusedException pending(RequestRecord r, String consequence) {
    return RequestRefusedException.pending(r, consequence);
  }

  // ---- signatures -------------------------------------------------------------------------

  private static SshSignature parse(String id, String armored) {
    Objects.requireNonNull(armored, "armoredSignature");
    try {
      return SshSignature.parse(armored);
    } catch (SignatureRejectedException e) {
      throw new RequestRefusedException(Reason.BAD_SIGNATURE, id, e.getMessage());
    }
  }

  private Signer verify(String id, SshSignature sig, String message, Instant now) {
    try {
      return signers.get().verify(sig, message.getBytes(StandardCharsets.UTF_8), RequestMessages.NAMESPACE, now);
    } catch (SignatureRejectedException e) {
      throw new RequestRefusedException(e.problem() == SignatureRejectedException.Problem.NOT_ALLOWED
          ? Reason.UNKNOWN_KEY : Reason.BAD_SIGNATURE, id, e.getMessage() + " (request " + id + ")");
    }
  }

  /** The request's approvals as the executor takes them, each verified again now; throws on the first that fails. */
  private List<Approval> reverify(RequestRecord r, Instant now) {
    List<Approval> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Answer a : r.approvals()) {
      Approval approval = toApproval(r, a);
      Optional<Rejection> why = check(approval, now);
      if (why.isPresent()) {
        throw new RequestRefusedException(why.get().reason(), r.id(), "Request " + r.id() + " cannot run: " + why.get().text()
            + "; nothing runs on it.");
      }
      if (same(a.approver(), r.operation().requester()) || !seen.add(TwoPersonRule.identity(a.approver()))) {
        throw new RequestRefusedException(Reason.BAD_SIGNATURE, r.id(), "Request " + r.id()
            + " cannot run: its record counts " + a.approver().id() + " twice or as their own approver, which no desk writes; it was altered.");
      }
      out.add(approval);
    }
    return out;
  }

  static Approval toApproval(RequestRecord r, Answer a) {
    return new Approval(r.id() + "/" + a.keyFingerprint(), a.approver(), r.planDigest(), a.at(), r.expiresAt(), a.signature());
  }

  /** Why a recorded approval does not count now. */
  private record Rejection(Reason reason, String text) {}

  /** Empty when {@code approval} is a desk approval whose signature verifies now by the key of the approver it names. */
  private Optional<Rejection> check(Approval approval, Instant now) {
    int slash = approval.id().indexOf('/');
    if (slash <= 0) {
      return Optional.of(new Rejection(Reason.BAD_SIGNATURE, "approval " + approval.id() + " by " + approval.approver()
          + " did not come from an approval request, so it carries no SSH signature safeops can check"));
    }
    String requestId = approval.id().substring(0, slash);
    String fingerprint = approval.id().substring(slash + 1);
    Signer signer;
    try {
      String message = RequestMessages.approval(requestId, approval.planDigest(), approval.expiresAt());
      SshSignature sig = SshSignature.parse(approval.signature());
      signer = signers.get().verify(sig, message.getBytes(StandardCharsets.UTF_8), RequestMessages.NAMESPACE, now);
    } catch (SignatureRejectedException e) {
      return Optional.of(new Rejection(e.problem() == SignatureRejectedException.Problem.NOT_ALLOWED ? Reason.UNKNOWN_KEY
          : Reason.BAD_SIGNATURE, "the approval by " + approval.approver().id() + " on request " + requestId
          + " no longer verifies: " + e.getMessage()));
    } catch (RuntimeException e) {
      return Optional.of(new Rejection(Reason.BAD_SIGNATURE, "the approval by " + approval.approver().id() + " on request "
          + requestId + " cannot be checked: " + e.getMessage()));
    }
    if (!same(signer.principal(), approval.approver()) || !signer.keyFingerprint().equals(fingerprint)) {
      return Optional.of(new Rejection(Reason.BAD_SIGNATURE, "the approval recorded for " + approval.approver().id()
          + " on request " + requestId + " is signed by the key of " + signer.principal().id() + " (" + signer.keyFingerprint() + ")"));
    }
    return Optional.empty();
  }

  private static boolean same(Principal a, Principal b) {
    return a.kind() == b.kind() && TwoPersonRule.identity(a).equals(TwoPersonRule.identity(b));
  }

  @Override
  public ApprovalVerifier verifier() {
    return approval -> check(approval, clock.instant()).map(Rejection::text);
  }

  // ---- the executor's callback ------------------------------------------------------------

  @Override
  public ApprovalCallback callback() {
    return request -> answer(request, null);
  }

  @Override
  public ApprovalCallback callbackFor(String requestId) {
    RequestMessages.requireId(requestId);
    return request -> answer(request, requestId);
  }

  private CompletableFuture<List<Approval>> answer(ApprovalRequest request, String requestId) {
    try {
      return CompletableFuture.completedFuture(requestId == null ? matching(request) : fixed(request, requestId));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private List<Approval> fixed(ApprovalRequest request, String id) {
    RequestRecord r = ledger.find(id).orElseThrow(() ->
        new RequestRefusedException(Reason.NOT_FOUND, id, "There is no approval request " + id + "."));
    if (!sameOperation(r, request)) {
      throw new RequestRefusedException(Reason.NOT_FOUND, id, "Request " + id + " is for " + describe(r)
          + ", not for " + request.operation().name() + " by " + request.operation().requester() + " in "
          + request.operation().environment().name() + " on " + request.scope() + "; nothing was executed.");
    }
    if (r.statusAt(clock.instant()).isOpen() && !r.planDigest().equals(request.planDigest())) {
      RequestRecord stale = markStale(id, staleReason(r, request.plan()));
      throw new RequestRefusedException(Reason.STALE, id, "Request " + id + " is stale: " + stale.statusReason()
          + "; nothing was executed, propose it again.");
    }
    return approved(r, request);
  }

  private List<Approval> matching(ApprovalRequest request) {
    Instant now = clock.instant();
    RequestRecord open = null;
    RequestRecord denied = null;
    for (RequestRecord r : ledger.list()) {
      if (!sameOperation(r, request)) {
        continue;
      }
      RequestStatus status = r.statusAt(now);
      if (r.planDigest().equals(request.planDigest())) {
        // Of several open requests for one plan (two runs recorded one each), the one closest to approval wins.
        if (status.isOpen() && (open == null || progress(r, now) > progress(open, now))) {
          open = r;
        } else if (status == RequestStatus.DENIED && denied == null && now.isBefore(r.expiresAt())) {
          // A denial stands for the same plan until the denied request would have expired.
          denied = r;
        }
      } else if (status.isOpen()) {
        markStale(r.id(), staleReason(r, request.plan()));
      }
    }
    if (open != null) {
      return approved(open, request);
    }
    if (denied != null) {
      throw closedRefusal(denied);
    }
    RequestRecord created = record(request.operation(), request.scope(), request.plan(), request.blastRadius(),
        request.decision().reasons(), request.approvalsRequired(), Rerun.nothing());
    throw new RequestRefusedException(Reason.PENDING, created.id(), "Recorded approval request " + created.id() + ": "
        + created.approvalsRequired() + " approval(s) needed from people other than " + request.operation().requester()
        + ", each an SSH signature (ssh-keygen -Y sign -n safeops) of its id, digest and expiry, before "
        + created.expiresAt() + "; nothing was executed meanwhile.");
  }

  /** The approvals of an approved request, claimed for this run; refusals for every other state. */
  private List<Approval> approved(RequestRecord r, ApprovalRequest request) {
    Instant now = clock.instant();
    if (r.statusAt(now).isOpen() && r.approvalsRequired() < request.approvalsRequired()) {
      // The policy asks for more than when the request was recorded: it waits for the rest.
      r = update(r.id(), (cur, t) -> {
        if (!cur.statusAt(t).isOpen() || cur.approvalsRequired() >= request.approvalsRequired()) {
          return Change.keep(cur);
        }
        RequestRecord.Builder b = cur.toBuilder().updatedAt(t).approvalsRequired(request.approvalsRequired());
        if (cur.approvals().size() < request.approvalsRequired()) {
          b.status(RequestStatus.PENDING).statusReason("the policy now asks for " + request.approvalsRequired() + " approval(s)");
        }
        return Change.write(b.build());
      });
    }
    if (r.statusAt(now) == RequestStatus.PENDING) {
      throw pending(r, "nothing was executed");
    }
    RequestRecord claimed = claim(r.id(), request.operation().id());
    List<Approval> out = new ArrayList<>();
    for (Answer a : claimed.approvals()) {
      out.add(toApproval(claimed, a));
    }
    return out;
  }

  private static int progress(RequestRecord r, Instant now) {
    return r.statusAt(now) == RequestStatus.APPROVED ? Integer.MAX_VALUE : r.approvals().size();
  }

  private static boolean sameOperation(RequestRecord r, ApprovalRequest request) {
    Operation a = r.operation();
    Operation b = request.operation();
    return a.name().equals(b.name()) && same(a.requester(), b.requester()) && a.environment().equals(b.environment())
        && r.scope().equals(request.scope());
  }

  private static String describe(RequestRecord r) {
    return r.operation().name() + " by " + r.operation().requester() + " in " + r.operation().environment().name() + " on " + r.scope();
  }

  /** Which binding changed, or that the changes did, between the request and the plan made now. */
  static String staleReason(RequestRecord r, Plan now) {
    List<String> diffs = new ArrayList<>();
    Set<String> keys = new TreeSet<>(r.bindings().keySet());
    keys.addAll(now.bindings().keySet());
    Map<String, String> was = r.bindings();
    for (String k : keys) {
      String before = was.get(k);
      String after = now.bindings().get(k);
      if (!Objects.equals(before, after)) {
        diffs.add(k + " was " + (before == null ? "absent" : before) + ", is now " + (after == null ? "absent" : after));
      }
    }
    String what = diffs.isEmpty() ? "the planned changes differ" : String.join(", ", diffs);
    return "the plan made again no longer matches: " + what + " (digest " + TwoPersonRule.abbreviate(r.planDigest())
        + " became " + TwoPersonRule.abbreviate(now.digest()) + ")";
  }

  // ---- compare-and-set --------------------------------------------------------------------

  /** What one round of an update decided: write a record, refuse, or both (write, then refuse). */
  private record Change(RequestRecord next, RequestRefusedException refusal, boolean keep) {
    static Change write(RequestRecord next) {
      return new Change(next, null, false);
    }

    static Change writeThenRefuse(RequestRecord next, RequestRefusedException refusal) {
      return new Change(next, refusal, false);
    }

    static Change refuse(RequestRefusedException refusal) {
      return new Change(null, refusal, false);
    }

    static Change keep(RequestRecord current) {
      return new Change(current, null, true);
    }
  }

  private interface Update {
    Change apply(RequestRecord current, Instant now);
  }

  /**
   * Reads, decides, and writes conditionally on the version read; when another writer got there
   * first, reads and decides again, a bounded number of times.
   */
  private RequestRecord update(String id, Update update) {
    for (int round = 0; round < MAX_ROUNDS; round++) {
      RequestRecord current = ledger.find(id).orElseThrow(() ->
          new RequestRefusedException(Reason.NOT_FOUND, id, "There is no approval request " + id + "."));
      Change change = update.apply(current, clock.instant());
      if (change.keep()) {
        return current;
      }
      if (change.next() == null) {
        throw change.refusal();
      }
      Optional<RequestRecord> written = ledger.replace(current, change.next());
      if (written.isPresent()) {
        if (change.refusal() != null) {
          throw change.refusal();
        }
        return written.get();
      }
      // Another writer moved the version between our read and our write: pause briefly, jittered so racers spread out.
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextLong(100, 1000L * Math.min(round + 1, 10))));
    }
    throw new RequestRefusedException(Reason.CONFLICT, id, "Request " + id + " kept changing under " + MAX_ROUNDS
        + " attempts in a row; nothing was recorded, try again.");
  }
}
