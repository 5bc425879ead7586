package dev.safeops.core.internal;

import dev.safeops.core.BlastRadius;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Finding;
import dev.safeops.core.InvariantViolationException;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Rule;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules of a {@link RuleEvaluator}, run on a plan given one change at a time and never
 * held whole. {@link Rule.Scope#EACH_CHANGE} rules judge each change as it arrives (a {@link
 * ChangeRule} the change itself, any other rule a one-change plan); the change is then
 * dropped. {@link Rule.Scope#SKELETON} rules run once in {@link #finish}, with the whole
 * plan's facts and digest: an {@link ActionCountRule} on the number of changes of each action,
 * counted here; any other on the plan's skeleton (no attributes), which is kept in a {@link
 * SkeletonChanges} only when such a rule is present. Each rule's findings go to its own {@link
 * FindingLog}, so the findings come out grouped by rule in rule order and, within a rule, in
 * plan order: exactly what {@link RuleEvaluator} gives for rules that keep the promise of
 * their scope. Not thread-safe.
 */
public final class StreamingEvaluation implements Closeable {
  /** Up to this many findings in all, the policy decides on all of them. */
  public static final int POLICY_FINDINGS = 10_000;

  /** What the rules found, with exact totals. */
  public record Result(Level level, Map<ChangeAction, Integer> counts, List<FindingLog> byRule, BlastRadius blastRadius) {}

  private final List<Rule> rules;
  private final Operation operation;
  private final List<FindingLog> logs = new ArrayList<>();
  private final int[] eachChange;
  private final int[] skeletal;
  private final SkeletonChanges skeleton;
  private final int[] counts = new int[ChangeAction.values().length];
  /** What a {@link ChangeRule} found in the change at hand; reused from change to change. */
  private final List<Finding> judged = new ArrayList<>();

  /**
   * @throws IllegalArgumentException naming the first rule whose scope is {@link Rule.Scope#WHOLE_PLAN}
   */
  public StreamingEvaluation(List<? extends Rule> rules, Operation operation, int examplesPerLevel, long spillMemory) {
    this.rules = List.copyOf(rules);
    this.operation = Objects.requireNonNull(operation, "operation");
    List<Integer> each = new ArrayList<>();
    List<Integer> skeletons = new ArrayList<>();
    for (int i = 0; i < this.rules.size(); i++) {
      Rule rule = this.rules.get(i);
      Rule.Scope scope = rule.scope();
      if (scope == Rule.Scope.EACH_CHANGE) {
        each.add(i);
      } else if (scope == Rule.Scope.SKELETON) {
        skeletons.add(i);
      } else {
        requireNarrow(List.of(rule));
      }
      logs.add(new FindingLog(rule.id(), examplesPerLevel));
    }
    this.eachChange = each.stream().mapToInt(Integer::intValue).toArray();
    this.skeletal = skeletons.stream().mapToInt(Integer::intValue).toArray();
    boolean counting = true;
    for (int i : skeletal) {
      counting &= this.rules.get(i) instanceof ActionCountRule;
    }
    // Rules that only count actions get the counts kept here: no skeleton for them.
    this.skeleton = counting ? null : new SkeletonChanges(spillMemory);
  }

  /**
   * @throws IllegalArgumentException naming the first rule whose scope is {@link Rule.Scope#WHOLE_PLAN}: it
   *     cannot judge a plan as it is read
   */
  public static void requireNarrow(List<? extends Rule> rules) {
    for (Rule rule : rules) {
      Rule.Scope scope = rule.scope();
      if (scope != Rule.Scope.EACH_CHANGE && scope != Rule.Scope.SKELETON) {
        throw new IllegalArgumentException("rule " + rule.id() + " reads the whole plan (its scope is " + scope
            + "), so it cannot judge a plan as it is read; give it a narrower Rule.scope() or evaluate the whole Plan");
      }
    }
  }

  /** Judges one change with the per-change rules, counts its action and keeps its skeleton if a rule needs one. */
  public void accept(ResourceChange change) {
    counts[change.action().ordinal()]++;
    Plan one = null;
    for (int i : eachChange) {
      Rule rule = rules.get(i);
      if (rule instanceof ChangeRule judge) {
        judged.clear();
        judge.judge(change, operation, judged);
        record(i, judged);
      } else {
        if (one == null) {
          one = Plan.of(List.of(change));
        }
        record(i, rule.evaluate(one, operation));
      }
    }
    if (skeleton != null) {
      skeleton.add(change);
    }
  }

  /**
   * Runs the skeleton rules on the whole plan's facts and returns what every rule found. The
   * blast radius is the one to give a policy: exact level and counts, and every finding when
   * there are at most {@link #POLICY_FINDINGS}, otherwise each rule's examples of each level.
   */
  public Result finish(Map<String, String> bindings, Integer priorResourceCount, boolean knownToExist, String source,
      String digest) {
    if (skeletal.length > 0) {
      List<ResourceChange> changes = skeleton == null ? List.of() : skeleton.list();
      Plan plan = PlanAccess.get().plan(changes, bindings, priorResourceCount, knownToExist, source, digest);
      long[] byAction = new long[counts.length];
      for (int a = 0; a < counts.length; a++) {
        byAction[a] = counts[a];
      }
      for (int i : skeletal) {
        Rule rule = rules.get(i);
        record(i, rule instanceof ActionCountRule counting ? counting.judge(byAction, plan, operation) : rule.evaluate(plan, operation));
      }
    }
    logs.forEach(FindingLog::seal);
    Level level = Level.NONE;
    int total = 0;
    for (FindingLog log : logs) {
      level = Level.max(level, log.worst());
      total += log.total();
    }
    List<Finding> forPolicy = new ArrayList<>();
    if (total <= POLICY_FINDINGS) {
      logs.forEach(log -> log.forEach(forPolicy::add));
    } else {
      for (FindingLog log : logs) {
        for (int l = Level.values().length - 1; l >= 0; l--) {
          forPolicy.addAll(log.examples(Level.values()[l]));
        }
      }
    }
    EnumMap<ChangeAction, Integer> byAction = new EnumMap<>(ChangeAction.class);
    for (ChangeAction a : ChangeAction.values()) {
      if (counts[a.ordinal()] > 0) {
        byAction.put(a, counts[a.ordinal()]);
      }
    }
    BlastRadius radius = new BlastRadius(level, forPolicy, byAction);
    return new Result(level, Collections.unmodifiableMap(byAction), List.copyOf(logs), radius);
  }

  private void record(int rule, List<Finding> found) {
    if (found == null) {
      throw new InvariantViolationException("rule " + rules.get(rule).id() + " returned null instead of a list of findings");
    }
    FindingLog log = logs.get(rule);
    for (int i = 0; i < found.size(); i++) {
      Finding f = found.get(i);
      if (f == null) {
        throw new InvariantViolationException("rule " + rules.get(rule).id() + " returned a null finding");
      }
      log.add(f);
    }
  }

  @Override
  public void close() {
    if (skeleton != null) {
      skeleton.close();
    }
  }
}
