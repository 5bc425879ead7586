package dev.safeops.cli;

import dev.safeops.terraform.PlanReport;
import dev.safeops.core.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * check-plan for a person at a terminal: the verdict on the first line, then the changes by
 * kind and action, the findings by level (at most {@link #EXAMPLES_PER_LEVEL} of each, with
 * the exact number left out and their rules), the policy's reasons, the digest and what to do
 * next. Every value from the plan is put on one line without control characters.
 */
final class TextReport {
  /** Findings listed per level; the rest are counted by rule. */
  static final int EXAMPLES_PER_LEVEL = 20;
  private static final int LONGEST = 2_000;

  private TextReport() {}

  static String render(PlanReport r) {
    List<String> lines = new ArrayList<>();
    lines.add(ReportText.verdict(r.verdict()) + ": " + ReportText.meaning(r) + " (" + ReportText.context(r) + ")");
    lines.add("");
    lines.add("plan " + ReportText.clip(r.plan(), LONGEST) + ": " + ReportText.count(r.changes(), "change")
        + (r.changes() == 0 ? "" : " (" + ReportText.actions(r.counts()) + ")"));
    for (PlanReport.Kind k : PlanReport.Kind.values()) {
      lines.add(String.format("  %-12s %s", k.label(), ReportText.actions(r.kinds().get(k))));
    }
    lines.add("");
    List<String> levels = new ArrayList<>();
    for (PlanReport.FindingGroup g : r.findings()) {
      if (g.total() > 0) {
        levels.add(ReportText.number(g.total()) + " " + g.level());
      }
    }
    lines.add("findings: " + (levels.isEmpty() ? "none" : ReportText.number(r.findingTotal()) + " (" + String.join(", ", levels) + ")"));
    for (PlanReport.FindingGroup g : r.findings()) {
      if (g.total() == 0) {
        continue;
      }
      lines.add("  " + g.level() + " (" + ReportText.rules(g.byRule(), Integer.MAX_VALUE, LONGEST) + ")");
      int shown = 0;
      for (Finding f : g.examples()) {
        if (shown == EXAMPLES_PER_LEVEL) {
          break;
        }
        lines.add("    " + ReportText.clip(f.address(), LONGEST) + "  [" + ReportText.clip(f.ruleId(), LONGEST) + "]");
        lines.add("      " + ReportText.clip(f.message(), LONGEST));
        shown++;
      }
      if (g.total() > shown) {
        lines.add("    ... and " + ReportText.number(g.total() - shown) + " more " + g.level()
            + " (counted above by rule; `--json` lists up to " + ReportText.number(PlanReport.EXAMPLES_PER_LEVEL)
            + " per level)");
      }
    }
    lines.add("");
    for (String reason : r.reasons()) {
      lines.add("policy: " + ReportText.clip(reason, LONGEST));
    }
    lines.add("digest: " + r.digest());
    lines.add("next: " + ReportText.nextStep(r));
    return String.join("\n", lines) + "\n";
  }
}
