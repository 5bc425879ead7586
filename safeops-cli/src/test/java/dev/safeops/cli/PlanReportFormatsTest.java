package dev.safeops.cli;

import dev.safeops.terraform.PlanReport;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.Decision;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Principal;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.Tier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The renderers on reports made directly, including ones no real plan would produce. */
class PlanReportFormatsTest {
  private static final String DIGEST = "a".repeat(64);

  private static PlanReport.Builder builder() {
    return PlanReport.builder(ResourceCatalog.defaults(), PlanReport.EXAMPLES_PER_LEVEL);
  }

  private static PlanReport deny(PlanReport.Builder b, String plan, Principal requester, List<String> reasons) {
    return b.build(plan, Tier.PRODUCTION, requester, Decision.Verdict.DENY, Level.CRITICAL, 0, reasons, DIGEST);
  }

  /** The findings of one level a markdown comment lists, plus those it says it left out. */
  static long listedPlusLeftOut(String markdown, String level) {
    String current = null;
    long n = 0;
    for (String line : markdown.lines().toList()) {
      if (line.startsWith("**") && line.contains("** (")) {
        current = line.substring(2, line.indexOf("** ("));
      } else if (level.equals(current) && line.startsWith("- `")) {
        n++;
      } else if (level.equals(current) && line.startsWith("- … ")) {
        n += Long.parseLong(line.substring(4, line.indexOf(' ', 4)).replace(",", ""));
      }
    }
    return n;
  }

  @Test
  void theCommentStaysUnderTheLimitHoweverManyAndHoweverLongTheFindingsAndSaysWhatItLeftOut() {
    PlanReport.Builder b = builder();
    String longText = "x".repeat(10_000);
    for (int i = 0; i < 100_000; i++) {
      b.change("aws_db_instance", ChangeAction.DELETE);
      Level level = Level.values()[1 + i % 4];
      b.finding(new Finding("rule-" + (i % 500) + "-" + longText.substring(0, 1_000), level, "addr" + i + longText,
          "message " + i + " " + longText));
    }
    List<String> reasons = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      reasons.add("reason " + i + " " + longText);
    }
    PlanReport report = deny(b, "plan-" + longText + ".json", Principal.agent(longText), reasons);

    String md = MarkdownReport.render(report);

    assertThat(md.length()).isLessThan(MarkdownReport.LIMIT);
    for (Level level : List.of(Level.CRITICAL, Level.HIGH, Level.MEDIUM, Level.LOW)) {
      assertThat(listedPlusLeftOut(md, level.name())).as(level.name()).isEqualTo(25_000);
      assertThat(md).contains("- … ").contains(" more " + level.name() + " ");
    }
    assertThat(md).contains("100,000 changes", "**Findings:** 100,000 (25,000 CRITICAL, 25,000 HIGH, 25,000 MEDIUM, 25,000 LOW)")
        .contains("(95 more reasons in `--json`)").contains("115 more rules").contains("…");
  }

  @Test
  void aPlanCannotInjectMarkupLinksOrMentionsIntoTheComment() {
    PlanReport.Builder b = builder();
    b.change("aws_instance", ChangeAction.DELETE);
    b.finding(new Finding("resource.deleted", Level.LOW, "aws_instance.x[\"`a``b`\"]",
        "<img src=x onerror=alert(1)> [click](https://evil.example) **bold** | @team $x$ &amp; ~~gone~~\n# heading"));
    String md = MarkdownReport.render(deny(b, "p.json", Principal.human("alice"), List.of("r")));

    String line = md.lines().filter(l -> l.startsWith("- ")).findFirst().orElseThrow();
    assertThat(line).startsWith("- ```aws_instance.x[\"`a``b`\"]```: ");
    String message = line.substring(line.indexOf("```: ") + 5);
    assertThat(message).doesNotContainPattern("(?<!\\\\)[<>\\[\\]*|@$&~]").doesNotContain("\n");
    assertThat(message).startsWith("\\<img src=x onerror=alert(1)\\> \\[click\\](https://evil.example) \\*\\*bold\\*\\* \\| "
        + "\\@team \\$x\\$ \\&amp; \\~\\~gone\\~\\~ # heading");
  }

  @Test
  void theTextSummaryCarriesNoControlCharactersFromThePlan() {
    PlanReport.Builder b = builder();
    b.change("aws_instance", ChangeAction.DELETE);
    b.finding(new Finding("resource.deleted", Level.LOW, "aws_instance.x\u001b]0;pwned\u0007", "line one\nline two\u001b[2J"));

    String text = TextReport.render(deny(b, "p.json", Principal.human("alice"), List.of("r")));

    assertThat(text).doesNotContain("\u001b", "\u0007");
    assertThat(text).contains("    aws_instance.x ]0;pwned   [resource.deleted]\n      line one line two [2J\n");
  }

  @Test
  void theTextSummaryListsTwentyFindingsALevelAndCountsTheRestByRule() {
    PlanReport.Builder b = builder();
    for (int i = 0; i < 1_500; i++) {
      b.change("aws_instance", ChangeAction.DELETE);
      b.finding(new Finding(i % 3 == 0 ? "mass-deletion" : "resource.deleted", Level.LOW, "aws_instance.r" + i, "m"));
    }

    String text = TextReport.render(deny(b, "p.json", Principal.human("alice"), List.of("r")));

    assertThat(text).contains("  LOW (mass-deletion 500, resource.deleted 1,000)\n")
        .contains("aws_instance.r19  [").doesNotContain("aws_instance.r20  [")
        .contains("    ... and 1,480 more LOW (counted above by rule; `--json` lists up to 1,000 per level)\n");
  }

  @Test
  void jsonSaysHowManyFindingsItLeavesOutAndCountsThemAll() throws Exception {
    PlanReport.Builder b = builder();
    for (int i = 0; i < 1_500; i++) {
      b.finding(new Finding("resource.deleted", Level.LOW, "aws_instance.r" + i, "m"));
    }
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        JsonReport.render(deny(b, "p.json", Principal.human("alice"), List.of("r"))));

    assertThat(json.get("findings")).hasSize(PlanReport.EXAMPLES_PER_LEVEL);
    assertThat(json.get("findingsOmitted").asInt()).isEqualTo(500);
    assertThat(json.get("findingTotals").get("LOW").asInt()).isEqualTo(1_500);
  }

  @Test
  void clippingNeverSplitsACharacter() {
    assertThat(ReportText.clip("ab\uD83D\uDE00cd", 3)).isEqualTo("ab…");
    assertThat(ReportText.clip("a\uD83D\uDE00cd", 3)).isEqualTo("a…");
    assertThat(ReportText.clip("short", 10)).isEqualTo("short");
  }
}
