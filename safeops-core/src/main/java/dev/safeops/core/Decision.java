package dev.safeops.core;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link Policy} decided, always with the reasons.
 *
 * @param verdict allow, require approvals, or deny
 * @param approvalsRequired for {@link Verdict#REQUIRE_APPROVALS}, the minimum number of
 *     valid approvals; the two-person rule may ask for more (an agent's request always needs
 *     two); zero otherwise
 * @param reasons why, one sentence each; never empty
 * @param breakGlass true when an explicit break-glass grant lifted a deny; audited
 */
public record Decision(Verdict verdict, int approvalsRequired, List<String> reasons, boolean breakGlass) {

  /** The three answers a policy can give. */
  public enum Verdict { ALLOW, REQUIRE_APPROVALS, DENY }

  public Decision {
    Objects.requireNonNull(verdict, "verdict");
    reasons = List.copyOf(reasons);
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("a decision needs at least one reason");
    }
    if (verdict == Verdict.REQUIRE_APPROVALS && approvalsRequired < 1) {
      throw new IllegalArgumentException("REQUIRE_APPROVALS needs at least 1 approval, was " + approvalsRequired);
    }
    if (verdict != Verdict.REQUIRE_APPROVALS && approvalsRequired != 0) {
      throw new IllegalArgumentException(verdict + " takes no approvals, was " + approvalsRequired);
    }
  }

  public static Decision allow(String reason) {
    return new Decision(Verdict.ALLOW, 0, List.of(reason), false);
  }

  public static Decision requireApprovals(int approvals, String reason) {
    return new Decision(Verdict.REQUIRE_APPROVALS, approvals, List.of(reason), false);
  }

  public static Decision deny(String reason) {
    return new Decision(Verdict.DENY, 0, List.of(reason), false);
  }
}
