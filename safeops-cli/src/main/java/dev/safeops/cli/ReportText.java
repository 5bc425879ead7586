package dev.safeops.cli;

import dev.safeops.terraform.PlanReport;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The sentences the text and markdown reports share, so both say the same thing. */
final class ReportText {
  private ReportText() {}

  /** The verdict as check-plan's JSON and exit codes name it. */
  static String verdict(Decision.Verdict v) {
    return switch (v) {
      case ALLOW -> "ALLOW";
      case REQUIRE_APPROVALS -> "REQUIRE_APPROVAL";
      case DENY -> "DENY";
    };
  }

  /** What the verdict means for whoever holds the plan, after the verdict's name. */
  static String meaning(PlanReport r) {
    return switch (r.verdict()) {
      case ALLOW -> "no approval needed";
      case REQUIRE_APPROVALS -> count(r.approvalsRequired(), "human approval") + " needed before this plan is applied";
      case DENY -> "do not apply this plan";
    };
  }

  /** Where the verdict comes from: level, tier and requester. */
  static String context(PlanReport r) {
    return r.level() + " blast radius in " + r.tier().name().toLowerCase(Locale.ROOT) + ", requested by " + r.requester();
  }

  /** What to do next, one or two sentences. */
  static String nextStep(PlanReport r) {
    return switch (r.verdict()) {
      case ALLOW -> "the policy allows it without approval. Record and apply exactly this plan with "
          + "`safeops propose -- terraform apply` then `safeops apply ID` (a raw `terraform apply` is what the "
          + "agent hook refuses); a new plan is a new check.";
      case REQUIRE_APPROVALS -> (r.requester().isHuman()
          ? count(r.approvalsRequired(), "person") + " other than " + r.requester()
          : count(r.approvalsRequired(), "person") + " (an agent's request needs two humans; neither may be the requester)")
          + " must approve digest " + r.digest() + " before the plan is applied; an approval names the digest, "
          + "so it approves this plan and nothing else. Record the request with `safeops propose -- terraform apply`; "
          + "each approver runs `safeops approve ID --key KEY` from their own terminal; then `safeops apply ID` "
          + "re-plans to that digest and applies it once.";
      case DENY -> "do not apply it. Change the plan until no finding is " + r.level()
          + " (for example keep a final snapshot and the backups, switch deletion protection back on), "
          + "or apply it under an explicit, audited break-glass grant (Policy.breakGlass).";
    };
  }

  /** {@code 3 create, 1 delete}, in the actions' order, zeros left out; {@code none} when all are zero. */
  static String actions(Map<ChangeAction, Long> counts) {
    List<String> parts = new ArrayList<>();
    for (ChangeAction a : ChangeAction.values()) {
      long n = counts.getOrDefault(a, 0L);
      if (n > 0) {
        parts.add(number(n) + " " + action(a));
      }
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  /** {@code create}, {@code no-op}... */
  static String action(ChangeAction a) {
    return a.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** {@code resource.deleted 9,970, mass-deletion 1}, at most {@code max} rules, then how many more. */
  static String rules(Map<String, Long> byRule, int max, int maxRuleLength) {
    List<String> parts = new ArrayList<>();
    int shown = 0;
    for (Map.Entry<String, Long> e : byRule.entrySet()) {
      if (shown == max) {
        parts.add(count(byRule.size() - max, "more rule"));
        break;
      }
      parts.add(clip(e.getKey(), maxRuleLength) + " " + number(e.getValue()));
      shown++;
    }
    return String.join(", ", parts);
  }

  /** {@code 100,000}: what {@code %,d} writes in the root locale, without the formatter's start-up cost. */
  static String number(long n) {
    String digits = Long.toString(n);
    int start = n < 0 ? 1 : 0;
    StringBuilder s = new StringBuilder(digits.length() + digits.length() / 3);
    s.append(digits, 0, start);
    for (int i = start; i < digits.length(); i++) {
      if (i > start && (digits.length() - i) % 3 == 0) {
        s.append(',');
      }
      s.append(digits.charAt(i));
    }
    return s.toString();
  }

  /** {@code 1 approval}, {@code 2 approvals}. */
  static String count(long n, String noun) {
    return number(n) + " " + (n == 1 ? noun : noun.endsWith("person") ? noun.replace("person", "people") : noun + "s");
  }

  /**
   * The text on one line, without control characters (a plan's addresses and values reach a
   * terminal or a pull request: no escape sequences, no line breaks), cut to {@code max}
   * characters with a visible mark.
   */
  static String clip(String s, int max) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), max + 1));
    for (int i = 0; i < s.length() && b.length() <= max; i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (b.length() > max) {
      int keep = Math.max(0, max - 1);
      if (keep > 0 && Character.isHighSurrogate(b.charAt(keep - 1))) {
        keep--; // never half a character
      }
      b.setLength(keep);
      b.append('…');
    }
    return b.toString();
  }
}
