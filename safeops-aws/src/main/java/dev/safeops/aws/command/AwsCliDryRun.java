package dev.safeops.aws.command;

import dev.safeops.core.Plan;
import java.util.List;

/**
 * What {@link AwsCliGuardedActions} needs to guard an AWS CLI call: the matching SDK dry run
 * (describe what the call would change, as a {@link Plan}) and the execution of exactly that
 * call. Wire it to safeops' SDK dry-run planners; implementations must not mutate anything
 * in {@link #dryRun}.
 */
public interface AwsCliDryRun {

  /** True when {@link #dryRun} can describe {@code service:operation}; a call without one is refused. */
  boolean supports(String service, String operation);

  /**
   * The dry run of {@code service:operation} with the CLI's arguments.
   *
   * @param service the SDK service name, e.g. {@code RDS}
   * @param operation the SDK operation name, e.g. {@code DeleteDBInstance}
   * @param arguments the CLI words after the operation, e.g. {@code [--db-instance-identifier, prod]}
   */
  Plan dryRun(String service, String operation, List<String> arguments) throws Exception;

  /** Performs the call the approved plan describes, once; returns text for the agent. */
  String execute(String service, String operation, List<String> arguments, Plan approved) throws Exception;
}
