package dev.safeops.core;

/** The steps of the guarded pipeline, in order. See {@link GuardedExecutor}. */
public enum Step {
  LOCK, DRY_RUN, EVALUATE, POLICY, APPROVAL, BUDGET, VERIFY, AUDIT, EXECUTE, RESULT
}
