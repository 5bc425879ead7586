package dev.safeops.terraform;

import dev.safeops.core.BlastRadius;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Decision;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.ResourceCategory;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Tier;
import dev.safeops.core.internal.TwoPersonRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a plan check found, in the one form every output of {@code safeops check-plan} renders
 * (text, JSON, markdown): the verdict, the blast radius level, the approvals needed, exact
 * counts of the changes by action and by kind, the findings grouped by level with exact totals
 * (in all and per rule) but only a bounded number of examples, the policy's reasons and the
 * plan digest. Its size does not grow with the plan: {@link PlanChecker} produces it from a
 * plan it reads once and never holds; {@link #of} from a {@link Plan} already in memory, with
 * the same result for the same plan and rules. Immutable and thread-safe.
 *
 * @param plan how the plan was named on the command line ({@code -} for stdin)
 * @param tier the environment tier it was judged for
 * @param requester who asks
 * @param verdict the policy's answer
 * @param level the blast radius level (the worst finding)
 * @param approvalsRequired human approvals needed after the two-person rule; 0 unless the
 *     verdict is {@link Decision.Verdict#REQUIRE_APPROVALS}
 * @param counts changes per action, every action present
 * @param kinds changes per kind and action, every kind and action present
 * @param findings one group per level, worst first, every level present
 * @param reasons the policy's reasons, one sentence each
 * @param digest the plan digest approvals are bound to
 */
public record PlanReport(
    String plan,
    Tier tier,
    Principal requester,
    Decision.Verdict verdict,
    Level level,
    int approvalsRequired,
    Map<ChangeAction, Long> counts,
    Map<Kind, Map<ChangeAction, Long>> kinds,
    List<FindingGroup> findings,
    List<String> reasons,
    String digest) {

  /** How many findings of each level a report keeps as examples, whatever the plan's size. */
  public static final int EXAMPLES_PER_LEVEL = 1_000;

  public PlanReport {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(digest, "digest");
    counts = Collections.unmodifiableMap(new EnumMap<>(counts));
    EnumMap<Kind, Map<ChangeAction, Long>> k = new EnumMap<>(Kind.class);
    kinds.forEach((kind, byAction) -> k.put(kind, Collections.unmodifiableMap(new EnumMap<>(byAction))));
    kinds = Collections.unmodifiableMap(k);
    findings = List.copyOf(findings);
    reasons = List.copyOf(reasons);
    if ((verdict == Decision.Verdict.REQUIRE_APPROVALS) != (approvalsRequired > 0)) {
      throw new IllegalArgumentException(verdict + " with " + approvalsRequired + " approvals required");
    }
  }

  /**
   * The report of a plan judged whole (a {@link BlastRadius} from {@code
   * BlastRadiusEvaluator.evaluate} and the policy's {@link Decision} on it): for rules that
   * need the whole plan, such as the live evidence rule. The approvals needed are the
   * policy's minimum raised by the two-person rule.
   *
   * @param planName how the plan is named to a reader, e.g. the path given on the command line
   */
  public static PlanReport of(String planName, Operation operation, Plan plan, BlastRadius radius, Decision decision,
      ResourceCatalog catalog) {
    Builder b = builder(catalog, EXAMPLES_PER_LEVEL);
    for (ResourceChange c : plan.changes()) {
      b.change(c.type(), c.action());
    }
    radius.findings().forEach(b::finding);
    return b.build(planName, operation, radius.level(), decision, plan.digest());
  }

  /** A builder that keeps at most {@code examplesPerLevel} findings of each level as examples. */
  public static Builder builder(ResourceCatalog catalog, int examplesPerLevel) {
    return new Builder(catalog, examplesPerLevel);
  }

  /** How many changes in all. */
  public long changes() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** How many findings in all. */
  public long findingTotal() {
    return findings.stream().mapToLong(FindingGroup::total).sum();
  }

  /**
   * What a resource is, for the counts a reviewer reads first; from the resource catalog's
   * categories.
   */
  public enum Kind {
    /** Data stores, their backups and the keys their data is encrypted with. */
    DATA("data stores"),
    /** Network foundations (VPCs, subnets, gateways, load balancers...) and DNS. */
    NETWORK("network"),
    /** Identities, roles and policies. */
    IDENTITY("identity"),
    /** Compute and everything else, types the catalog does not know included. */
    OTHER("other");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** How a summary names the kind, e.g. {@code data stores}. */
    public String label() {
      return label;
    }

    /** The kind of a catalog category. */
    public static Kind of(ResourceCategory category) {
      return switch (category) {
        case DATA_STORE, BACKUP, ENCRYPTION_KEY -> DATA;
        case NETWORK_FOUNDATION, DNS -> NETWORK;
        case IDENTITY -> IDENTITY;
        case COMPUTE, OTHER, UNKNOWN -> OTHER;
      };
    }
  }

  /**
   * The findings of one level: the exact total, the exact total per rule, and the first few
   * as examples (in the order the rules reported them).
   */
  public record FindingGroup(Level level, long total, Map<String, Long> byRule, List<Finding> examples) {
    public FindingGroup {
      Objects.requireNonNull(level, "level");
      byRule = Collections.unmodifiableMap(new LinkedHashMap<>(byRule));
      examples = List.copyOf(examples);
      if (examples.size() > total) {
        throw new IllegalArgumentException(examples.size() + " examples of " + total + " findings");
      }
    }

    /** How many findings of this level are not among the examples. */
    public long omitted() {
      return total - examples.size();
    }
  }

  /**
   * Collects a report one change and one finding at a time, in memory bounded by the number
   * of examples kept per level and the number of distinct rule ids. Not thread-safe.
   */
  public static final class Builder {
    private final ResourceCatalog catalog;
    private final int examplesPerLevel;
    // Counted in arrays (by ordinal), not maps of boxed longs: a big plan counts a million changes.
    private final long[] counts = new long[ChangeAction.values().length];
    private final long[][] kinds = new long[Kind.values().length][ChangeAction.values().length];
    private final EnumMap<Level, long[]> totals = new EnumMap<>(Level.class);
    private final EnumMap<Level, Map<String, Long>> byRule = new EnumMap<>(Level.class);
    private final EnumMap<Level, List<Finding>> examples = new EnumMap<>(Level.class);

    private Builder(ResourceCatalog catalog, int examplesPerLevel) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      if (examplesPerLevel < 0) {
        throw new IllegalArgumentException("examplesPerLevel must be >= 0, was " + examplesPerLevel);
      }
      this.examplesPerLevel = examplesPerLevel;
      for (Level l : Level.values()) {
        totals.put(l, new long[1]);
        byRule.put(l, new LinkedHashMap<>());
        examples.put(l, new ArrayList<>());
      }
    }

    /** Counts one change of a resource of this type. */
    public Builder change(String type, ChangeAction action) {
      counts[action.ordinal()]++;
      kinds[Kind.of(catalog.category(type)).ordinal()][action.ordinal()]++;
      return this;
    }

    /** Counts one finding, and keeps it as an example while its level has room. */
    public Builder finding(Finding f) {
      totals.get(f.level())[0]++;
      byRule.get(f.level()).merge(f.ruleId(), 1L, Long::sum);
      List<Finding> kept = examples.get(f.level());
      if (kept.size() < examplesPerLevel) {
        kept.add(f);
      }
      return this;
    }

    /**
     * The findings one rule reported at one level, given at once: {@code total} of them, of
     * which {@code first} are the first in the order the rule reported them. The same report
     * as giving each to {@link #finding} when rules are given in the order they ran.
     */
    Builder findings(String ruleId, Level level, long total, List<Finding> first) {
      if (total == 0) {
        return this;
      }
      totals.get(level)[0] += total;
      byRule.get(level).merge(ruleId, total, Long::sum);
      List<Finding> kept = examples.get(level);
      for (int i = 0; i < first.size() && kept.size() < examplesPerLevel; i++) {
        kept.add(first.get(i));
      }
      return this;
    }

    /**
     * The report, for a plan judged for {@code operation} (its environment's tier and its
     * requester); the approvals needed are the decision's minimum raised by the two-person
     * rule (a human requester counts as one person, an agent as none).
     */
    public PlanReport build(String plan, Operation operation, Level level, Decision decision, String digest) {
      int approvals = decision.verdict() == Decision.Verdict.REQUIRE_APPROVALS
          ? TwoPersonRule.required(operation.requester(), decision.approvalsRequired()) : 0;
      return build(plan, operation.environment().tier(), operation.requester(), decision.verdict(), level, approvals,
          decision.reasons(), digest);
    }

    /** The report, with every part given as it is. */
    public PlanReport build(String plan, Tier tier, Principal requester, Decision.Verdict verdict, Level level,
        int approvalsRequired, List<String> reasons, String digest) {
      List<FindingGroup> groups = new ArrayList<>();
      for (int i = Level.values().length - 1; i >= 0; i--) {
        Level l = Level.values()[i];
        groups.add(new FindingGroup(l, totals.get(l)[0], byRule.get(l), examples.get(l)));
      }
      EnumMap<Kind, Map<ChangeAction, Long>> byKind = new EnumMap<>(Kind.class);
      for (Kind k : Kind.values()) {
        byKind.put(k, byAction(kinds[k.ordinal()]));
      }
      return new PlanReport(plan, tier, requester, verdict, level, approvalsRequired, byAction(counts), byKind, groups,
          reasons, digest);
    }

    /** Every action, with its count. */
    private static EnumMap<ChangeAction, Long> byAction(long[] counts) {
      EnumMap<ChangeAction, Long> m = new EnumMap<>(ChangeAction.class);
      for (ChangeAction a : ChangeAction.values()) {
        m.put(a, counts[a.ordinal()]);
      }
      return m;
    }
  }
}
