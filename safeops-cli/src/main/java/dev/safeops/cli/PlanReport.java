package dev.safeops.cli;

import dev.safeops.core.BlastRadius;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Decision;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.ResourceCategory;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Tier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code check-plan} found, in the one form every output format renders (text, JSON,
 * markdown): the verdict, the blast radius level, the approvals needed, exact counts of the
 * changes by action and by kind, the findings grouped by level with exact totals but only a
 * bounded number of examples, the policy's reasons and the plan digest. Its size does not grow
 * with the plan, so a reader that streams the plan can produce it in constant memory through
 * {@link Builder} without ever holding a whole {@link Plan}. Immutable.
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
record PlanReport(
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
  static final int EXAMPLES_PER_LEVEL = 1_000;

  PlanReport {
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
   * The report of a plan read whole, as check-plan judges it today.
   *
   * @param approvalsRequired the approvals after the two-person rule
   */
  static PlanReport of(String planName, Tier tier, Principal requester, Plan plan, BlastRadius radius,
      Decision decision, int approvalsRequired, ResourceCatalog catalog) {
    Builder b = new Builder(catalog, EXAMPLES_PER_LEVEL);
    for (ResourceChange c : plan.changes()) {
      b.change(c.type(), c.action());
    }
    radius.findings().forEach(b::finding);
    return b.build(planName, tier, requester, decision.verdict(), radius.level(), approvalsRequired,
        decision.reasons(), plan.digest());
  }

  /** How many changes in all. */
  long changes() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** How many findings in all. */
  long findingTotal() {
    return findings.stream().mapToLong(FindingGroup::total).sum();
  }

  /**
   * What a resource is, for the counts a reviewer reads first; from the resource catalog's
   * categories.
   */
  enum Kind {
    /** Data stores, their backups and the keys their data is encrypted with. */
    DATA("data stores"),
    /** Network foundations (VPCs, subnets, gateways, load balancers...) and DNS. */
    NETWORK("network"),
    /** Identities, roles and policies. */
    IDENTITY("identity"),
    /** Compute and everything else, types the catalog does not know included. */
    OTHER("other");

    final String label;

    Kind(String label) {
      this.label = label;
    }

    static Kind of(ResourceCategory category) {
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
  record FindingGroup(Level level, long total, Map<String, Long> byRule, List<Finding> examples) {
    FindingGroup {
      Objects.requireNonNull(level, "level");
      byRule = Collections.unmodifiableMap(new LinkedHashMap<>(byRule));
      examples = List.copyOf(examples);
      if (examples.size() > total) {
        throw new IllegalArgumentException(examples.size() + " examples of " + total + " findings");
      }
    }

    /** How many findings of this level are not among the examples. */
    long omitted() {
      return total - examples.size();
    }
  }

  /**
   * Collects a report one change and one finding at a time, in memory bounded by the number
   * of examples kept per level and the number of distinct rule ids. Not thread-safe.
   */
  static final class Builder {
    private final ResourceCatalog catalog;
    private final int examplesPerLevel;
    private final EnumMap<ChangeAction, Long> counts = new EnumMap<>(ChangeAction.class);
    private final EnumMap<Kind, EnumMap<ChangeAction, Long>> kinds = new EnumMap<>(Kind.class);
    private final EnumMap<Level, long[]> totals = new EnumMap<>(Level.class);
    private final EnumMap<Level, Map<String, Long>> byRule = new EnumMap<>(Level.class);
    private final EnumMap<Level, List<Finding>> examples = new EnumMap<>(Level.class);

    Builder(ResourceCatalog catalog, int examplesPerLevel) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      if (examplesPerLevel < 0) {
        throw new IllegalArgumentException("examplesPerLevel must be >= 0, was " + examplesPerLevel);
      }
      this.examplesPerLevel = examplesPerLevel;
      for (ChangeAction a : ChangeAction.values()) {
        counts.put(a, 0L);
      }
      for (Kind k : Kind.values()) {
        EnumMap<ChangeAction, Long> m = new EnumMap<>(ChangeAction.class);
        for (ChangeAction a : ChangeAction.values()) {
          m.put(a, 0L);
        }
        kinds.put(k, m);
      }
      for (Level l : Level.values()) {
        totals.put(l, new long[1]);
        byRule.put(l, new LinkedHashMap<>());
        examples.put(l, new ArrayList<>());
      }
    }

    /** Counts one change of a resource of this type. */
    Builder change(String type, ChangeAction action) {
      counts.merge(action, 1L, Long::sum);
      kinds.get(Kind.of(catalog.category(type))).merge(action, 1L, Long::sum);
      return this;
    }

    /** Counts one finding, and keeps it as an example while its level has room. */
    Builder finding(Finding f) {
      totals.get(f.level())[0]++;
      byRule.get(f.level()).merge(f.ruleId(), 1L, Long::sum);
      List<Finding> kept = examples.get(f.level());
      if (kept.size() < examplesPerLevel) {
        kept.add(f);
      }
      return this;
    }

    PlanReport build(String plan, Tier tier, Principal requester, Decision.Verdict verdict, Level level,
        int approvalsRequired, List<String> reasons, String digest) {
      List<FindingGroup> groups = new ArrayList<>();
      for (int i = Level.values().length - 1; i >= 0; i--) {
        Level l = Level.values()[i];
        groups.add(new FindingGroup(l, totals.get(l)[0], byRule.get(l), examples.get(l)));
      }
      return new PlanReport(plan, tier, requester, verdict, level, approvalsRequired, counts,
          new EnumMap<>(kinds), groups, reasons, digest);
    }
  }
}
