package dev.safeops.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Environment;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Operation;
import dev.safeops.core.Principal;
import dev.safeops.core.Tier;
import dev.safeops.terraform.PlanChecker;
import dev.safeops.terraform.PlanReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code check-plan --tier production|staging|development [--requester human:ID|agent:ID]
 * PLAN.json}: judges the output of {@code terraform show -json PLANFILE} with the default
 * rules, the {@code TerraformRules} and the default policy through a {@link PlanChecker},
 * which reads the plan once and never holds it whole, and prints one JSON object: {@code
 * level}, {@code verdict} ({@code ALLOW}, {@code REQUIRE_APPROVAL}, {@code DENY}), {@code
 * approvalsRequired} (after the two-person rule: an agent's request needs two), {@code
 * counts} per action, {@code findings}, and the plan's {@code digest} and the policy's
 * {@code reasons}. Exit 0 ALLOW, 10 REQUIRE_APPROVAL, 20 DENY, 2 bad usage or input. {@code
 * -} reads the plan from stdin. The requester defaults to {@code human:check-plan}.
 */
final class CheckPlan {
  static final int ALLOW = 0;
  static final int REQUIRE_APPROVAL = 10;
  static final int DENY = 20;

  private CheckPlan() {}

  static int run(Tier tier, Principal requester, String file, InputStream in, PrintStream out) throws IOException {
    if (!file.equals("-") && Files.exists(Path.of(file)) && !Files.isRegularFile(Path.of(file))) {
      throw new InvalidInputException("'" + file + "' is not a regular file; to read a plan from a pipe, give - and send the plan to standard input.");
    }
    Operation operation = Operation.builder()
        .name("terraform apply " + (file.equals("-") ? "stdin" : Path.of(file).getFileName()))
        .requester(requester)
        .environment(Environment.of(tier.name().toLowerCase(Locale.ROOT), tier))
        .build();
    PlanChecker checker = PlanChecker.ofDefaults();
    PlanReport report = file.equals("-") ? checker.check(in, "stdin", operation) : checker.check(Path.of(file), operation);
    json(report, out);
    return switch (report.decision().verdict()) {
      case ALLOW -> ALLOW;
      case REQUIRE_APPROVALS -> REQUIRE_APPROVAL;
      case DENY -> DENY;
    };
  }

  /** One line of JSON, written as it goes: a big plan's findings are never all held at once. */
  private static void json(PlanReport report, PrintStream out) throws IOException {
    JsonGenerator g = new JsonFactory().createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.writeStartObject();
    g.writeStringField("level", report.level().name());
    g.writeStringField("verdict", switch (report.decision().verdict()) {
      case ALLOW -> "ALLOW";
      case REQUIRE_APPROVALS -> "REQUIRE_APPROVAL";
      case DENY -> "DENY";
    });
    g.writeNumberField("approvalsRequired", report.approvalsRequired());
    g.writeObjectFieldStart("counts");
    for (Map.Entry<ChangeAction, Integer> e : report.counts().entrySet()) {
      g.writeNumberField(e.getKey().name(), e.getValue());
    }
    g.writeEndObject();
    g.writeArrayFieldStart("findings");
    IOException[] failed = {null};
    report.forEachFinding(f -> {
      try {
        g.writeStartObject();
        g.writeStringField("rule", f.ruleId());
        g.writeStringField("level", f.level().name());
        g.writeStringField("address", f.address());
        g.writeStringField("message", f.message());
        g.writeEndObject();
      } catch (IOException e) {
        failed[0] = e;
      }
    });
    if (failed[0] != null) {
      throw failed[0];
    }
    g.writeEndArray();
    g.writeArrayFieldStart("reasons");
    for (String r : report.decision().reasons()) {
      g.writeString(r);
    }
    g.writeEndArray();
    g.writeStringField("digest", report.digest());
    g.writeEndObject();
    g.flush();
    out.println();
  }
}
