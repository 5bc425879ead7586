package dev.safeops.core.internal;

import dev.safeops.core.Approval;
import dev.safeops.core.ApprovalLedger;
import dev.safeops.core.ApprovalRequest;
import dev.safeops.core.ApprovalVerifier;
import dev.safeops.core.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The two-person rule: which approvals count. An approval counts when its approver is a
 * human, is not the requester, has not approved already in this request, names the plan
 * digest, has not expired, passes the verifier, and has never been used (the ledger's
 * conditional write is the last check, so an invalid approval is never burnt).
 */
public final class TwoPersonRule {

  /** The approvals that counted, and why the others did not. */
  public record Tally(List<Approval> counted, List<String> rejections) {}

  private TwoPersonRule() {}

  /** Approvals needed: the policy's minimum, and never fewer than the two-person rule asks. */
  public static int required(Principal requester, int policyMinimum) {
    return Math.max(policyMinimum, requester.isHuman() ? 1 : 2);
  }

  /** Identity for the rule: ids are compared trimmed and case-insensitively, so "Alice " is alice. */
  static String identity(Principal p) {
    return p.id().strip().toLowerCase(java.util.Locale.ROOT);
  }

  public static Tally check(ApprovalRequest request, List<Approval> approvals, Instant now, ApprovalVerifier verifier,
      ApprovalLedger ledger) {
    Principal requester = request.operation().requester();
    List<Approval> counted = new ArrayList<>();
    List<String> rejections = new ArrayList<>();
    Set<String> approverIds = new HashSet<>();
    Set<String> approvalIds = new HashSet<>();
    for (Approval a : approvals) {
      if (a == null) {
        rejections.add("the approval callback returned a null approval");
        continue;
      }
      String who = a.approver().toString();
      Optional<String> why = Optional.empty();
      if (!a.approver().isHuman()) {
        why = Optional.of(who + " cannot approve: only humans approve, never agents or services");
      } else if (identity(a.approver()).equals(identity(requester))) {
        why = Optional.of(who + " cannot approve their own request");
      } else if (approverIds.contains(identity(a.approver()))) {
        why = Optional.of(who + " already approved this request; one person counts once");
      } else if (!a.planDigest().equals(request.planDigest())) {
        why = Optional.of("approval " + a.id() + " by " + who + " is for another plan (digest "
            + abbreviate(a.planDigest()) + ", this plan is " + abbreviate(request.planDigest()) + ")");
      } else if (!now.isBefore(a.expiresAt())) {
        why = Optional.of("approval " + a.id() + " by " + who + " expired at " + a.expiresAt());
      } else if (a.issuedAt().isAfter(now.plusSeconds(300))) {
        why = Optional.of("approval " + a.id() + " by " + who + " claims to be issued in the future (" + a.issuedAt() + ")");
      } else if (!approvalIds.add(a.id())) {
        why = Optional.of("approval " + a.id() + " appears twice in one answer");
      } else {
        Optional<String> rejected = verifier.reject(a);
        if (rejected == null) {
          why = Optional.of("the approval verifier returned null for approval " + a.id());
        } else {
          why = rejected;
        }
      }
      if (why.isPresent()) {
        rejections.add(why.get());
        continue;
      }
      approverIds.add(identity(a.approver()));
      counted.add(a);
    }
    // Burn approvals only when they are enough to approve: a request that is short of people
    // must not consume the approvals it did get. The ledger's conditional write then decides
    // replays across every process sharing it.
    if (counted.size() < request.approvalsRequired()) {
      return new Tally(List.copyOf(counted), List.copyOf(rejections));
    }
    List<Approval> fresh = new ArrayList<>();
    for (Approval a : counted) {
      if (ledger.markUsed(a.id(), request.operation().id(), a.expiresAt())) {
        fresh.add(a);
      } else {
        rejections.add("approval " + a.id() + " by " + a.approver() + " was already used; approvals are single-use");
      }
    }
    return new Tally(List.copyOf(fresh), List.copyOf(rejections));
  }

  static String abbreviate(String digest) {
    return digest.length() > 12 ? digest.substring(0, 12) : digest;
  }
}
