package dev.safeops.cli;

import dev.safeops.terraform.PlanReport;

/** check-plan's output formats; each renders a {@link PlanReport} and nothing else. */
enum ReportFormat {
  /** For a person at a terminal (the default). */
  TEXT,
  /** One JSON object, for CI and scripts. */
  JSON,
  /** A pull-request comment under 65,000 characters. */
  MARKDOWN;

  String render(PlanReport report) {
    return switch (this) {
      case TEXT -> TextReport.render(report);
      case JSON -> JsonReport.render(report);
      case MARKDOWN -> MarkdownReport.render(report);
    };
  }
}
