package dev.safeops.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.BlastRadius;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Decision;
import dev.safeops.core.Environment;
import dev.safeops.core.Finding;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.Policy;
import dev.safeops.core.Principal;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.Rule;
import dev.safeops.core.Tier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan judged as it is read gives what the whole plan gives: the same findings in the
 * same order, level, counts, decision and digest, on every corpus plan and on generated
 * plans, with the digest's runs and the spills forced down to a change or two.
 */
class PlanCheckerTest {
  @TempDir Path tmp;

  private static final List<Rule> RULES = defaults();

  private static List<Rule> defaults() {
    List<Rule> rules = new ArrayList<>(BlastRadiusEvaluator.builder().rules());
    rules.addAll(TerraformRules.all());
    return List.copyOf(rules);
  }

  private static Operation op(Tier tier, Principal requester) {
    return Operation.builder().name("terraform apply").requester(requester)
        .environment(Environment.of(tier.name().toLowerCase(Locale.ROOT), tier)).build();
  }

  /** Judges {@code file} both ways, for every tier and both kinds of requester, and compares everything. */
  private static int compare(PlanChecker checker, Path file) {
    return compare(checker, file, List.of(Tier.values()), List.of(Principal.human("alice"), Principal.agent("claude")));
  }

  private static int compare(PlanChecker checker, Path file, List<Tier> tiers, List<Principal> requesters) {
    return compare(checker, PlanReport.EXAMPLES_PER_LEVEL, file, tiers, requesters);
  }

  /** The report read as the plan streams must equal, part for part, the report made from the whole plan. */
  private static int compare(PlanChecker checker, int examples, Path file, List<Tier> tiers, List<Principal> requesters) {
    Plan plan = PlanReader.create().read(file);
    int findings = 0;
    for (Tier tier : tiers) {
      for (Principal requester : requesters) {
        Operation op = op(tier, requester);
        BlastRadius whole = BlastRadiusEvaluator.of(RULES).evaluate(plan, op);
        Decision decision = Policy.defaults().decide(op, whole);
        PlanReport.Builder expected = PlanReport.builder(ResourceCatalog.defaults(), examples);
        plan.changes().forEach(c -> expected.change(c.type(), c.action()));
        whole.findings().forEach(expected::finding);

        PlanReport report = checker.check(file, op);

        String what = file.getFileName() + " " + tier + " " + requester;
        assertThat(report).as(what).isEqualTo(expected.build(file.toString(), op, whole.level(), decision, plan.digest()));
        assertThat(report.digest()).as(what).isEqualTo(plan.digest());
        assertThat(report.changes()).isEqualTo(plan.changes().size());
        assertThat(report.findingTotal()).isEqualTo(whole.findings().size());
        if (whole.findings().size() <= examples) {
          assertThat(report.findings().stream().flatMap(g -> g.examples().stream()))
              .as("%s: every finding, worst level first, in rule order", what)
              .containsExactlyInAnyOrderElementsOf(whole.findings());
        }
        findings += whole.findings().size();
      }
    }
    return findings;
  }

  @Test
  void everyCorpusPlanIsJudgedAsTheWholePlanIsInEveryTierForHumansAndAgents() throws IOException {
    List<Path> plans;
    try (Stream<Path> files = Files.list(Corpus.terraform())) {
      plans = files.filter(f -> f.getFileName().toString().endsWith(".plan.json") && !f.getFileName().toString().contains("MALFORMED"))
          .sorted().toList();
    }
    PlanChecker checker = PlanChecker.ofDefaults();
    PlanChecker spilling = new PlanCheck(RULES, ResourceCatalog::defaults, Policy.defaults(), 2, 2000, 0);
    int findings = 0;
    for (Path plan : plans) {
      findings += compare(checker, plan);
      compare(spilling, 2, plan, List.of(Tier.PRODUCTION), List.of(Principal.agent("claude")));
    }
    assertThat(plans).hasSizeGreaterThan(25);
    assertThat(findings).as("findings compared").isGreaterThan(100);
  }

  @Test
  void generatedPlansAreJudgedAsTheWholePlanIsWhateverTheRunsAndSpills() throws IOException {
    PlanChecker spilling = new PlanCheck(RULES, ResourceCatalog::defaults, Policy.defaults(), 2, 700, 0);
    PlanChecker checker = PlanChecker.ofDefaults();
    int findings = 0;
    for (long seed = 1; seed <= 8; seed++) {
      Path file = PlanFiles.write(tmp.resolve("plan-" + seed + ".json"), seed, (int) (seed * 40), (int) (seed % 3 == 0 ? 0 : seed * 20));
      findings += compare(spilling, 2, file, List.of(Tier.values()), List.of(Principal.human("alice"), Principal.agent("claude")));
      compare(checker, file, List.of(Tier.PRODUCTION), List.of(Principal.agent("claude")));
    }
    assertThat(findings).isGreaterThan(300);
  }

  @Test
  void theMalformedCorpusPlanIsRefusedAsThePlanReaderRefusesIt() {
    Path malformed = Corpus.file("tfjson__invalid-MALFORMED-tf1.2.0rc1.plan.json");
    String expected = catchMessage(() -> PlanReader.create().read(malformed));

    assertThatThrownBy(() -> PlanChecker.ofDefaults().check(malformed, op(Tier.PRODUCTION, Principal.human("a"))))
        .isInstanceOf(InvalidInputException.class).hasMessage(expected);
  }

