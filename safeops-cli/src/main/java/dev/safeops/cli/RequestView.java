package dev.safeops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.core.BlastRadius;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Environment;
import dev.safeops.core.Finding;
import dev.safeops.core.RequestRecord;
import dev.safeops.core.RequestRecord.Answer;
import dev.safeops.terraform.StateGuard;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a person must see to decide on a request, as text for a terminal and as one JSON object
 * for programs: who asks and why, where, what changes (counts, findings, level), the digest and
 * the state it is bound to, the expiry, who answered so far, and the exact commands to approve
 * and apply it. The same fields in both forms.
 */
final class RequestView {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FINDINGS_SHOWN = 20;

  private final SafeopsHome home;
  private final Instant now;

  RequestView(SafeopsHome home, Instant now) {
    this.home = home;
    this.now = now;
  }

  String approveCommand(RequestRecord r) {
    return "safeops approve " + r.id() + " --key ~/.ssh/id_ed25519" + homeOption();
  }

  String denyCommand(RequestRecord r) {
    return "safeops deny " + r.id() + " --key ~/.ssh/id_ed25519 --reason TEXT" + homeOption();
  }

  String applyCommand(RequestRecord r) {
    return "safeops apply " + r.id() + homeOption();
  }

  private String homeOption() {
    return home.explicit() ? " --home " + home.dir() : "";
  }

  // ---- JSON -----------------------------------------------------------------------------------

  ObjectNode json(RequestRecord r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", r.id());
    n.put("status", r.statusAt(now).name());
    n.put("statusReason", r.statusReason());
    n.put("operation", r.operation().name());
    n.put("requester", r.operation().requester().toString());
    n.put("reason", r.operation().reason());
    environment(n, r.operation().environment());
    n.put("scope", r.scope());
    n.put("digest", r.planDigest());
    radius(n, r.blastRadius(), r.findingsOmitted());
    n.put("approvalsRequired", r.approvalsRequired());
    ArrayNode why = n.putArray("decisionReasons");
    r.decisionReasons().forEach(why::add);
    state(n, r.bindings());
    n.put("createdAt", r.createdAt().toString());
    n.put("expiresAt", r.expiresAt().toString());
    ArrayNode approvals = n.putArray("approvals");
    ArrayNode denials = n.putArray("denials");
    for (Answer a : r.answers()) {
      ObjectNode x = (a.kind() == Answer.Kind.APPROVE ? approvals : denials).addObject();
      x.put("approver", a.approver().id()).put("key", a.keyFingerprint()).put("at", a.at().toString());
      if (a.kind() == Answer.Kind.DENY) {
        x.put("reason", a.reason());
      }
    }
    r.claimedBy().ifPresent(c -> n.put("claimedBy", c));
    n.put("approveCommand", approveCommand(r));
    n.put("applyCommand", applyCommand(r));
    return n;
  }

  static void environment(ObjectNode n, Environment e) {
    n.put("environment", e.name());
    n.put("tier", e.tier().name());
    e.accountId().ifPresent(a -> n.put("account", a));
    e.region().ifPresent(a -> n.put("region", a));
  }

  static void radius(ObjectNode n, BlastRadius radius, int omitted) {
    n.put("level", radius.level().name());
    ObjectNode counts = n.putObject("counts");
    for (ChangeAction a : ChangeAction.values()) {
      counts.put(a.name(), radius.count(a));
    }
    ArrayNode findings = n.putArray("findings");
    for (Finding f : radius.findings()) {
      findings.addObject().put("rule", f.ruleId()).put("level", f.level().name()).put("address", f.address())
          .put("message", f.message());
    }
    n.put("findingsOmitted", omitted);
  }

  static void state(ObjectNode n, Map<String, String> bindings) {
    String lineage = bindings.get(StateGuard.LINEAGE);
    if (lineage != null) {
      ObjectNode s = n.putObject("state");
      s.put("workspace", bindings.getOrDefault(StateGuard.WORKSPACE, ""));
      s.put("lineage", lineage);
      s.put("serial", bindings.getOrDefault(StateGuard.SERIAL, "none"));
    }
  }

