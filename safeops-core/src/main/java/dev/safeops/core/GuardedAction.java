package dev.safeops.core;

import java.util.Objects;

/**
 * The thing being guarded. It must say what it would do ({@link #dryRun()}, with no side
 * effects the action controls) and then do exactly that ({@link #execute(Plan)}). There is
 * no way to build one without a dry run.
 *
 * <p>The executor calls {@code dryRun()} twice (once to evaluate, once just before executing
 * to check that nothing changed since approval) and {@code execute} at most once, never
 * retried. An action whose {@code execute} is called a second time by anyone should throw
 * {@link InvariantViolationException}.
 *
 * @param <T> what execution returns
 */
public interface GuardedAction<T> {

  /**
   * The scope the action mutates, e.g. {@code prod/network} or an AWS resource ARN. One
   * mutation at a time runs per scope, and destructive budgets are counted per scope.
   */
  String scope();

  /** What the action would do. Must not return null. */
  Plan dryRun() throws Exception;

  /** Do exactly what {@code approved} says, once. */
  T execute(Plan approved) throws Exception;

  /** The dry-run half of an action, as a lambda. */
  @FunctionalInterface
  interface DryRun {
    Plan plan() throws Exception;
  }

  /** The execution half of an action, as a lambda. */
  @FunctionalInterface
  interface Execution<T> {
    T execute(Plan approved) throws Exception;
  }

  /** An action from two lambdas. */
  static <T> GuardedAction<T> of(String scope, DryRun dryRun, Execution<T> execution) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(dryRun, "dryRun");
    Objects.requireNonNull(execution, "execution");
    return new GuardedAction<>() {
      @Override
      public String scope() {
        return scope;
      }

      @Override
      public Plan dryRun() throws Exception {
        return dryRun.plan();
      }

      @Override
      public T execute(Plan approved) throws Exception {
        return execution.execute(approved);
      }
    };
  }
}
