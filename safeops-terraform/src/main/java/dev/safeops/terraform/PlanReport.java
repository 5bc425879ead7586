package dev.safeops.terraform;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.Decision;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.ResourceCategory;
import dev.safeops.core.internal.FindingLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@link PlanChecker} found in one plan: small whatever the plan's size, with exact
 * totals, so that a one-line verdict, a terminal summary, JSON for CI or a pull-request
 * comment of bounded length can all be written from it and can say precisely what they
 * leave out.
 *
 * <p>It holds the level, the policy's {@link #decision()} and the approvals it takes, the
 * {@link #digest()}, how many changes there are of each action and kind, and for each rule
 * that found anything its exact count by level and its first findings of each level as
 * examples ({@link #rules()}). Every finding can still be read, in the order the rules found
 * them, with {@link #forEachFinding}: the first thousand of each rule are kept as they are,
 * the rest compressed.
 *
 * <p>Immutable and thread-safe.
 */
public final class PlanReport {

  /** The kinds a summary counts changes by, each gathering some of the catalog's categories. */
  public enum Kind {
    /** Data stores, their backups and the keys their data is encrypted under. */
    DATA_STORES,
    /** Network foundations (VPCs, subnets, gateways, load balancers...) and DNS. */
    NETWORK,
    /** Roles, users, policies and their attachments. */
    IDENTITY,
    /** Everything else: compute, other resources, and types the catalog does not know. */
    OTHER;

    /** The kind of a catalog category. */
    public static Kind of(ResourceCategory category) {
      return switch (category) {
        case DATA_STORE, BACKUP, ENCRYPTION_KEY -> DATA_STORES;
        case NETWORK_FOUNDATION, DNS -> NETWORK;
        case IDENTITY -> IDENTITY;
        case COMPUTE, OTHER, UNKNOWN -> OTHER;
      };
    }
  }

  /**
   * What one rule found: the exact count of findings at each level, and the first findings
   * of each level (at most {@link PlanReport#examplesPerLevel()} of them).
   *
   * @param ruleId the rule's id, e.g. {@code data.irrecoverable-loss}
   * @param counts findings at each level; levels it found nothing at are absent
   * @param examples the first findings at each level, in the order they were found
   */
  public record RuleFindings(String ruleId, Map<Level, Integer> counts, Map<Level, List<Finding>> examples) {
    public RuleFindings {
      Objects.requireNonNull(ruleId, "ruleId");
      EnumMap<Level, Integer> byLevel = new EnumMap<>(Level.class);
      byLevel.putAll(counts);
      counts = Collections.unmodifiableMap(byLevel);
      EnumMap<Level, List<Finding>> copy = new EnumMap<>(Level.class);
      examples.forEach((level, list) -> copy.put(level, List.copyOf(list)));
      examples = Collections.unmodifiableMap(copy);
    }

    /** Findings of this rule in all. */
    public int total() {
      return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The worst level this rule found. */
    public Level worst() {
      return counts.keySet().stream().filter(l -> counts.get(l) > 0).reduce(Level.NONE, Level::max);
    }

    public int count(Level level) {
      return counts.getOrDefault(level, 0);
    }

    public List<Finding> examples(Level level) {
      return examples.getOrDefault(level, List.of());
    }
  }

  private final String source;
  private final Operation operation;
  private final Level level;
  private final Decision decision;
  private final int approvalsRequired;
  private final String digest;
  private final Integer priorResourceCount;
  private final int[][] counts; // [kind][action]
  private final int examplesPerLevel;
  private final List<RuleFindings> rules;
  private final List<FindingLog> logs;

  PlanReport(String source, Operation operation, Level level, Decision decision, int approvalsRequired, String digest,
      Integer priorResourceCount, int[][] counts, int examplesPerLevel, List<FindingLog> logs) {
    this.source = source;
    this.operation = operation;
    this.level = level;
    this.decision = decision;
    this.approvalsRequired = approvalsRequired;
    this.digest = digest;
    this.priorResourceCount = priorResourceCount;
    this.counts = new int[Kind.values().length][];
    for (int k = 0; k < counts.length; k++) {
      this.counts[k] = counts[k].clone();
    }
    this.examplesPerLevel = examplesPerLevel;
    this.logs = List.copyOf(logs);
    List<RuleFindings> found = new ArrayList<>();
    for (FindingLog log : logs) {
      if (log.total() == 0) {
        continue;
      }
      EnumMap<Level, Integer> byLevel = new EnumMap<>(Level.class);
      EnumMap<Level, List<Finding>> examples = new EnumMap<>(Level.class);
      for (Level l : Level.values()) {
        if (log.count(l) > 0) {
          byLevel.put(l, log.count(l));
          examples.put(l, log.examples(l));
        }
      }
      found.add(new RuleFindings(log.ruleId(), byLevel, examples));
    }
    this.rules = List.copyOf(found);
  }

  /** Where the plan came from, e.g. {@code terraform plan plan.json}. */
  public String source() {
    return source;
  }

  /** The operation the plan was judged for (its environment's tier and its requester matter). */
  public Operation operation() {
    return operation;
  }

  /** The worst level any rule found; {@link Level#NONE} when nothing was found. */
  public Level level() {
    return level;
  }

  /** What the policy decided, with its reasons. */
  public Decision decision() {
    return decision;
  }

  /**
   * Approvals the plan needs before it may run: the policy's minimum raised by the
   * two-person rule (a human requester counts as one person, an agent as none, so an agent's
   * request always needs two); 0 unless the decision is to require approvals.
   */
  public int approvalsRequired() {
    return approvalsRequired;
  }

  /** The plan's digest, which approvals bind to: the {@link dev.safeops.core.Plan#digest()} of the whole plan. */
  public String digest() {
    return digest;
  }

  /** How many resources the target managed before the plan, from {@code prior_state}. */
  public Optional<Integer> priorResourceCount() {
    return Optional.ofNullable(priorResourceCount);
  }

  /** Changes in the plan, of every action. */
  public int changes() {
    int total = 0;
    for (int[] byAction : counts) {
      for (int n : byAction) {
        total += n;
      }
    }
    return total;
  }

  /** Changes with this action. */
  public int count(ChangeAction action) {
    int total = 0;
    for (int[] byAction : counts) {
      total += byAction[action.ordinal()];
    }
    return total;
  }

  /** Changes of this kind, of every action. */
  public int count(Kind kind) {
    int total = 0;
    for (int n : counts[kind.ordinal()]) {
      total += n;
    }
    return total;
  }

  /** Changes of this kind with this action. */
  public int count(Kind kind, ChangeAction action) {
    return counts[kind.ordinal()][action.ordinal()];
  }

  /** Every action with its count, zeros included, in {@link ChangeAction} order. */
  public Map<ChangeAction, Integer> counts() {
    EnumMap<ChangeAction, Integer> m = new EnumMap<>(ChangeAction.class);
    for (ChangeAction a : ChangeAction.values()) {
      m.put(a, count(a));
    }
    return Collections.unmodifiableMap(m);
  }

  /** The rules that found something, in the order they ran. */
  public List<RuleFindings> rules() {
    return rules;
  }

  /** Findings in all. */
  public int findings() {
    return rules.stream().mapToInt(RuleFindings::total).sum();
  }

  /** Findings at this level, over every rule. */
  public int findings(Level level) {
    return rules.stream().mapToInt(r -> r.count(level)).sum();
  }

  /** The most examples {@link RuleFindings#examples(Level)} holds for one rule and level. */
  public int examplesPerLevel() {
    return examplesPerLevel;
  }

  /**
   * Hands every finding to {@code action}, grouped by rule in the order the rules ran and,
   * within a rule, in plan order: the order {@code BlastRadiusEvaluator.evaluate} lists them.
   */
  public void forEachFinding(Consumer<? super Finding> action) {
    Objects.requireNonNull(action, "action");
    logs.forEach(log -> log.forEach(action));
  }

  @Override
  public String toString() {
    return "PlanReport[" + source + ", " + changes() + " changes, " + level + ", " + decision.verdict() + ", digest "
        + digest.substring(0, 12) + "]";
  }
}
