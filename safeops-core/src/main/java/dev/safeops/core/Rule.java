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
}