  @Test
  void anAddressListedTwiceIsRefusedAsThePlanReaderRefusesIt() {
    String change = "{\"address\":\"aws_vpc.main\",\"type\":\"aws_vpc\",\"change\":{\"actions\":[\"no-op\"],\"before\":{},\"after\":{}}}";
    String json = "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[" + change + "," + change + "]}";

    assertThatThrownBy(() -> PlanChecker.ofDefaults().check(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "p.json",
        op(Tier.PRODUCTION, Principal.human("a"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("p.json lists resource aws_vpc.main twice in resource_changes.");
  }

  @Test
  void aRuleThatReadsTheWholePlanIsRefusedWhenTheCheckerIsBuilt() {
    Rule whole = new Rule() {
      @Override
      public String id() {
        return "team.whole-plan";
      }

      @Override
      public List<Finding> evaluate(Plan plan, Operation operation) {
        return List.of();
      }
    };

    assertThatThrownBy(() -> PlanChecker.builder().rules(List.of(whole)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("team.whole-plan")
        .hasMessageContaining("WHOLE_PLAN");
  }

  @Test
  void changesAreCountedByKindAndActionAndFindingsKeepExactTotalsBeyondTheirExamples() {
    StringBuilder changes = new StringBuilder();
    String[][] rows = {
      {"aws_db_instance.main", "aws_db_instance", "delete"},
      {"aws_vpc.main", "aws_vpc", "create"},
      {"aws_iam_role.task", "aws_iam_role", "update"},
      {"aws_route53_record.www", "aws_route53_record", "delete"},
      {"aws_instance.web", "aws_instance", "no-op"},
    };
    for (String[] r : rows) {
      changes.append("{\"address\":\"").append(r[0]).append("\",\"type\":\"").append(r[1]).append("\",\"change\":{\"actions\":[\"")
          .append(r[2]).append("\"],\"before\":{},\"after\":{}}},");
    }
    for (int i = 0; i < 30; i++) {
      changes.append("{\"address\":\"aws_instance.w[").append(i).append("]\",\"type\":\"aws_instance\",\"change\":{\"actions\":[\"delete\"],")
          .append("\"before\":{},\"after\":null}}").append(i < 29 ? "," : "");
    }
    String json = "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[" + changes + "]}";

    PlanReport report = PlanChecker.builder().examplesPerLevel(3).build()
        .check(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "p.json", op(Tier.PRODUCTION, Principal.agent("a")));

    assertThat(report.kinds().get(PlanReport.Kind.DATA).get(ChangeAction.DELETE)).isEqualTo(1);
    assertThat(report.kinds().get(PlanReport.Kind.NETWORK).get(ChangeAction.CREATE)).isEqualTo(1);
    assertThat(report.kinds().get(PlanReport.Kind.NETWORK).get(ChangeAction.DELETE)).isEqualTo(1);
    assertThat(report.kinds().get(PlanReport.Kind.IDENTITY).get(ChangeAction.UPDATE)).isEqualTo(1);
    assertThat(report.kinds().get(PlanReport.Kind.OTHER).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(31);
    assertThat(report.changes()).isEqualTo(35);
    assertThat(report.counts().get(ChangeAction.DELETE)).isEqualTo(32);
    PlanReport.FindingGroup low = report.findings().stream().filter(g -> g.level() == Level.LOW).findFirst().orElseThrow();
    assertThat(low.byRule().get("resource.deleted")).isEqualTo(31);
    assertThat(low.examples()).hasSize(3).extracting(Finding::address)
        .containsExactly("aws_route53_record.www", "aws_instance.w[0]", "aws_instance.w[1]");
    assertThat(low.omitted()).isEqualTo(low.total() - 3);
    assertThat(report.level()).isEqualTo(Level.HIGH);
    assertThat(report.approvalsRequired()).isEqualTo(2);
  }

  /**
   * A plan whose attributes alone are larger than this module's whole test heap (96 MB, see
   * the pom), generated as it is read and in no particular order: the whole plan cannot be
   * held here, and the checker must not try.
   */
  @Test
  void aPlanLargerThanTheHeapIsJudgedAsItIsRead() {
    int changes = 60_000;
    String blob = "x".repeat(1000);
    java.io.InputStream plan = new java.io.InputStream() {
      private int next = -1;
      private byte[] current = ("{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[").getBytes(StandardCharsets.UTF_8);
      private int pos;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        while (pos == current.length) {
          if (++next > changes) {
            return -1;
          }
          // Addresses out of order, so the digest must sort runs it cannot hold together.
          int i = (int) ((next * 7919L) % changes);
          String action = i % 10 == 0 ? "delete" : "update";
          current = (next == changes ? "]}" : (next > 0 ? "," : "") + "{\"address\":\"aws_instance.w[" + i + "]\",\"type\":\"aws_instance\","
              + "\"change\":{\"actions\":[\"" + action + "\"],\"before\":{\"user_data\":\"" + blob + i + "\"},\"after\":"
              + (action.equals("delete") ? "null" : "{\"user_data\":\"" + i + blob + "\"}") + "}}").getBytes(StandardCharsets.UTF_8);
          pos = 0;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
      }
    };

    PlanReport report = PlanChecker.ofDefaults().check(plan, "big.json", op(Tier.PRODUCTION, Principal.human("alice")));

    assertThat(report.changes()).isEqualTo(changes);
    assertThat(report.counts().get(ChangeAction.DELETE)).isEqualTo(changes / 10);
    assertThat(report.findings().stream().flatMap(g -> g.byRule().keySet().stream())).contains("mass-deletion", "resource.deleted");
    assertThat(report.digest()).hasSize(64);
    assertThat((long) changes * blob.length() * 2).isGreaterThan(Runtime.getRuntime().maxMemory());
  }

  private static String catchMessage(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a refusal");
  }
}
