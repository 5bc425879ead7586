package dev.safeops.core;

import dev.safeops.core.internal.ExecutionContext;
import java.util.Optional;

/**
 * The approved execution running on the current thread, if any: set by the {@link
 * GuardedExecutor} only around step 9 (execute), after every check has passed. Guards at
 * the edges (the AWS SDK interceptor) use it to let through exactly what was approved.
 *
 * @param operation the operation being executed
 * @param plan the approved plan
 * @param fencingToken the fencing token of the lock the execution holds
 */
public record ApprovedExecution(Operation operation, Plan plan, long fencingToken) {

  /** The approved execution on this thread, or empty outside one. */
  public static Optional<ApprovedExecution> current() {
    return ExecutionContext.current();
  }
}
