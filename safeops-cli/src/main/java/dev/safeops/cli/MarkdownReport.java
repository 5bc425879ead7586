package dev.safeops.cli;

import dev.safeops.terraform.PlanReport;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * check-plan as a pull-request comment (GitHub-flavoured markdown). It stays under
 * {@link #LIMIT} characters whatever the plan's size (GitHub refuses comments over 65,536):
 * the verdict, a table of changes by kind and action, and the findings by level with exact
 * totals per rule; it lists as many findings as fit, at most {@link #EXAMPLES_PER_LEVEL} per
 * level, and says for each level how many it left out. Long addresses and messages are cut
 * with a visible {@code …}. Text from the plan is escaped, so a plan cannot inject markup,
 * HTML or links into the comment.
 */
final class MarkdownReport {
  /** The most characters a comment may have. */
  static final int LIMIT = 65_000;
  static final int EXAMPLES_PER_LEVEL = 25;
  /** Room for the findings; everything else is bounded well below the rest of the limit. */
  private static final int FINDINGS_BUDGET = 48_000;
  private static final int ADDRESS = 200;
  private static final int MESSAGE = 400;
  private static final int RULE = 80;
  private static final int RULES_PER_LEVEL = 10;
  private static final int REASONS = 5;
  private static final int REASON = 500;
  private static final int OMITTED_LINE = 400;

  private MarkdownReport() {}

  static String render(PlanReport r) {
    StringBuilder md = new StringBuilder();
    md.append("### safeops check-plan: ").append(ReportText.verdict(r.verdict())).append("\n\n");
    md.append("**").append(capitalised(ReportText.meaning(r))).append("**: ")
        .append(r.level()).append(" blast radius in ").append(r.tier().name().toLowerCase(java.util.Locale.ROOT))
        .append(", requested by ").append(code(ReportText.clip(r.requester().toString(), RULE))).append(".\n\n");

    md.append("Plan ").append(code(ReportText.clip(r.plan(), ADDRESS))).append(": ")
        .append(ReportText.count(r.changes(), "change")).append(".\n\n");
    md.append("| kind |");
    for (ChangeAction a : ChangeAction.values()) {
      md.append(' ').append(ReportText.action(a)).append(" |");
    }
    md.append("\n|---|").append("---:|".repeat(ChangeAction.values().length)).append('\n');
    for (PlanReport.Kind k : PlanReport.Kind.values()) {
      md.append("| ").append(k.label()).append(" |");
      for (ChangeAction a : ChangeAction.values()) {
        md.append(' ').append(ReportText.number(r.kinds().get(k).get(a))).append(" |");
      }
      md.append('\n');
    }
    md.append("| **all** |");
    for (ChangeAction a : ChangeAction.values()) {
      md.append(" **").append(ReportText.number(r.counts().get(a))).append("** |");
    }
    md.append("\n\n");

    md.append(findings(r));

    md.append("**Policy:** ");
    List<String> reasons = new ArrayList<>();
    for (String reason : r.reasons()) {
      if (reasons.size() == REASONS) {
        reasons.add("(" + ReportText.count(r.reasons().size() - REASONS, "more reason") + " in `--json`)");
        break;
      }
      reasons.add(escape(ReportText.clip(reason, REASON)));
    }
    md.append(String.join("; ", reasons)).append("\n\n");
    md.append("**Next:** ").append(escapeExceptCode(ReportText.nextStep(r))).append("\n\n");
    md.append("<sub>plan digest ").append(code(r.digest())).append("</sub>\n");
    if (md.length() > LIMIT) {
      // Unreachable by construction; refuse rather than post a comment GitHub would truncate or reject.
      throw new IllegalStateException("the markdown summary came to " + md.length() + " characters, over " + LIMIT);
    }
    return md.toString();
  }

  private static String findings(PlanReport r) {
    StringBuilder md = new StringBuilder();
    if (r.findingTotal() == 0) {
      return "**Findings:** none.\n\n";
    }
    List<String> levels = new ArrayList<>();
    List<String> headers = new ArrayList<>();
    int reserved = 0;
    for (PlanReport.FindingGroup g : r.findings()) {
      if (g.total() > 0) {
        levels.add(ReportText.number(g.total()) + " " + g.level());
        String header = "**" + g.level() + "** (" + escape(ReportText.rules(g.byRule(), RULES_PER_LEVEL, RULE)) + ")\n\n";
        headers.add(header);
        reserved += header.length() + OMITTED_LINE;
      }
    }
    md.append("**Findings:** ").append(ReportText.number(r.findingTotal())).append(" (")
        .append(String.join(", ", levels)).append(")\n\n");
    int room = FINDINGS_BUDGET - reserved;
    boolean full = false;
    int h = 0;
    for (PlanReport.FindingGroup g : r.findings()) {
      if (g.total() == 0) {
        continue;
      }
      md.append(headers.get(h++));
      int shown = 0;
      for (Finding f : g.examples()) {
        if (shown == EXAMPLES_PER_LEVEL) {
          break;
        }
        String line = "- " + code(ReportText.clip(f.address(), ADDRESS)) + ": "
            + escape(ReportText.clip(f.message(), MESSAGE)) + " (" + code(ReportText.clip(f.ruleId(), RULE)) + ")\n";
        if (full || line.length() > room) {
          full = true;
          break;
        }
        room -= line.length();
        md.append(line);
        shown++;
      }
      long omitted = g.total() - shown;
      if (omitted > 0) {
        md.append("- … ").append(ReportText.number(omitted)).append(" more ").append(g.level())
            .append(shown == 0 ? " findings, none listed here" : " not listed here")
            .append(full ? " (this comment has no room for more)" : "")
            .append("; every one is counted above by rule, and `safeops check-plan --json` lists up to ")
            .append(ReportText.number(PlanReport.EXAMPLES_PER_LEVEL)).append(" per level.\n");
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** A code span that holds any text: its fence is longer than any run of backticks inside. */
  static String code(String s) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      run = s.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(longest + 1);
    String pad = s.startsWith("`") || s.endsWith("`") || s.isBlank() ? " " : "";
    return fence + pad + s + pad + fence;
  }

  /**
   * Plain text inside a line: the characters that could start markup there are
   * backslash-escaped (CommonMark allows that for any ASCII punctuation), so HTML ({@code <img>}),
   * links and images ({@code [..](..)}), emphasis, strikethrough, math, entities, table pipes
   * and mentions stay text. What only means something at the start of a line ({@code #},
   * {@code -}, {@code 1.}) cannot occur there: every line starts with our own text.
   */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("\\`*_[]<>|~&$@".indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  /** Our own sentences: escaped, but their {@code `code`} spans kept as code. */
  private static String escapeExceptCode(String s) {
    StringBuilder b = new StringBuilder();
    String[] parts = s.split("`", -1);
    for (int i = 0; i < parts.length; i++) {
      b.append(i % 2 == 0 ? escape(parts[i]) : code(parts[i]));
    }
    return b.toString();
  }
}
