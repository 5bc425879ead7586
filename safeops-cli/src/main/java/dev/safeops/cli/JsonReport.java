package dev.safeops.cli;

import dev.safeops.terraform.PlanReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Finding;
import java.util.Map;

/**
 * check-plan for CI: one JSON object on one line. The fields (the README documents each):
 * {@code level}, {@code verdict}, {@code approvalsRequired}, {@code counts} (per action),
 * {@code kinds} (per kind, per action), {@code findings} (worst level first, up to
 * {@link PlanReport#EXAMPLES_PER_LEVEL} per level), {@code findingTotals} (exact, per level),
 * {@code findingsOmitted} (how many findings {@code findings} leaves out), {@code reasons} and
 * {@code digest}.
 */
final class JsonReport {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonReport() {}

  static String render(PlanReport r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("level", r.level().name());
    root.put("verdict", ReportText.verdict(r.verdict()));
    root.put("approvalsRequired", r.approvalsRequired());
    actions(root.putObject("counts"), r.counts());
    ObjectNode kinds = root.putObject("kinds");
    for (PlanReport.Kind k : PlanReport.Kind.values()) {
      actions(kinds.putObject(k.name()), r.kinds().get(k));
    }
    ArrayNode findings = root.putArray("findings");
    ObjectNode totals = root.putObject("findingTotals");
    long omitted = 0;
    for (PlanReport.FindingGroup g : r.findings()) {
      for (Finding f : g.examples()) {
        findings.addObject().put("rule", f.ruleId()).put("level", f.level().name()).put("address", f.address())
            .put("message", f.message());
      }
      totals.put(g.level().name(), g.total());
      omitted += g.omitted();
    }
    root.put("findingsOmitted", omitted);
    ArrayNode reasons = root.putArray("reasons");
    r.reasons().forEach(reasons::add);
    root.put("digest", r.digest());
    return root.toString() + "\n";
  }

  private static void actions(ObjectNode node, Map<ChangeAction, Long> counts) {
    for (ChangeAction a : ChangeAction.values()) {
      node.put(a.name(), counts.getOrDefault(a, 0L));
    }
  }
}
