package dev.safeops.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The verdict of the rules on a plan: the highest level found, every finding, and how many
 * changes of each action the plan holds. Immutable.
 */
public record BlastRadius(Level level, List<Finding> findings, Map<ChangeAction, Integer> counts) {

  public BlastRadius {
    Objects.requireNonNull(level, "level");
    findings = List.copyOf(findings);
    EnumMap<ChangeAction, Integer> c = new EnumMap<>(ChangeAction.class);
    c.putAll(counts);
    counts = Collections.unmodifiableMap(c);
    Level max = findings.stream().map(Finding::level).reduce(Level.NONE, Level::max);
    if (level.compareTo(max) < 0) {
      throw new IllegalArgumentException(
          "blast radius level " + level + " is below its worst finding " + max);
    }
  }

  /** The blast radius of these findings on this plan: the level is the worst finding. */
  public static BlastRadius of(Plan plan, List<Finding> findings) {
    EnumMap<ChangeAction, Integer> counts = new EnumMap<>(ChangeAction.class);
    for (ResourceChange c : plan.changes()) {
      counts.merge(c.action(), 1, Integer::sum);
    }
    Level level = findings.stream().map(Finding::level).reduce(Level.NONE, Level::max);
    return new BlastRadius(level, findings, counts);
  }

  /** How many changes have this action. */
  public int count(ChangeAction action) {
    return counts.getOrDefault(action, 0);
  }
}
