package dev.safeops.core.testing;

import dev.safeops.core.Approval;
import dev.safeops.core.ApprovalCallback;
import dev.safeops.core.ApprovalRequest;
import dev.safeops.core.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An {@link ApprovalCallback} that answers as scripted and records every request it saw.
 * Approvals it makes are fresh (new ids), unsigned, issued now on its clock and valid for its
 * time-to-live (default 15 minutes).
 *
 * <pre>{@code
 * FakeApprovals approvals = FakeApprovals.approveAs(clock, Principal.human("alice"), Principal.human("bob"));
 * GuardedExecutor executor = GuardedExecutor.builder().approvalCallback(approvals)...build();
 * }</pre>
 */
public final class FakeApprovals implements ApprovalCallback {
  private final Function<ApprovalRequest, CompletionStage<List<Approval>>> answer;
  private final List<ApprovalRequest> requests = new CopyOnWriteArrayList<>();

  private FakeApprovals(Function<ApprovalRequest, CompletionStage<List<Approval>>> answer) {
    this.answer = answer;
  }

  /** Approves every request as each of these principals, for the requested plan digest. */
  public static FakeApprovals approveAs(Clock clock, Principal... approvers) {
    return approveAs(clock, Duration.ofMinutes(15), approvers);
  }

  /** As {@link #approveAs(Clock, Principal...)}, with approvals valid for {@code ttl}. */
  public static FakeApprovals approveAs(Clock clock, Duration ttl, Principal... approvers) {
    List<Principal> who = List.of(approvers);
    return new FakeApprovals(r -> CompletableFuture.completedFuture(make(clock, ttl, r.planDigest(), who)));
  }

  /** Approves as these principals, but for another plan's digest. */
  public static FakeApprovals forDigest(String digest, Clock clock, Principal... approvers) {
    List<Principal> who = List.of(approvers);
    return new FakeApprovals(r -> CompletableFuture.completedFuture(make(clock, Duration.ofMinutes(15), digest, who)));
  }

  /** Answers with exactly these approvals, every time (to test replays and forgeries). */
  public static FakeApprovals answering(Approval... approvals) {
    List<Approval> fixed = Arrays.asList(approvals);
    return new FakeApprovals(r -> CompletableFuture.completedFuture(new ArrayList<>(fixed)));
  }

  /** Nobody approves: answers with no approvals. */
  public static FakeApprovals deny() {
    return new FakeApprovals(r -> CompletableFuture.completedFuture(List.of()));
  }

  /** Never answers: the executor's deadline must refuse. */
  public static FakeApprovals neverAnswer() {
    return new FakeApprovals(r -> new CompletableFuture<>());
  }

  /** Answers exceptionally with {@code failure}. */
  public static FakeApprovals failWith(RuntimeException failure) {
    return new FakeApprovals(r -> CompletableFuture.failedFuture(failure));
  }

  /** Throws {@code failure} instead of answering. */
  public static FakeApprovals throwing(RuntimeException failure) {
    return new FakeApprovals(r -> {
      throw failure;
    });
  }

  /** Answers with a null list. */
  public static FakeApprovals answerNull() {
    return new FakeApprovals(r -> CompletableFuture.completedFuture(null));
  }

  /** Returns a null stage instead of an answer. */
  public static FakeApprovals returnNullStage() {
    return new FakeApprovals(r -> null);
  }

  /** An unsigned approval by {@code approver} for {@code digest}, issued now, valid for {@code ttl}. */
  public static Approval approval(Principal approver, String digest, Clock clock, Duration ttl) {
    Instant now = clock.instant();
    return Approval.of(UUID.randomUUID().toString(), approver, digest, now, now.plus(ttl));
  }

  private static List<Approval> make(Clock clock, Duration ttl, String digest, List<Principal> who) {
    List<Approval> out = new ArrayList<>();
    for (Principal p : who) {
      out.add(approval(p, digest, clock, ttl));
    }
    return out;
  }

  @Override
  public CompletionStage<List<Approval>> requestApprovals(ApprovalRequest request) {
    requests.add(request);
    return answer.apply(request);
  }

  /** Every request received, in order. */
  public List<ApprovalRequest> requests() {
    return List.copyOf(requests);
  }
}
