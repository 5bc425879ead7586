package dev.safeops.core.testing;

import dev.safeops.core.GuardedAction;
import dev.safeops.core.InvariantViolationException;
import dev.safeops.core.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link GuardedAction} that counts its dry runs and executions, answers its dry runs as
 * scripted, and refuses to execute twice. Thread-safe.
 *
 * <pre>{@code
 * CountingAction<String> action = CountingAction.returning("done", plan);
 * executor.execute(operation, action);
 * assertThat(action.executions()).isZero();
 * }</pre>
 *
 * @param <T> the result type
 */
public final class CountingAction<T> implements GuardedAction<T> {

  /** Runs inside {@link #execute}, for tests that observe what happens during execution. */
  @FunctionalInterface
  public interface Body {
    void run(Plan approved) throws Exception;
  }

  /** Supplies the n-th dry run's plan (from 1), or throws. */
  @FunctionalInterface
  public interface DryRuns {
    Plan plan(int n) throws Exception;
  }

  private final String scope;
  private final DryRuns dryRuns;
  private final T result;
  private final Body body;
  private final AtomicInteger dryRunCount = new AtomicInteger();
  private final AtomicInteger executions = new AtomicInteger();
  private final List<Plan> executedPlans = new ArrayList<>();

  private CountingAction(String scope, DryRuns dryRuns, T result, Body body) {
    this.scope = Objects.requireNonNull(scope, "scope");
    this.dryRuns = Objects.requireNonNull(dryRuns, "dryRuns");
    this.result = result;
    this.body = body;
  }

  /** Dry runs always answer {@code plan}; execution returns {@code result}. Scope {@code test/scope}. */
  public static <T> CountingAction<T> returning(T result, Plan plan) {
    return new CountingAction<>("test/scope", n -> plan, result, p -> {});
  }

  /** Dry runs answer as {@code dryRuns} says (it can throw or return null). */
  public static <T> CountingAction<T> withDryRuns(T result, DryRuns dryRuns) {
    return new CountingAction<>("test/scope", dryRuns, result, p -> {});
  }

  /** The same action on another scope. */
  public CountingAction<T> inScope(String scope) {
    return new CountingAction<>(scope, dryRuns, result, body);
  }

  /** The same action, running {@code body} when it executes (it may throw). */
  public CountingAction<T> onExecute(Body body) {
    return new CountingAction<>(scope, dryRuns, result, body);
  }

  @Override
  public String scope() {
    return scope;
  }

  @Override
  public Plan dryRun() throws Exception {
    return dryRuns.plan(dryRunCount.incrementAndGet());
  }

  @Override
  public T execute(Plan approved) throws Exception {
    if (executions.incrementAndGet() > 1) {
      throw new InvariantViolationException("CountingAction on " + scope + " was executed twice; a guarded action executes at most once");
    }
    synchronized (executedPlans) {
      executedPlans.add(approved);
    }
    body.run(approved);
    return result;
  }

  /** How many times the action executed. */
  public int executions() {
    return executions.get();
  }

  /** How many times its dry run was called. */
  public int dryRuns() {
    return dryRunCount.get();
  }

  /** The plans it was executed with. */
  public List<Plan> executedPlans() {
    synchronized (executedPlans) {
      return List.copyOf(executedPlans);
    }
  }
}
