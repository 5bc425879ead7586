package dev.safeops.core;

import java.util.List;

/**
 * One check that turns a plan into findings. Implementations must be stateless and
 * thread-safe, must not mutate anything, and return an empty list when nothing is found.
 * A rule that throws makes the whole evaluation fail, and nothing executes.
 */
public interface Rule {
  /** Stable id, used in findings and in policy reasons, e.g. {@code data.irrecoverable-loss}. */
  String id();

  List<Finding> evaluate(Plan plan, Operation operation);

  /**
   * What of a plan this rule reads. A plan too big to hold (a million Terraform changes) can
   * only be judged by rules that say they need less than the whole plan: such an evaluation
   * runs {@link Scope#EACH_CHANGE} rules on each change as it is read and {@link
   * Scope#SKELETON} rules once at the end on the plan without its attributes, and refuses a
   * rule of {@link Scope#WHOLE_PLAN}. The default, {@code WHOLE_PLAN}, is always correct; a
   * narrower scope is a promise the rule must keep, or such an evaluation finds something
   * other than {@link #evaluate} on the whole plan would.
   */
  default Scope scope() {
    return Scope.WHOLE_PLAN;
  }

  /** How much of a plan a rule reads; see {@link Rule#scope()}. */
  enum Scope {
    /**
     * Each change on its own: the rule's findings on a plan are, in the plan's order, its
     * findings on one-change plans ({@code Plan.of(List.of(change))}, without the plan's
     * bindings or prior resource count) of each of its changes.
     */
    EACH_CHANGE,
    /**
     * The plan's own facts ({@link Plan#priorResourceCount()}, {@link Plan#knownToExist()},
     * {@link Plan#bindings()}, {@link Plan#source()}, {@link Plan#digest()}) and, of each
     * change, only its address, type, provider, action and action reason: never {@code
     * before}, {@code after} or {@code unknownAfter}, which such an evaluation leaves empty.
     */
    SKELETON,
    /** Anything in the plan. */
    WHOLE_PLAN
  }
}
