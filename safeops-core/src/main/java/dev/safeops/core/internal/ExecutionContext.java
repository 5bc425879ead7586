package dev.safeops.core.internal;

import dev.safeops.core.ApprovedExecution;
import java.util.Optional;

/** The approved execution on the current thread; set only by the executor around step 9. */
public final class ExecutionContext {
  private static final ThreadLocal<ApprovedExecution> CURRENT = new ThreadLocal<>();

  private ExecutionContext() {}

  public static Optional<ApprovedExecution> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  static void set(ApprovedExecution execution) {
    CURRENT.set(execution);
  }

  static void clear() {
    CURRENT.remove();
  }
}