  // ---- text -----------------------------------------------------------------------------------

  void print(RequestRecord r, PrintStream out) {
    out.println("request     " + r.id() + "  " + r.statusAt(now) + (r.statusReason().isEmpty() ? "" : " (" + r.statusReason() + ")"));
    details(r.operation().name(), r.operation().requester().toString(), r.operation().reason(), r.operation().environment(),
        r.blastRadius(), r.findingsOmitted(), r.planDigest(), r.bindings(), out);
    out.println("approvals   " + r.approvals().size() + " of " + r.approvalsRequired()
        + (r.approvals().isEmpty() ? "" : ": " + String.join(", ", r.approvals().stream()
            .map(a -> a.approver().id() + " (" + a.keyFingerprint() + ", " + a.at() + ")").toList())));
    for (Answer d : r.denials()) {
      out.println("denied by   " + d.approver().id() + " (" + d.keyFingerprint() + ", " + d.at() + "): " + d.reason());
    }
    out.println("expires     " + r.expiresAt());
    r.claimedBy().ifPresent(c -> out.println("applied by  operation " + c));
  }

  static void details(String operation, String requester, String reason, Environment e, BlastRadius radius, int omitted,
      String digest, Map<String, String> bindings, PrintStream out) {
    out.println("operation   " + operation);
    out.println("requester   " + requester);
    out.println("reason      " + (reason.isEmpty() ? "(none given)" : reason));
    out.println("environment " + e.name() + " (" + e.tier().name().toLowerCase(Locale.ROOT) + ")"
        + e.accountId().map(a -> ", account " + a).orElse("") + e.region().map(x -> ", region " + x).orElse(""));
    StringBuilder counts = new StringBuilder();
    for (ChangeAction a : List.of(ChangeAction.DELETE, ChangeAction.REPLACE, ChangeAction.UPDATE, ChangeAction.CREATE)) {
      if (counts.length() > 0) {
        counts.append(", ");
      }
      counts.append(radius.count(a)).append(' ').append(a.name().toLowerCase(Locale.ROOT));
    }
    out.println("changes     " + counts);
    out.println("level       " + radius.level());
    int shown = 0;
    for (Finding f : radius.findings()) {
      if (shown++ == FINDINGS_SHOWN) {
        break;
      }
      out.println("  " + f.level() + " " + f.ruleId() + " " + f.address() + ": " + f.message());
    }
    int more = radius.findings().size() - Math.min(radius.findings().size(), FINDINGS_SHOWN) + omitted;
    if (more > 0) {
      out.println("  ... and " + more + " more finding(s) (--json lists them)");
    }
    out.println("digest      " + digest);
    String lineage = bindings.get(StateGuard.LINEAGE);
    if (lineage != null) {
      out.println("state       lineage " + lineage + ", serial " + bindings.getOrDefault(StateGuard.SERIAL, "none")
          + " (workspace " + bindings.getOrDefault(StateGuard.WORKSPACE, "?") + ")");
    }
  }

  /** One line per request, newest first. */
  void table(List<RequestRecord> requests, PrintStream out) {
    if (requests.isEmpty()) {
      out.println("no approval requests in " + home);
      return;
    }
    out.printf("%-16s  %-8s  %-9s  %-8s  %-20s  %-20s  %s%n", "ID", "STATUS", "APPROVALS", "LEVEL", "ENVIRONMENT", "REQUESTER", "OPERATION");
    for (RequestRecord r : requests) {
      out.printf("%-16s  %-8s  %-9s  %-8s  %-20s  %-20s  %s%n", r.id(), r.statusAt(now),
          r.approvals().size() + "/" + r.approvalsRequired(), r.blastRadius().level(), r.operation().environment().name(),
          r.operation().requester(), r.operation().name());
    }
  }
}
